// Reminders, digests and workflow notices through a real SMTP server (issue 11), on a controllable clock:
// seven days before the due date, on it, then weekly while late; none after submission; none twice across
// a restart (a new process on the same database file); a returned report's notice with the Region's comment
// cleaned of beneficiary references; each kind turned off in « Mon compte ».
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createDatabase } from '../../db/database.ts';
import { loadGeography } from '../../geo/load-geography.ts';
import { createApp } from '../../server/app.ts';
import { testConfig } from '../../server/config.ts';
import { reminderWindow, runReminders, runReviewDigest } from '../../server/mail/reminders.ts';
import { mailServiceFor } from '../../server/mail/service.ts';
import { addAgreement } from '../reports/fixtures.ts';
import { call, sessionFor, type TestApp } from '../helpers/app.ts';
import { startSmtp, type TestSmtp } from './smtp.ts';

const Reminders = suite<{ smtp: TestSmtp; file: string }>('reminders, digests and workflow notices (real SMTP server)');

Reminders.before.each(async (ctx) => {
  ctx.smtp = await startSmtp();
  ctx.file = join(mkdtempSync(join(tmpdir(), 'tess-mail-')), 'db.sqlite');
});

Reminders.after.each(async (ctx) => {
  await ctx.smtp.close();
});

/** One process of the application on the database file: a restart is a second call. */
async function start(ctx: { smtp: TestSmtp; file: string }): Promise<TestApp> {
  const db = await createDatabase(ctx.file);
  const config = testConfig({ smtpUrl: ctx.smtp.url, publicUrl: 'https://ess.region.example', databasePath: ctx.file });
  const deps = { db, config, geo: loadGeography('32') };
  return { app: createApp(deps), db, deps };
}

const keys = async (t: TestApp) => (await t.db.selectFrom('outbox').select('dedupe_key').where('kind', '=', 'reminder').orderBy('id').execute()).map((r) => r.dedupe_key!.replace(/^reminder:\d+:/, ''));
const deliver = async (t: TestApp) => {
  mailServiceFor(t.db, t.deps.config).kick();
  await mailServiceFor(t.db, t.deps.config).idle();
};

Reminders('windows: due − 7 days, due day, weekly while late, up to twelve weeks', () => {
  assert.is(reminderWindow('2025-04-30', '2025-04-22'), null);
  assert.equal(reminderWindow('2025-04-30', '2025-04-23')?.key, 'before');
  assert.equal(reminderWindow('2025-04-30', '2025-04-30')?.key, 'due');
  assert.equal(reminderWindow('2025-04-30', '2025-05-06')?.key, 'due');
  assert.equal(reminderWindow('2025-04-30', '2025-05-07')?.key, 'late-1');
  assert.equal(reminderWindow('2025-04-30', '2025-05-14')?.key, 'late-2');
  assert.is(reminderWindow('2025-04-30', '2025-08-01'), null);
});

