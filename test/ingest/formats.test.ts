import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { detectFormat, ingestFile, ingestJson } from '../../server/ingest/index.ts';
import { detectDelimiter } from '../../server/ingest/read-csv.ts';
import { contextFor, errorsOf, fixture, linesOf, utf8 } from './context.ts';

const csv = suite('ingestFile reads CSV');

csv(
  'reads French Excel CSV: semicolons, Windows-1252, decimal comma, French dates, trailing empty lines',
  async () => {
    const result = await ingestFile(fixture('semicolon-windows1252.csv'), 'csv', await contextFor('ACCESS'));
    const lines = linesOf(result);
    assert.equal(
      lines.map((l) => [
        l.lineNo,
        l.beneficiaryRef,
        l.stage,
        l.startDate,
        l.jobsConsolidatedFte,
        l.jobsCreatedFte,
      ]),
      [
        [2, 'B-001', 'creation', '2025-01-15', 2.5, 1],
        [3, 'B-002', 'emergence', '2025-02-03', 0, 0.5],
        [4, 'B-003', 'emergence', '2024-11-04', 0, 0],
      ],
    );
    assert.is(lines[0].legalForm, 'cooperative', 'the accented "coopérative" decoded from Windows-1252');
    assert.is(lines[0].siret, '44306184100013', 'spaces removed from the SIRET');
    assert.is(lines[0].siren, '443061841');
    assert.is(lines[1].beneficiaryType, 'porteur_projet', '"porteur de projet" accepted');
    assert.is(lines[1].endDate, '2025-03-28');
    assert.is(result.warnings.length, 0);
  },
);

csv('reads UTF-8 with a BOM, commas, quoted decimal commas, points and English headers', async () => {
  const result = await ingestFile(fixture('comma-utf8-bom.csv'), 'csv', await contextFor('DASESS'));
  const lines = linesOf(result);
  assert.equal(
    lines.map((l) => [l.beneficiaryRef, l.jobsConsolidatedFte, l.amountEur]),
    [
      ['D-01', 1.5, 12500],
      ['D-02', 3.25, 100000],
    ],
  );
  assert.is(lines[1].legalForm, 'societe_commerciale_ess');
  assert.is(lines[0].siren, '512345679', 'a 9-digit SIREN is accepted');
  assert.is(lines[0].siret, null);
  assert.equal(
    result.warnings.map((w) => [w.line, w.column, w.message]),
    [[1, 'notes', 'colonne inconnue, ignorée']],
  );
});

csv('detects the separator from the header line, ignoring separators inside quotes', () => {
  assert.is(detectDelimiter('"a;b";"c;d",e,f\n1;2;3'), ',');
  assert.is(detectDelimiter('a;b;c\r\n"1,5";2;3'), ';');
  assert.is(detectDelimiter('a\tb\tc\n'), '\t');
});

csv('numbers lines as the user sees them, blank lines in the middle included', async () => {
  const text =
    'ref_beneficiaire;type_beneficiaire;code_commune;stade;date_debut\r\n\r\nA;porteur_projet;59350;émergence;01/02/2025\r\nA;porteur_projet;59350;émergence;01/02/2025\r\n';
  const errors = errorsOf(await ingestFile(utf8(text), 'csv', await contextFor('ACCESS')));
  assert.equal(
    errors.map((e) => [e.line, e.value]),
    [[4, 'A']],
  );
  assert.match(errors[0].message, 'ligne 3');
});

csv('rejects an empty file and a header without lines, saying why', async () => {
  const empty = errorsOf(await ingestFile(utf8(''), 'csv', await contextFor('ACCESS')));
  assert.equal(
    empty.map((e) => e.line),
    [1],
  );
  assert.match(empty[0].message, 'vide');
  const headerOnly = errorsOf(
    await ingestFile(
      utf8('\uFEFFref_beneficiaire;type_beneficiaire;code_commune;stade;date_debut\r\n\r\n'),
      'csv',
      await contextFor('ACCESS'),
    ),
  );
  assert.equal(
    headerOnly.map((e) => e.line),
    [1],
  );
  assert.match(headerOnly[0].message, 'Aucune ligne de bénéficiaire');
});

csv('explains a row with more fields than the header: an unquoted decimal comma', async () => {
  const text =
    'beneficiary_ref,beneficiary_type,commune,stage,start_date,jobs_consolidated_fte\nA,entreprise,59350,creation,2025-01-06,1,5\n';
  const errors = errorsOf(await ingestFile(utf8(text), 'csv', await contextFor('ACCESS')));
  assert.equal(
    errors.map((e) => [e.line, e.value]),
    [[2, '5']],
  );
  assert.match(errors[0].message, '7 champs pour 6 colonnes');
  assert.match(errors[0].message, 'entre guillemets ("1,5")');
});

csv('reads Excel’s “Unicode text”: UTF-16 with tabs', async () => {
  const text =
    '\uFEFFref_beneficiaire\ttype_beneficiaire\tcode_commune\tstade\tdate_debut\r\nU-1\tporteur_projet\t80021\témergence\t06/01/2025\r\n';
  const bytes = new Uint8Array(Buffer.from(text, 'utf16le'));
  const lines = linesOf(await ingestFile(bytes, 'csv', await contextFor('ACCESS')));
  assert.equal(
    lines.map((l) => [l.beneficiaryRef, l.stage]),
    [['U-1', 'emergence']],
  );
});

