import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hashSecret, newSecret } from '../../server/auth/tokens.ts';
import { toXlsx } from '../../server/exports/xlsx.ts';
import { call } from '../helpers/app.ts';
import { A, B, createWorld, jsonBody, jsonLine, path, send, uploadClean, type World } from './fixtures.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = 'ref_beneficiaire;type_beneficiaire;code_commune;stade;date_debut;emplois_consolides_etp;emplois_crees_etp';

const Upload = suite<{ world: World }>('report upload');

Upload.before.each(async (context) => {
  context.world = await createWorld();
});

Upload('a clean CSV becomes revision 1 with its lines', async ({ world }) => {
  const csv = `${HEADER}\r\nB-1;porteur_projet;02691;création;15/01/2025;0;1,5\r\nB-2;entreprise;2691;emergence;2025-02-01;2;0\r\n`;
  const response = await send(world, 'PUT', `${path(A)}/lines?filename=T1.csv`, world.opA, csv, 'text/csv');
  assert.is(response.status, 200, JSON.stringify(response.body));
  assert.is(response.body.revision, 1);
  assert.is(response.body.lineCount, 2);
  const lines = (await call(world.app, 'GET', `${path(A)}/lines`, world.opA)).body;
  assert.is(lines.revision, 1);
  assert.equal(lines.lines.map((l: { beneficiary_ref: string }) => l.beneficiary_ref), ['B-1', 'B-2']);
  assert.is(lines.lines[0].jobs_created_fte, 1.5);
  assert.is(lines.lines[1].commune, '02691'); // leading zero Excel lost, repaired
  assert.is(lines.lines[0].line, 2);
  const report = (await call(world.app, 'GET', path(A), world.opA)).body;
  assert.is(report.revisions[0].filename, 'T1.csv');
  assert.is(report.revisions[0].source, 'csv');
  assert.is(report.lineCount, 2);
});

Upload('a reference the operator declared with a SIREN in another quarter is flagged when the SIREN is left out', async ({ world }) => {
  const company = { beneficiary_type: 'entreprise', siret: '44306184100013' };
  const first = await call(world.app, 'PUT', `${path(A)}/lines`, world.opA, { lines: [jsonLine('B-7', company)] });
  assert.is(first.status, 200);
  assert.equal(first.body.warnings, []);

  const body = { lines: [jsonLine('B-7', { beneficiary_type: 'entreprise' }), jsonLine('b-8', { beneficiary_type: 'entreprise', siret: '35600000012346' })] };
  const next = await call(world.app, 'PUT', `${path(A, '2025-Q2')}/lines?dryRun=1`, world.opA, body);
  assert.is(next.status, 200, JSON.stringify(next.body));
  assert.is(next.body.warnings.length, 1);
  assert.is(next.body.warnings[0].line, 1);
  assert.match(next.body.warnings[0].message, /B-7 a été déclarée avec le SIREN 443061841 \(ACCESS T1 2025\)/);

  // Another operator's references are its own: the same reference is not flagged there.
  const other = await call(world.app, 'PUT', `${path(B, '2025-Q2')}/lines?dryRun=1`, world.opB, body);
  assert.equal(other.body.warnings, []);

  // A different SIREN for the same reference is worth a look too.
  const changed = await call(world.app, 'PUT', `${path(A, '2025-Q2')}/lines?dryRun=1`, world.opA, { lines: [jsonLine('b-7', { beneficiary_type: 'entreprise', siret: '35600000012346' })] });
  assert.match(changed.body.warnings[0].message, /était associée au SIREN 443061841/);
});

