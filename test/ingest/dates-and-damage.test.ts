// Dates people can trust (issue 9): two-digit years as a French LibreOffice saves them, mixed line ends,
// dates out of order, and Excel's rounding of a SIRET explained whatever the file format.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ingestFile } from '../../server/ingest/index.ts';
import { parseDate } from '../../server/ingest/fields.ts';
import { contextFor, errorsOf, fixture, linesOf } from './context.ts';

const Dates = suite('dates in report files');

Dates('a two-digit year of a date in the past takes the century that keeps it in the past, and says so', async () => {
  const result = await ingestFile(fixture('two-digit-years.csv'), 'csv', await contextFor('ACCESS'));
  const lines = linesOf(result);
  assert.equal(lines.map((l) => [l.startDate, l.creationDate]), [
    ['2025-01-15', '1998-05-01'],
    ['2025-02-03', '2024-09-12'],
  ]);
  assert.ok(result.ok);
  const creation = result.warnings.find((w) => w.line === 2 && w.column === 'date_creation');
  assert.match(creation!.message, /année sur 2 chiffres lue comme 1998 \(01\/05\/1998\)/);
});

Dates('parseDate reads 98 as 1998 and 24 as 2024 when the date may not be later than 2025', () => {
  const notAfter = { notAfter: '2025-03-31' };
  assert.is((parseDate('01/05/98', notAfter) as { value: string }).value, '1998-05-01');
  assert.is((parseDate('12/09/24', notAfter) as { value: string }).value, '2024-09-12');
  assert.is((parseDate('31/03/25', notAfter) as { value: string }).value, '2025-03-31');
  assert.is((parseDate('01/04/25', notAfter) as { value: string }).value, '1925-04-01');
  assert.is((parseDate('01/05/98') as { value: string }).value, '2098-05-01'); // no bound: 20yy, with its warning
});

Dates('mixed line ends leave no line break inside the last value', async () => {
  const result = await ingestFile(fixture('mixed-line-endings.csv'), 'csv', await contextFor('ACCESS'));
  const lines = linesOf(result);
  assert.equal(lines.map((l) => l.creationDate), ['1998-05-01', '1999-05-01']);
  for (const issue of result.warnings) assert.not.match(issue.value, /[\r\n]/);
});

Dates('a company created after its support started, or after the quarter, is an error', async () => {
  const errors = errorsOf(await ingestFile(fixture('dates-out-of-order.csv'), 'csv', await contextFor('ACCESS')));
  const creation = errors.find((e) => e.line === 2)!;
  assert.is(creation.column, 'date_creation');
  assert.match(creation.message, /date de création \(01\/03\/2025\) postérieure au début de l’accompagnement \(15\/01\/2025\)/);
  const start = errors.find((e) => e.line === 3)!;
  assert.is(start.column, 'date_debut');
  assert.match(start.message, /commence après la fin du trimestre T1 2025/);
});

Dates.run();

const Damage = suite('Excel damage explained in every format');

Damage('a SIRET Excel rounded to 12345700000000 inside an XLSX gets the explanation the CSV path gives', async () => {
  const errors = errorsOf(await ingestFile(fixture('excel-rounded-siret.xlsx'), 'xlsx', await contextFor('ACCESS')));
  assert.is(errors.length, 1);
  assert.is(errors[0].column, 'siret');
  assert.match(errors[0].message, /converti en nombre par Excel et ses derniers chiffres sont perdus : formatez la colonne en Texte/);
  const csv = errorsOf(await ingestFile(fixture('scientific-siret.csv'), 'csv', await contextFor('ACCESS')));
  assert.is(csv.find((e) => e.column === 'siret')!.message, errors[0].message);
});

Damage.run();
