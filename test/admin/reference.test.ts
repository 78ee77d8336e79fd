import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { call, createTestApp, sessionFor, type TestApp } from '../helpers/app.ts';

type Ctx = { t: TestApp; region: Record<string, string>; cotech: Record<string, string>; op: Record<string, string> };

const Reference = suite<Ctx>('targets, settings and scheme rules');

Reference.before.each(async (ctx) => {
  ctx.t = await createTestApp();
  ctx.region = (await sessionFor(ctx.t.db, 'region')).headers;
  ctx.cotech = (await sessionFor(ctx.t.db, 'cotech')).headers;
  ctx.op = (await sessionFor(ctx.t.db, 'operator', 'gallee')).headers;
});

Reference('every role reads the yearly targets: 700 beneficiaries and 4,000 jobs by default', async ({ t, op }) => {
  const reply = await call(t.app, 'GET', '/api/v1/targets', op);
  assert.is(reply.status, 200);
  assert.equal(reply.body.default, { beneficiaries: 700, jobsConsolidated: 4000 });
  assert.equal(reply.body.years.find((y: { year: number }) => y.year === 2025), { year: 2025, beneficiaries: 700, jobsConsolidated: 4000, isDefault: false });
  const later = await call(t.app, 'GET', '/api/v1/targets/2031', op);
  assert.equal(later.body, { year: 2031, beneficiaries: 700, jobsConsolidated: 4000, isDefault: true });
});

Reference('the Region sets a year’s targets; others may not', async ({ t, region, cotech }) => {
  const reply = await call(t.app, 'PUT', '/api/v1/targets/2026', region, { beneficiaries: 750, jobsConsolidated: 4200 });
  assert.is(reply.status, 200);
  assert.equal((await call(t.app, 'GET', '/api/v1/targets/2026', cotech)).body, { year: 2026, beneficiaries: 750, jobsConsolidated: 4200, isDefault: false });
  assert.is((await call(t.app, 'PUT', '/api/v1/targets/2026', cotech, { beneficiaries: 1, jobsConsolidated: 1 })).status, 403);
  const entry = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'target.set').executeTakeFirstOrThrow();
  assert.equal(JSON.parse(entry.details), { beneficiaries: { from: 700, to: 750 }, jobsConsolidated: { from: 4000, to: 4200 } });
});

Reference('refuses negative or fractional targets and a year out of range', async ({ t, region }) => {
  assert.is((await call(t.app, 'PUT', '/api/v1/targets/2026', region, { beneficiaries: -1, jobsConsolidated: 4000 })).status, 400);
  assert.is((await call(t.app, 'PUT', '/api/v1/targets/2026', region, { beneficiaries: 700.5, jobsConsolidated: 4000 })).status, 400);
  assert.is((await call(t.app, 'PUT', '/api/v1/targets/1789', region, { beneficiaries: 700, jobsConsolidated: 4000 })).status, 400);
});

Reference('the Region reads and changes the report due delay and default targets', async ({ t, region, op }) => {
  const secrecy = { smallCountThreshold: 3, cotechDisclosure: 'public', expectedCoverageThreshold: 0.8 };
  assert.equal((await call(t.app, 'GET', '/api/v1/settings', region)).body, { reportDueDays: 30, defaultTargets: { beneficiaries: 700, jobsConsolidated: 4000 }, ...secrecy });
  const changed = await call(t.app, 'PATCH', '/api/v1/settings', region, { reportDueDays: 45, defaultTargets: { beneficiaries: 800, jobsConsolidated: 4500 } });
  assert.equal(changed.body, { reportDueDays: 45, defaultTargets: { beneficiaries: 800, jobsConsolidated: 4500 }, ...secrecy });
  assert.equal((await call(t.app, 'GET', '/api/v1/targets/2031', region)).body.beneficiaries, 800);
  const stored = await t.db.selectFrom('settings').select('value').where('key', '=', 'report_due_days').executeTakeFirstOrThrow();
  assert.is(JSON.parse(stored.value), 45);
  assert.is((await call(t.app, 'GET', '/api/v1/settings', op)).status, 403);
  assert.is((await call(t.app, 'PATCH', '/api/v1/settings', region, { reportDueDays: 400 })).status, 400);
  assert.is((await call(t.app, 'PATCH', '/api/v1/settings', region, {})).status, 400);
  assert.is((await t.db.selectFrom('audit_log').select('id').where('action', '=', 'settings.update').execute()).length, 1);
});