Upload('an XLSX workbook is accepted', async ({ world }) => {
  const bytes = await toXlsx([
    {
      name: 'Bénéficiaires',
      header: HEADER.split(';'),
      rows: [['B-9', 'porteur_projet', '02691', 'emergence', '2025-03-01', 0, 0]],
    },
  ]);
  const response = await send(world, 'PUT', `${path(A)}/lines`, world.opA, bytes, XLSX);
  assert.is(response.status, 200, JSON.stringify(response.body));
  assert.is(response.body.lineCount, 1);
  const report = (await call(world.app, 'GET', path(A), world.opA)).body;
  assert.is(report.revisions[0].source, 'xlsx');
});

Upload('a browser form sends the file in its "file" field', async ({ world }) => {
  const form = new FormData();
  form.append('file', new File([`${HEADER}\nB-1;porteur_projet;02691;creation;2025-01-15;0;0\n`], 'mon-rapport.csv', { type: 'text/csv' }));
  const response = await world.app.request(`${path(A)}/lines`, { method: 'PUT', headers: world.opA, body: form });
  assert.is(response.status, 200);
  const report = (await call(world.app, 'GET', path(A), world.opA)).body;
  assert.is(report.revisions[0].filename, 'mon-rapport.csv');
  assert.is(report.revisions[0].source, 'csv');
});

Upload('JSON lines with the English names are accepted', async ({ world }) => {
  const response = await call(world.app, 'PUT', `${path(A)}/lines`, world.opA, jsonBody('B-1', 'B-2', 'B-3'));
  assert.is(response.status, 200);
  assert.equal(response.body, { revision: 1, lineCount: 3, declaredEmpty: false, warnings: [], status: 'draft', unchanged: false });
  // Sent with a browser session: the web page's editable table.
  assert.is((await call(world.app, 'GET', path(A), world.opA)).body.revisions[0].source, 'web');
});

Upload('a file with errors is rejected whole, listing every error with line, column, value and message', async ({ world }) => {
  const csv = `${HEADER}\nB-1;porteur_projet;99999;creation;2025-01-15;0;0\nB-2;porteur_projet;02691;creation;2025-01-15;0;0\nB-3;porteur_projet;02691;consolidation;2025-01-15;0;0\n`;
  const response = await send(world, 'PUT', `${path(A)}/lines`, world.opA, csv, 'text/csv');
  assert.is(response.status, 422);
  assert.is(response.body.error.code, 'invalid_report');
  assert.match(response.body.error.message, /Rien n’a été enregistré/);
  const details = response.body.error.details as Array<{ line: number; column: string; value: string; message: string }>;
  assert.ok(details.some((d) => d.line === 2 && d.column === 'code_commune' && d.value === '99999' && d.message.length > 0));
  assert.ok(details.some((d) => d.line === 4 && d.column === 'stade'));
  assert.ok(Array.isArray(response.body.error.rows));
});

Upload('a rejected upload changes nothing: no report is created', async ({ world }) => {
  const response = await call(world.app, 'PUT', `${path(A)}/lines`, world.opA, { lines: [jsonLine('B-1', { commune: '99999' })] });
  assert.is(response.status, 422);
  assert.is((await call(world.app, 'GET', path(A), world.opA)).body.status, 'expected');
  assert.is((await world.db.selectFrom('reports').select('id').execute()).length, 0);
  assert.is((await world.db.selectFrom('report_revisions').select('id').execute()).length, 0);
});

Upload('a rejected upload leaves the draft, its revisions and its lines as they were', async ({ world }) => {
  await uploadClean(world, world.opA, A, 2);
  const before = (await call(world.app, 'GET', path(A), world.opA)).body;
  const response = await call(world.app, 'PUT', `${path(A)}/lines`, world.opA, jsonBody('B-1', 'B-1'));
  assert.is(response.status, 422);
  assert.ok(response.body.error.details.some((d: { column: string }) => d.column === 'beneficiary_ref'), 'duplicate reference reported');
  const after = (await call(world.app, 'GET', path(A), world.opA)).body;
  assert.is(after.status, 'draft');
  assert.is(after.revision, 1);
  assert.is(after.revisions.length, 1);
  assert.is(after.updatedAt, before.updatedAt);
  assert.is((await call(world.app, 'GET', `${path(A)}/lines`, world.opA)).body.lineCount, 2);
});