Reminders('an operator is reminded before, on and after the due date, once each, never after submitting, never twice after a restart', async (ctx) => {
  let t = await start(ctx);
  await addAgreement(t, 'gallee', 'ACCESS', '2025-01-01', '2025-12-31');
  const operator = await sessionFor(t.db, 'operator', 'gallee', 'camille@gallee.example');
  const config = t.deps.config;
  assert.is(await runReminders(t.db, config, '2025-04-22'), 0);
  assert.is(await runReminders(t.db, config, '2025-04-23'), 1);
  assert.is(await runReminders(t.db, config, '2025-04-24'), 0, 'the same window the next day: nothing new');
  await deliver(t);
  const [before] = await ctx.smtp.waitFor(1);
  assert.match(before.subject ?? '', /ACC'ESS T1 2025 attendu le 30\/04\/2025/);
  assert.match(before.text ?? '', /https:\/\/ess\.region\.example\/rapports\/gallee\/ACCESS\/2025-Q1/);
  assert.match(before.text ?? '', /dans sept jours/);
  // A restart: another process on the same file runs the same day again, and the next days.
  await t.db.destroy();
  t = await start(ctx);
  assert.is(await runReminders(t.db, config, '2025-04-23'), 0);
  assert.is(await runReminders(t.db, config, '2025-04-30'), 1);
  assert.is(await runReminders(t.db, config, '2025-05-07'), 1);
  assert.is(await runReminders(t.db, config, '2025-05-08'), 0);
  await deliver(t);
  const mails = await ctx.smtp.waitFor(3);
  assert.match(mails[1].subject ?? '', /attendu aujourd’hui/);
  assert.match(mails[2].subject ?? '', /en retard/);
  assert.match(mails[2].text ?? '', /il y a une semaine/);
  // Submitted: no more reminders for it.
  await call(t.app, 'PUT', '/api/v1/reports/gallee/ACCESS/2025-Q1/lines', operator.headers, { lines: [], declareEmpty: true });
  assert.is((await call(t.app, 'POST', '/api/v1/reports/gallee/ACCESS/2025-Q1/submit', operator.headers, {})).status, 200);
  assert.is(await runReminders(t.db, config, '2025-05-14'), 0);
  assert.equal(await keys(t), ['gallee/ACCESS/2025-Q1:before', 'gallee/ACCESS/2025-Q1:due', 'gallee/ACCESS/2025-Q1:late-1']);
  for (const mail of mails) assert.not.match(`${mail.text}${mail.html}`, /B-\d|beneficiary|ref_beneficiaire/);
  await t.db.destroy();
});

Reminders('an operator who turned reminders off gets none; the choice is in « Mon compte »', async (ctx) => {
  const t = await start(ctx);
  await addAgreement(t, 'gallee', 'ACCESS', '2025-01-01', '2025-12-31');
  const operator = await sessionFor(t.db, 'operator', 'gallee', 'camille@gallee.example');
  const before = await call(t.app, 'GET', '/api/v1/account/notifications', operator.headers);
  assert.equal(before.body.notifications.map((n: { kind: string; enabled: boolean }) => [n.kind, n.enabled]), [['report_reminders', true], ['workflow_notices', true]]);
  assert.is((await call(t.app, 'PATCH', '/api/v1/account/notifications', operator.headers, { report_reminders: false })).status, 200);
  assert.is((await call(t.app, 'PATCH', '/api/v1/account/notifications', operator.headers, { review_digest: true })).status, 422);
  assert.is((await call(t.app, 'PATCH', '/api/v1/account/notifications', operator.headers, { nope: true })).status, 400);
  assert.is((await call(t.app, 'PATCH', '/api/v1/account/notifications', operator.headers, { report_reminders: 'non' })).status, 400);
  assert.is(await runReminders(t.db, t.deps.config, '2025-04-30'), 0);
  await t.db.destroy();
});

Reminders('a returned report notifies the operator with the comment, without the beneficiary references it quoted', async (ctx) => {
  const t = await start(ctx);
  await addAgreement(t, 'gallee', 'ACCESS', '2025-01-01', '2025-12-31');
  const operator = await sessionFor(t.db, 'operator', 'gallee', 'camille@gallee.example');
  const region = await sessionFor(t.db, 'region', null, 'claire@region.example');
  const line = { beneficiary_ref: 'GAL-0042', beneficiary_type: 'porteur_projet', commune: '02691', stage: 'creation', start_date: '2025-01-15', jobs_consolidated_fte: 0, jobs_created_fte: 1 };
  await call(t.app, 'PUT', '/api/v1/reports/gallee/ACCESS/2025-Q1/lines', operator.headers, { lines: [line] });
  await call(t.app, 'POST', '/api/v1/reports/gallee/ACCESS/2025-Q1/submit', operator.headers, {});
  const returned = await call(t.app, 'POST', '/api/v1/reports/gallee/ACCESS/2025-Q1/return', region.headers, { comment: 'La commune de GAL-0042 semble erronée.' });
  assert.is(returned.status, 200);
  await deliver(t);
  const [notice] = await ctx.smtp.waitFor(1);
  assert.is(notice.to && 'text' in notice.to ? notice.to.text : '', 'camille@gallee.example');
  assert.match(notice.subject ?? '', /renvoyé/);
  assert.match(notice.text ?? '', /La commune de \[réf\. retirée\] semble erronée/);
  assert.not.match(`${notice.text}${notice.html}`, /GAL-0042/);
  // The Region reviewers get the weekly digest of what waits; one per week whatever the runs.
  await call(t.app, 'PUT', '/api/v1/reports/gallee/ACCESS/2025-Q1/lines', operator.headers, { lines: [line] });
  await call(t.app, 'POST', '/api/v1/reports/gallee/ACCESS/2025-Q1/submit', operator.headers, {});
  assert.is(await runReviewDigest(t.db, t.deps.config, '2025-05-05'), 1);
  assert.is(await runReviewDigest(t.db, t.deps.config, '2025-05-06'), 0);
  await deliver(t);
  const mails = await ctx.smtp.waitFor(2);
  const digest = mails.find((m) => /à examiner/.test(m.subject ?? ''))!;
  assert.match(digest.text ?? '', /gallee — ACC'ESS T1 2025/);
  assert.match(digest.text ?? '', /\/region\/revue/);
  // Submitted notices go only to reviewers who asked for them.
  assert.is(mails.filter((m) => /a soumis/.test(m.subject ?? '')).length, 0);
  await t.db.destroy();
});

Reminders.run();