Reference('every role lists the schemes with their stages and rules', async ({ t, op }) => {
  const reply = await call(t.app, 'GET', '/api/v1/schemes', op);
  assert.equal(reply.body.slice(0, 4).map((s: { code: string }) => s.code), ['ACCESS', 'DLA', 'FIDESS', 'DASESS']);
  const dasess = reply.body.find((s: { code: string }) => s.code === 'DASESS');
  assert.equal(dasess.stages, ['consolidation']);
  assert.equal(dasess.rules.find((r: { rule: string }) => r.rule === 'amount_range'), { rule: 'amount_range', severity: 'error', params: { min: 5000, max: 100000 }, enabled: true });
  assert.ok(reply.body.some((s: { kind: string }) => s.kind === 'direct_aid'));
});

Reference('the Region turns a rule into a warning, changes its parameters, disables it', async ({ t, region }) => {
  const reply = await call(t.app, 'PATCH', '/api/v1/schemes/DASESS/rules/amount_range', region, { severity: 'warning', params: { min: 3000, max: 120000 } });
  assert.is(reply.status, 200);
  assert.equal(reply.body, { scheme: 'DASESS', rule: 'amount_range', severity: 'warning', params: { min: 3000, max: 120000 }, enabled: true });
  const disabled = await call(t.app, 'PATCH', '/api/v1/schemes/DASESS/rules/amount_range', region, { enabled: false });
  assert.is(disabled.body.enabled, false);
  const row = await t.db.selectFrom('scheme_rules').selectAll().where('scheme', '=', 'DASESS').where('rule', '=', 'amount_range').executeTakeFirstOrThrow();
  assert.equal([row.severity, JSON.parse(row.params), row.enabled], ['warning', { min: 3000, max: 120000 }, 0]);
  assert.is((await t.db.selectFrom('audit_log').select('id').where('action', '=', 'rule.update').execute()).length, 2);
});

Reference('refuses parameters the rule cannot use, saying which', async ({ t, region }) => {
  const range = await call(t.app, 'PATCH', '/api/v1/schemes/DASESS/rules/amount_range', region, { params: { min: 9000, max: 100 } });
  assert.is(range.status, 422);
  assert.match(range.body.error.message, /params\.max — min doit être inférieur ou égal à max/);
  const stages = await call(t.app, 'PATCH', '/api/v1/schemes/ACCESS/rules/allowed_stages', region, { params: { stages: ['naissance'] } });
  assert.is(stages.status, 422);
  assert.match(stages.body.error.message, /Stade attendu parmi/);
});

Reference('refuses a company age in part-years, which the report check could not apply', async ({ t, region }) => {
  const reply = await call(t.app, 'PATCH', '/api/v1/schemes/ACCESS/rules/max_company_age_years', region, { params: { years: 2.5 } });
  assert.is(reply.status, 422);
  assert.match(reply.body.error.message, /params\.years — Nombre entier d’années attendu/);
});

Reference('answers 404 for an unknown rule and 403 to other roles', async ({ t, region, cotech }) => {
  assert.is((await call(t.app, 'PATCH', '/api/v1/schemes/DLA/rules/amount_range', region, { enabled: false })).status, 404);
  assert.is((await call(t.app, 'PATCH', '/api/v1/schemes/DASESS/rules/amount_range', cotech, { enabled: false })).status, 403);
});

Reference.run();