Upload('the rejected attempt is audited without touching the report', async ({ world }) => {
  await call(world.app, 'PUT', `${path(A)}/lines`, world.opA, { lines: [jsonLine('B-1', { commune: '99999' })] });
  const entries = await world.db.selectFrom('audit_log').selectAll().execute();
  assert.equal(entries.map((e) => e.action), ['report.upload_rejected']);
  assert.is(JSON.parse(entries[0].details).errorCount, 1);
});

Upload('a dry run validates without storing anything', async ({ world }) => {
  const response = await call(world.app, 'PUT', `${path(A)}/lines?dryRun=1`, world.opA, jsonBody('B-1'));
  assert.is(response.status, 200);
  assert.is(response.body.dryRun, true);
  assert.is(response.body.lineCount, 1);
  assert.is((await call(world.app, 'GET', path(A), world.opA)).body.status, 'expected');
  const rejected = await call(world.app, 'PUT', `${path(A)}/lines?dryRun=1`, world.opA, { lines: [jsonLine('B-1', { stage: 'consolidation' })] });
  assert.is(rejected.status, 422);
  assert.is((await world.db.selectFrom('audit_log').select('id').execute()).length, 0);
});

Upload('each clean upload is a new revision and earlier ones stay readable', async ({ world }) => {
  await uploadClean(world, world.opA, A, 2);
  const second = await uploadClean(world, world.opA, A, 5);
  assert.is(second.revision, 2);
  const current = (await call(world.app, 'GET', `${path(A)}/lines`, world.opA)).body;
  assert.is(current.revision, 2);
  assert.is(current.lineCount, 5);
  const first = (await call(world.app, 'GET', `${path(A)}/lines?revision=1`, world.opA)).body;
  assert.is(first.revision, 1);
  assert.is(first.lineCount, 2);
  const report = (await call(world.app, 'GET', path(A), world.opA)).body;
  assert.equal(report.revisions.map((r: { number: number; lineCount: number }) => [r.number, r.lineCount]), [[1, 2], [2, 5]]);
  assert.ok(report.revisions[0].createdBy.startsWith('operator-op-a'));
  assert.is((await call(world.app, 'GET', `${path(A)}/lines?revision=3`, world.opA)).status, 404);
});

Upload('the JSON lines of a revision can be sent back as they are', async ({ world }) => {
  await call(world.app, 'PUT', `${path(A)}/lines`, world.opA, {
    lines: [jsonLine('B-1', { siret: '73282932000074', beneficiary_type: 'entreprise' }), jsonLine('B-2')],
  });
  const first = (await call(world.app, 'GET', `${path(A)}/lines`, world.opA)).body;
  assert.is(first.lines[0].siret, '73282932000074');
  assert.is(first.lines[0].epci_siren, '200071892');
  const again = await call(world.app, 'PUT', `${path(A)}/lines`, world.opA, { lines: first.lines });
  assert.is(again.status, 200, JSON.stringify(again.body));
  const second = (await call(world.app, 'GET', `${path(A)}/lines`, world.opA)).body;
  assert.is(second.revision, 2);
  assert.equal(second.lines, first.lines);
});

Upload('warnings do not block and are kept with the revision', async ({ world }) => {
  const response = await call(world.app, 'PUT', `${path(A)}/lines`, world.opA, { lines: [{ ...jsonLine('B-1'), couleur: 'bleu' }] });
  assert.is(response.status, 200);
  assert.ok(response.body.warnings.length > 0);
  const report = (await call(world.app, 'GET', path(A), world.opA)).body;
  assert.equal(report.warnings, response.body.warnings);
});