csv('explains a quote that is never closed', async () => {
  const text =
    'ref_beneficiaire;type_beneficiaire;code_commune;stade;date_debut\n"A;porteur_projet;59350;émergence;01/02/2025\n';
  const errors = errorsOf(await ingestFile(utf8(text), 'csv', await contextFor('ACCESS')));
  assert.is(errors.length, 1);
  assert.match(errors[0].message, 'guillemet');
});

csv.run();

const xlsx = suite('ingestFile reads XLSX');

xlsx(
  'reads the sheet named Bénéficiaires, not the first, with rich text, formulas, dates and serial dates',
  async () => {
    const result = await ingestFile(fixture('named-sheet.xlsx'), 'xlsx', await contextFor('ACCESS'));
    const lines = linesOf(result);
    assert.equal(
      lines.map((l) => [
        l.lineNo,
        l.beneficiaryRef,
        l.siret,
        l.communeCode,
        l.startDate,
        l.endDate,
        l.jobsConsolidatedFte,
        l.creationDate,
      ]),
      [
        [2, 'X-001', '44306184100013', '02691', '2025-01-15', '2025-03-31', 2, '2023-06-01'],
        [3, 'X-002', null, '59350', '2025-02-20', null, 0, null],
      ],
    );
    assert.equal(
      result.rows[0].values.end_date,
      '31/03/2025',
      'the serial date is shown as a French date in the editable rows',
    );
    assert.equal(
      result.warnings.map((w) => [w.line, w.column, w.value, w.message]),
      [[2, 'Code commune', '2691', 'corrigé en 02691 (zéro initial perdu) : Saint-Quentin']],
    );
  },
);

xlsx('reads the first sheet when none is named Bénéficiaires', async () => {
  const lines = linesOf(await ingestFile(fixture('first-sheet.xlsx'), 'xlsx', await contextFor('ACCESS')));
  assert.equal(
    lines.map((l) => [l.beneficiaryRef, l.communeCode, l.startDate]),
    [['F-1', '80021', '2025-03-03']],
  );
});

xlsx('rejects bytes that are not a workbook with a message', async () => {
  const errors = errorsOf(
    await ingestFile(utf8('PK\u0003\u0004 not really a zip'), 'xlsx', await contextFor('ACCESS')),
  );
  assert.match(errors[0].message, 'XLSX illisible');
});

xlsx.run();

const json = suite('ingestJson');

json(
  'accepts numbers written as text, as the browser sends edited cells, and keeps the file line numbers',
  async () => {
    const body = {
      lines: [
        {
          line: 5,
          beneficiary_ref: 'J-1',
          beneficiary_type: 'entreprise',
          siret: '443 061 841 00013',
          commune: '2691',
          stage: 'consolidation',
          start_date: '01/01/2025',
          jobs_consolidated_fte: '1,5',
          jobs_created_fte: '0',
          amount_eur: '5 000',
        },
        {
          beneficiary_ref: 'J-2',
          beneficiary_type: 'entreprise',
          siret: 512345679,
          commune: '80021',
          stage: 'consolidation',
          start_date: '2025-02-01',
          jobs_consolidated_fte: 2,
          amount_eur: 20000,
          creation_date: null,
        },
      ],
    };
    const result = ingestJson(body, await contextFor('DASESS'));
    const lines = linesOf(result);
    assert.equal(
      lines.map((l) => [
        l.lineNo,
        l.beneficiaryRef,
        l.jobsConsolidatedFte,
        l.amountEur,
        l.communeCode,
        l.siren,
      ]),
      [
        [5, 'J-1', 1.5, 5000, '02691', '443061841'],
        [2, 'J-2', 2, 20000, '80021', '512345679'],
      ],
    );
    assert.equal(
      result.warnings.map((w) => [w.line, w.column]),
      [[5, 'commune']],
    );
  },
);

json('names the JSON field in errors and rejects a body of the wrong shape', async () => {
  const errors = errorsOf(
    ingestJson(
      {
        lines: [
          {
            beneficiary_ref: 'J-1',
            beneficiary_type: 'x',
            commune: '59350',
            stage: 'emergence',
            start_date: '2025-01-01',
          },
        ],
      },
      await contextFor('ACCESS'),
    ),
  );
  assert.equal(
    errors.map((e) => [e.line, e.column, e.value]),
    [[1, 'beneficiary_type', 'x']],
  );
  const shape = errorsOf(ingestJson({ rows: [] }, await contextFor('ACCESS')));
  assert.match(shape[0].message, '{"lines"');
});

json.run();

const detect = suite('detectFormat');

detect('recognises XLSX by its bytes, JSON and CSV by type, name or content, and refuses legacy .xls', () => {
  const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0]);
  assert.is(detectFormat('application/octet-stream', 'rapport.xlsx', zip), 'xlsx');
  assert.is(detectFormat('text/csv', undefined, zip), 'xlsx');
  assert.is(detectFormat('application/json', undefined, utf8('{"lines":[]}')), 'json');
  assert.is(detectFormat('application/vnd.ms-excel', 'rapport.csv', utf8('a;b')), 'csv');
  assert.is(detectFormat(undefined, 'rapport.csv', utf8('a;b')), 'csv');
  assert.is(detectFormat(undefined, undefined, utf8('  {"lines":[]}')), 'json');
  assert.is(detectFormat(undefined, undefined, utf8('ref_beneficiaire;stade')), 'csv');
  assert.is(
    detectFormat('application/vnd.ms-excel', 'rapport.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1])),
    null,
  );
  assert.is(detectFormat(undefined, undefined, new Uint8Array([1, 0, 2, 0, 3])), null);
});

detect.run();
