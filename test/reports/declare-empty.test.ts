// A quarter without any beneficiary is filed by an explicit declaration ({lines: [], declareEmpty: true}):
// it becomes a revision of 0 lines that is submitted and validated like any report, and counts as received.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { computeCompleteness } from '../../server/figures/completeness.ts';
import { call } from '../helpers/app.ts';
import { A, addAgreement, B, createWorld, jsonBody, PERIOD, path, send, uploadClean, type World } from './fixtures.ts';

const DECLARE = { lines: [], declareEmpty: true };

const DeclareEmpty = suite<{ world: World }>('declaring a quarter without any beneficiary');

DeclareEmpty.before.each(async (context) => {
  context.world = await createWorld();
});

const declare = (w: World, who: Record<string, string>, operator = A, body: unknown = DECLARE) =>
  call(w.app, 'PUT', `${path(operator)}/lines`, who, body);
const detail = async (w: World, operator = A) => (await call(w.app, 'GET', path(operator), w.region)).body;
const revisionCount = async (w: World) => (await w.db.selectFrom('report_revisions').select('id').execute()).length;

DeclareEmpty('an operator declares an empty quarter: a draft revision with 0 lines, shown as declared empty', async ({ world }) => {
  const response = await declare(world, world.opA);
  assert.is(response.status, 200);
  assert.equal(response.body, { revision: 1, lineCount: 0, declaredEmpty: true, warnings: [], status: 'draft', unchanged: false });

  const report = await detail(world);
  assert.is(report.status, 'draft');
  assert.is(report.lineCount, 0);
  assert.is(report.declaredEmpty, true);
  assert.is(report.revisions.length, 1);
  assert.is(report.revisions[0].declaredEmpty, true);
  assert.is(report.revisions[0].source, 'web', 'a declaration from a browser session is a web revision');
  assert.ok(report.actions.includes('submit'), 'the declared quarter can be submitted');

  const list = (await call(world.app, 'GET', '/api/v1/reports?year=2025', world.opA)).body;
  const listed = list.find((r: { period: string }) => r.period === PERIOD);
  assert.is(listed.lineCount, 0);
  assert.is(listed.declaredEmpty, true);
  const lines = (await call(world.app, 'GET', `${path(A)}/lines`, world.opA)).body;
  assert.equal(lines, { revision: 1, lineCount: 0, lines: [] });
});

DeclareEmpty('a declared empty quarter is submitted on time, validated by the Region and counted as received', async ({ world }) => {
  // The current quarter (its report not due yet), so that the submission is on time whatever today is.
  const today = new Date().toISOString().slice(0, 10);
  const quarter = Math.ceil(Number(today.slice(5, 7)) / 3);
  const year = Number(today.slice(0, 4));
  const current = path(A, `${year}-Q${quarter}`);
  await addAgreement(world, A, 'DLA', `${year}-01-01`, `${year}-12-31`);
  const dla = current.replace('/ACCESS/', '/DLA/');
  assert.is((await call(world.app, 'PUT', `${dla}/lines`, world.opA, DECLARE)).status, 200);
  const submitted = await call(world.app, 'POST', `${dla}/submit`, world.opA);
  assert.equal(submitted.body, { status: 'submitted' });
  const validated = await call(world.app, 'POST', `${dla}/validate`, world.region);
  assert.equal(validated.body, { status: 'validated' });

  const report = (await call(world.app, 'GET', dla, world.region)).body;
  assert.is(report.status, 'validated');
  assert.is(report.declaredEmpty, true);
  assert.is(report.late, false);

  // Seen once the report is due: received, validated, neither missing nor late.
  const afterDue = `${year + 1}-03-01`;
  const completeness = await computeCompleteness(world.db, year, { operatorId: A, today: afterDue });
  const row = completeness.rows.find((r) => r.period === `${year}-Q${quarter}` && r.scheme === 'DLA')!;
  assert.is(row.isDue, 1);
  assert.is(row.submitted, 1);
  assert.is(row.validated, 1);
  assert.is(row.missing, 0);
  assert.is(row.late, 0);
});

DeclareEmpty('empty lines without the flag are still refused and nothing is stored', async ({ world }) => {
  for (const body of [{ lines: [] }, { lines: [], declareEmpty: false }]) {
    const response = await declare(world, world.opA, A, body);
    assert.is(response.status, 422);
    assert.is(response.body.error.code, 'invalid_report');
    assert.match(response.body.error.message, /"lines" est vide/);
    assert.match(response.body.error.message, /"declareEmpty": true/, 'the refusal says how to declare an empty quarter');
  }
  assert.is((await detail(world)).status, 'expected');
  assert.is(await revisionCount(world), 0);
});

DeclareEmpty('a file with only its header is refused with a message explaining how to declare an empty quarter', async ({ world }) => {
  const csv = 'ref_beneficiaire;type_beneficiaire;code_commune;stade;date_debut;emplois_consolides_etp\r\n';
  const response = await send(world, 'PUT', `${path(A)}/lines`, world.opA, csv, 'text/csv');
  assert.is(response.status, 422);
  assert.match(response.body.error.message, /Aucune ligne de bénéficiaire après l’en-tête/);
  assert.match(response.body.error.message, /Aucun bénéficiaire ce trimestre/);
  assert.is(response.body.error.details.length, 1);
  assert.is(await revisionCount(world), 0);
});