Upload('an operator’s own tool uploads and submits with a Bearer API token, without a CSRF token', async ({ world }) => {
  const token = newSecret();
  await world.db
    .insertInto('api_tokens')
    .values({ user_id: world.opAId, name: 'export ERP', token_hash: hashSecret(token), created_at: new Date().toISOString(), last_used_at: null, revoked_at: null })
    .execute();
  const bearer = { authorization: `Bearer ${token}` };
  const csv = `${HEADER}\nB-1;porteur_projet;02691;creation;2025-01-15;0;0\n`;
  assert.is((await send(world, 'PUT', `${path(A)}/lines`, bearer, csv, 'text/csv; charset=utf-8')).status, 200);
  assert.is((await call(world.app, 'PUT', `${path(A)}/lines`, bearer, jsonBody('B-1', 'B-2'))).status, 200);
  assert.equal((await call(world.app, 'POST', `${path(A)}/submit`, bearer)).body, { status: 'submitted' });
  const report = (await call(world.app, 'GET', path(A), world.opA)).body;
  assert.equal(report.revisions.map((r: { source: string }) => r.source), ['csv', 'json']);
});

Upload('a malformed JSON body is refused with 400 and nothing is stored', async ({ world }) => {
  const response = await send(world, 'PUT', `${path(A)}/lines`, world.opA, '{"lines": [', 'application/json');
  assert.is(response.status, 400);
  assert.match(response.body.error.message, /JSON/);
  assert.is((await world.db.selectFrom('reports').select('id').execute()).length, 0);
});

Upload('an unreadable body is refused with 415', async ({ world }) => {
  const response = await send(world, 'PUT', `${path(A)}/lines`, world.opA, new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]), 'application/octet-stream');
  assert.is(response.status, 415);
  assert.match(response.body.error.message, /xlsx/);
});

Upload('no upload for a quarter outside the agreements, nor for one that has not started', async ({ world }) => {
  const outside = await call(world.app, 'PUT', `${path(A, '2024-Q4')}/lines`, world.opA, jsonBody('B-1'));
  assert.is(outside.status, 404);
  assert.match(outside.body.error.message, /Aucune convention/);
  await world.db.updateTable('agreements').set({ end_date: '2099-12-31' }).execute();
  const future = await call(world.app, 'PUT', `${path(A, '2099-Q1')}/lines`, world.opA, jsonBody('B-1'));
  assert.is(future.status, 409);
  assert.match(future.body.error.message, /pas encore commencé/);
});

Upload('a stored report whose agreement was removed stays readable but takes no more uploads', async ({ world }) => {
  await uploadClean(world, world.opA);
  await world.db.deleteFrom('agreements').where('operator_id', '=', A).execute();
  assert.is((await call(world.app, 'GET', path(A), world.opA)).status, 200);
  const upload = await call(world.app, 'PUT', `${path(A)}/lines`, world.opA, jsonBody('B-1'));
  assert.is(upload.status, 409);
  assert.match(upload.body.error.message, /Aucune convention/);
  assert.is((await call(world.app, 'POST', `${path(A)}/submit`, world.opA)).status, 409);
});

Upload('the Region records its own direct aids without an agreement with itself', async ({ world }) => {
  await world.db
    .insertInto('operators')
    .values({ id: 'region-hdf', name: 'Région Hauts-de-France', siren: null, is_region: 1, created_at: new Date().toISOString(), archived_at: null })
    .onConflict((oc) => oc.doNothing()) // a migration may already create it
    .execute();
  const response = await call(world.app, 'PUT', `${path('region-hdf', '2025-Q2', 'BUSINESS')}/lines`, world.region, jsonBody('AIDE-1'));
  assert.is(response.status, 200, JSON.stringify(response.body));
  assert.is((await call(world.app, 'GET', `${path(A, '2025-Q2', 'BUSINESS')}`, world.region)).status, 404, 'an operator needs an agreement');
});

