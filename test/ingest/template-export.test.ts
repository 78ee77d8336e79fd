import ExcelJS from 'exceljs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ExportLine } from '../../server/ingest/index.ts';
import { buildTemplate, COLUMNS, ingestFile, linesToCsv } from '../../server/ingest/index.ts';
import { contextFor, errorsOf, linesOf, utf8 } from './context.ts';

// The columns every scheme's template has (DASESS adds its eligibility columns, tested apart).
const COMMON = COLUMNS.filter((c) => !c.schemes);
const HEADER = COMMON.map((c) => c.header).join(';');

const template = suite('buildTemplate');

template(
  'gives a French Excel CSV template: BOM, semicolons, the French headers, no example line',
  async () => {
    const file = await buildTemplate('ACCESS', 'csv');
    assert.is(file.filename, 'modele-rapport-access.csv');
    assert.is(file.contentType, 'text/csv; charset=utf-8');
    assert.is(file.body, `\uFEFF${HEADER}\r\n`);
  },
);

template('re-ingests the CSV template once a line is filled in', async () => {
  const file = await buildTemplate('ACCESS', 'csv');
  const filled = `${file.body}T-1;;porteur_projet;en création;02691;;;émergence;06/01/2025;;0;0;;distance;\r\n`;
  const lines = linesOf(await ingestFile(utf8(filled), 'csv', await contextFor('ACCESS')));
  assert.equal(
    lines.map((l) => [l.lineNo, l.beneficiaryRef, l.communeCode, l.stage]),
    [[2, 'T-1', '02691', 'emergence']],
  );
});

template(
  'gives an XLSX template whose data sheet holds only the header, with help and an example on a separate sheet',
  async () => {
    const file = await buildTemplate('DLA', 'xlsx');
    assert.is(file.filename, 'modele-rapport-dla.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.body as Uint8Array) as unknown as ExcelJS.Buffer);
    assert.equal(
      workbook.worksheets.map((ws) => ws.name),
      ['Bénéficiaires', 'Aide'],
    );
    const data = workbook.getWorksheet('Bénéficiaires')!;
    assert.equal(
      (data.getRow(1).values as unknown[]).slice(1),
      COMMON.map((c) => c.header),
    );
    assert.is(data.getColumn(5).numFmt, '@', 'code_commune formatted as Text so that 02691 keeps its zero');
    assert.is(data.getColumn(2).numFmt, '@', 'siret formatted as Text so that Excel keeps all 14 digits');
    const stageColumn = COMMON.findIndex((c) => c.key === 'stage') + 1;
    assert.equal(
      data.getCell(500, stageColumn).dataValidation.formulae,
      ['"développement,consolidation"'],
      'a list of the scheme’s stages',
    );
    const help = workbook.getWorksheet('Aide')!;
    const helpText: string[] = [];
    help.eachRow((row) => helpText.push((row.values as unknown[]).filter(Boolean).join(' | ')));
    assert.ok(helpText.some((t) => t.startsWith('ref_beneficiaire | beneficiary_ref | oui')));
    assert.ok(helpText.some((t) => t.includes('Stades du dispositif DLA | développement, consolidation')));
    assert.ok(helpText.some((t) => t.startsWith('EXEMPLE')));
    // Uploaded unfilled, it is refused as empty rather than read as an example line.
    const errors = errorsOf(await ingestFile(file.body as Uint8Array, 'xlsx', await contextFor('DLA')));
    assert.match(errors[0].message, 'Aucune ligne de bénéficiaire');
  },
);

template('re-ingests the XLSX template once filled in Excel-like cells', async () => {
  const file = await buildTemplate('DLA', 'xlsx');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(file.body as Uint8Array) as unknown as ExcelJS.Buffer);
  const data = workbook.getWorksheet('Bénéficiaires')!;
  const row: Record<string, ExcelJS.CellValue> = {
    beneficiary_ref: 'T-9',
    siret: '44306184100013',
    beneficiary_type: 'entreprise',
    legal_form: 'association',
    commune: '02691',
    stage: 'développement',
    start_date: new Date(Date.UTC(2025, 1, 3)),
    jobs_consolidated_fte: 4.5,
    jobs_created_fte: 1,
  };
  COMMON.forEach((c, i) => {
    if (c.key in row) data.getCell(2, i + 1).value = row[c.key];
  });
  const filled = new Uint8Array(await workbook.xlsx.writeBuffer());
  const result = await ingestFile(filled, 'xlsx', await contextFor('DLA'));
  assert.equal(
    linesOf(result).map((l) => [
      l.lineNo,
      l.beneficiaryRef,
      l.siret,
      l.communeCode,
      l.stage,
      l.startDate,
      l.jobsConsolidatedFte,
    ]),
    [[2, 'T-9', '44306184100013', '02691', 'developpement', '2025-02-03', 4.5]],
  );
  assert.is(result.warnings.length, 0);
});

template.run();

const exportLines = suite('linesToCsv');

const stored: ExportLine = {
  beneficiary_ref: '=cmd|calc',
  siret: '44306184100013',
  siren: '443061841',
  beneficiary_type: 'entreprise',
  legal_form: 'societe_commerciale_ess',
  commune_code: '02691',
  stage: 'creation',
  start_date: '2025-01-15',
  end_date: null,
  jobs_consolidated_fte: 2.5,
  jobs_created_fte: 0,
  amount_eur: null,
  site: 'visite',
  creation_date: '2023-06-01',
};

exportLines(
  'writes a French Excel CSV with the template headers, decimal commas and neutralised formulas',
  () => {
    const text = linesToCsv([
      stored,
      { ...stored, beneficiary_ref: 'B-2', siret: null, siren: '512345679', legal_form: null },
    ]);
    assert.ok(text.startsWith('\uFEFF'), 'UTF-8 BOM for Excel');
    const rows = text.slice(1).split('\r\n');
    assert.is(rows[0], HEADER);
    assert.is(
      rows[1],
      "'=cmd|calc;44306184100013;entreprise;société commerciale de l'ESS;02691;;;création;15/01/2025;;2,5;0;;visite;01/06/2023;",
    );
    assert.is(rows[2].split(';')[1], '512345679', 'the SIREN when no SIRET was given');
    assert.is(rows[3], '');
  },
);

exportLines('produces a file that can be uploaded again unchanged', async () => {
  const text = linesToCsv([{ ...stored, beneficiary_ref: 'B-1' }]);
  const [line] = linesOf(await ingestFile(utf8(text), 'csv', await contextFor('ACCESS')));
  assert.equal(
    [
      line.beneficiaryRef,
      line.siret,
      line.legalForm,
      line.communeCode,
      line.stage,
      line.jobsConsolidatedFte,
      line.site,
      line.creationDate,
    ],
    ['B-1', '44306184100013', 'societe_commerciale_ess', '02691', 'creation', 2.5, 'visite', '2023-06-01'],
  );
});

exportLines.run();