DeclareEmpty('declaring an empty quarter together with lines is refused with a French message', async ({ world }) => {
  const response = await declare(world, world.opA, A, { ...jsonBody('B-1', 'B-2'), declareEmpty: true });
  assert.is(response.status, 422);
  assert.is(response.body.error.code, 'invalid_report');
  assert.match(response.body.error.message, /incompatible avec les 2 lignes envoyées/);
  assert.equal(response.body.error.details, [
    {
      line: 1,
      column: 'declareEmpty',
      value: 'true',
      message:
        'Déclaration « aucun bénéficiaire ce trimestre » incompatible avec les 2 lignes envoyées : envoyez soit les lignes sans "declareEmpty", soit {"lines": [], "declareEmpty": true}',
    },
  ]);
  assert.is(await revisionCount(world), 0);
});

DeclareEmpty('a declareEmpty that is not a boolean is refused', async ({ world }) => {
  const response = await declare(world, world.opA, A, { lines: [], declareEmpty: 'oui' });
  assert.is(response.status, 422);
  assert.match(response.body.error.message, /declareEmpty valant true ou false/);
  assert.is(await revisionCount(world), 0);
});

DeclareEmpty('an operator cannot declare an empty quarter for another operator (404), nothing is stored', async ({ world }) => {
  const response = await declare(world, world.opA, B);
  assert.is(response.status, 404);
  assert.is((await detail(world, B)).status, 'expected');
  assert.is(await revisionCount(world), 0);
});

DeclareEmpty('a COTECH member cannot declare an empty quarter (403)', async ({ world }) => {
  const response = await declare(world, world.cotech);
  assert.is(response.status, 403);
  assert.is(await revisionCount(world), 0);
});

DeclareEmpty('the declaration is audited like an upload, with its source, and a token sends it as json', async ({ world }) => {
  const created = await call(world.app, 'POST', '/api/v1/tokens', world.opA, { name: 'script' });
  assert.is(created.status, 201);
  const bearer = { authorization: `Bearer ${created.body.token}` };
  assert.is((await declare(world, bearer)).status, 200);

  const entries = await world.db.selectFrom('audit_log').selectAll().where('action', '=', 'report.upload').execute();
  assert.is(entries.length, 1);
  const [entry] = entries;
  assert.is(entry.entity_id, `${A}/ACCESS/${PERIOD}`);
  assert.is(entry.user_id, world.opAId);
  assert.ok(entry.report_id);
  assert.ok(entry.revision_id);
  const details = JSON.parse(entry.details);
  assert.is(details.lineCount, 0);
  assert.is(details.declaredEmpty, true);
  assert.is(details.source, 'json');
  assert.is(details.revision, 1);
});

DeclareEmpty('a dry run of the declaration checks it without storing anything', async ({ world }) => {
  const response = await call(world.app, 'PUT', `${path(A)}/lines?dryRun=1`, world.opA, DECLARE);
  assert.is(response.status, 200);
  assert.equal(response.body, { dryRun: true, revision: null, lineCount: 0, declaredEmpty: true, warnings: [] });
  assert.is(await revisionCount(world), 0);
});

DeclareEmpty('a declared empty draft is replaced by a later upload of real lines, and the other way round', async ({ world }) => {
  await declare(world, world.opA);
  await uploadClean(world, world.opA);
  let report = await detail(world);
  assert.is(report.revision, 2);
  assert.is(report.lineCount, 2);
  assert.is(report.declaredEmpty, false);
  assert.equal(
    report.revisions.map((r: { number: number; declaredEmpty: boolean }) => [r.number, r.declaredEmpty]).sort(),
    [
      [1, true],
      [2, false],
    ],
  );

  await declare(world, world.opA);
  report = await detail(world);
  assert.is(report.revision, 3);
  assert.is(report.declaredEmpty, true);
});

DeclareEmpty('a returned declaration goes back to draft on a new one; a submitted report refuses it (409)', async ({ world }) => {
  await declare(world, world.opA);
  await call(world.app, 'POST', `${path(A)}/submit`, world.opA);
  assert.is((await declare(world, world.opA)).status, 409, 'a submitted report is frozen');
  await call(world.app, 'POST', `${path(A)}/return`, world.region, { comment: 'Aucun bénéficiaire ? Vérifiez le suivi de février.' });
  const again = await declare(world, world.opA);
  assert.is(again.status, 200);
  assert.is((await detail(world)).status, 'draft');
});

DeclareEmpty('submitting with nothing uploaded explains how to declare an empty quarter', async ({ world }) => {
  const response = await call(world.app, 'POST', `${path(A)}/submit`, world.opA);
  assert.is(response.status, 422);
  assert.is(response.body.error.code, 'empty_report');
  assert.match(response.body.error.message, /"declareEmpty": true/);
});

DeclareEmpty.run();
