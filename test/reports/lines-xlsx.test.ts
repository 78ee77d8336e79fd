// The lines' XLSX export (issue 9): what a person opens in Excel or LibreOffice, read back here.
import ExcelJS from 'exceljs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { call } from '../helpers/app.ts';
import { A, createWorld, jsonLine, path, send, type World } from './fixtures.ts';

const Export = suite<{ world: World }>('lines XLSX export');

Export.before.each(async (context) => {
  context.world = await createWorld();
});

Export('keeps codes as text, dates as dates, French headers and labels, and uploads back unchanged', async ({ world }) => {
  const lines = [jsonLine('B-1', { commune: '02691', creation_date: '2024-09-12', beneficiary_type: 'entreprise', siret: '44306184100013' }), jsonLine('B-2', { jobs_created_fte: 1.5 })];
  assert.is((await call(world.app, 'PUT', `${path(A)}/lines`, world.opA, { lines })).status, 200);
  const response = await world.app.request(`${path(A)}/lines.xlsx`, { headers: world.opA });
  assert.is(response.status, 200);
  assert.match(response.headers.get('content-disposition')!, /beneficiaires-op-a-ACCESS-2025-Q1\.xlsx/);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  const sheet = workbook.getWorksheet('Bénéficiaires')!;
  const header = (sheet.getRow(1).values as unknown[]).slice(1);
  const at = (row: number, name: string) => sheet.getRow(row).getCell(header.indexOf(name) + 1);
  assert.ok(header.includes('code_commune') && header.includes('date_debut'));
  assert.is(at(2, 'code_commune').value, '02691');
  assert.is(at(2, 'siret').value, '44306184100013');
  assert.ok(at(2, 'date_debut').value instanceof Date);
  assert.is(at(2, 'date_debut').numFmt, 'dd/mm/yyyy');
  assert.is((at(2, 'date_debut').value as Date).toISOString().slice(0, 10), '2025-01-15');
  assert.is(at(2, 'stade').value, 'création');
  assert.is(at(3, 'emplois_crees_etp').value, 1.5);

  const again = await send(world, 'PUT', `${path(A)}/lines`, world.opA, bytes, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.is(again.status, 200, JSON.stringify(again.body));
  const diff = (await call(world.app, 'GET', `${path(A)}/diff`, world.opA)).body;
  assert.equal(diff.counts, { added: 0, removed: 0, changed: 0, unchanged: 2 });
});

Export.run();