Upload('the period and the scheme are checked', async ({ world }) => {
  const period = await call(world.app, 'GET', path(A, '2025-T1'), world.opA);
  assert.is(period.status, 400);
  assert.match(period.body.error.message, /2025-Q1/);
  const scheme = await call(world.app, 'GET', path(A, '2025-Q1', 'NOPE'), world.opA);
  assert.is(scheme.status, 404);
  assert.match(scheme.body.error.message, /Dispositif inconnu/);
});

Upload.run();

const Limit = suite('report upload size limit');

Limit('an upload over the limit gets 413 with a French message stating the limit', async () => {
  const world = await createWorld({ uploadLimitBytes: 1000 });
  const csv = `${HEADER}\n${Array.from({ length: 40 }, (_, i) => `B-${i};porteur_projet;02691;creation;2025-01-15;0;0`).join('\n')}`;
  const response = await send(world, 'PUT', `${path(A)}/lines`, world.opA, csv, 'text/csv');
  assert.is(response.status, 413);
  assert.is(response.body.error.code, 'payload_too_large');
  assert.match(response.body.error.message, /limite est de 0,98 Ko/);
  assert.is((await world.db.selectFrom('reports').select('id').execute()).length, 0);
});

Limit.run();

const Export = suite<{ world: World }>('report line export');

Export.before.each(async (context) => {
  context.world = await createWorld();
});

Export('lines.csv is for French Excel: BOM, semicolons, neutralised formulas, a telling file name', async ({ world }) => {
  const response = await call(world.app, 'PUT', `${path(A)}/lines`, world.opA, { lines: [jsonLine('=HYPERLINK("x")'), jsonLine('B-2', { jobs_created_fte: 0.5 })] });
  assert.is(response.status, 200, JSON.stringify(response.body));
  const csv = await world.app.request(`${path(A)}/lines.csv`, { headers: world.opA });
  assert.is(csv.status, 200);
  assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
  assert.match(csv.headers.get('content-disposition') ?? '', /beneficiaires-op-a-ACCESS-2025-Q1\.csv/);
  const bytes = new Uint8Array(await csv.arrayBuffer());
  assert.equal([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = new TextDecoder().decode(bytes);
  assert.ok(text.split('\r\n')[0].includes(';'));
  assert.ok(text.includes(`'=HYPERLINK`), 'formula neutralised');
  assert.not.ok(/;=HYPERLINK/.test(text) || /^\uFEFF?=/m.test(text));
  assert.ok(text.includes('0,5'), 'decimal comma');
});

Export('an earlier revision can be exported too', async ({ world }) => {
  await uploadClean(world, world.opA, A, 1);
  await uploadClean(world, world.opA, A, 3);
  const csv = await world.app.request(`${path(A)}/lines.csv?revision=1`, { headers: world.opA });
  assert.match(csv.headers.get('content-disposition') ?? '', /2025-Q1-r1\.csv/);
  const rows = (await csv.text()).trim().split('\r\n');
  assert.is(rows.length, 2);
});

Export('templates come as CSV and XLSX for every logged-in operator or Region user', async ({ world }) => {
  const csv = await world.app.request('/api/v1/templates/ACCESS.csv', { headers: world.opA });
  assert.is(csv.status, 200);
  assert.match(csv.headers.get('content-disposition') ?? '', /attachment/);
  assert.match(await csv.text(), /ref_beneficiaire/);
  const xlsx = await world.app.request('/api/v1/templates/DASESS.xlsx', { headers: world.region });
  assert.is(xlsx.status, 200);
  assert.equal([...new Uint8Array(await xlsx.arrayBuffer()).subarray(0, 2)], [0x50, 0x4b]);
  assert.is((await call(world.app, 'GET', '/api/v1/templates/NOPE.csv', world.opA)).status, 404);
  assert.is((await call(world.app, 'GET', '/api/v1/templates/ACCESS.pdf', world.opA)).status, 400);
});

Export.run();
