// Two application instances on one database (issue 15), as behind a load balancer: two `node dist/main.js`
// processes (the compiled server of `npm start`), on PostgreSQL when the suite runs against it, else on one
// SQLite file (two processes on one machine). What one instance writes, the other's figures show; login
// limits hold across both; a daily job due at start runs on one of them only.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createDatabase, type Db } from '../../db/database.ts';
import { loadGeography } from '../../geo/load-geography.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import { buildServer, SERVER_DIST } from '../../server/build.ts';
import { addOperator, sessionFor } from '../helpers/app.ts';
import { freePort } from '../helpers/ports.ts';
import { dropPostgresDatabase, newPostgresDatabase, TEST_ENGINE } from '../helpers/database.ts';
import { startSmtp, type TestSmtp } from '../mail/smtp.ts';

const OPERATOR = 'op-deux-instances';
const PASSWORD = 'Instances-Deux-2026!';
const EMAIL = 'operateur@deux-instances.example';

interface World {
  db: Db;
  location: string;
  cleanup: () => Promise<void>;
  smtp: TestSmtp;
  servers: Array<{ process: ChildProcess; base: string }>;
}
const world = {} as World;

async function waitForHealth(base: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${base} did not start`);
}

test.before(async () => {
  if (TEST_ENGINE === 'postgres') {
    const { name, url } = await newPostgresDatabase();
    world.location = url;
    world.cleanup = () => dropPostgresDatabase(name);
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'tess-instances-'));
    world.location = join(dir, 'shared.sqlite');
    world.cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  world.db = await createDatabase(world.location);
  await addOperator(world.db, OPERATOR);
  await world.db.insertInto('agreements').values({ operator_id: OPERATOR, scheme: 'ACCESS', start_date: '2020-01-01', end_date: '2030-12-31', created_at: new Date().toISOString() }).execute();
  // A user who logs in by password (the throttling case), and whom the reminders reach.
  await world.db
    .insertInto('users')
    .values({ email: EMAIL, password_hash: await hashPassword(PASSWORD), role: 'operator', operator_id: OPERATOR, created_at: new Date().toISOString(), locked_until: null, disabled_at: null })
    .execute();
  world.smtp = await startSmtp();

  await buildServer();
  const ports = [await freePort(), await freePort()];
  world.servers = [0, 1].map((i) => {
    const port = ports[i];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      TERRITOIRES_DEMO: '0',
      TERRITOIRES_ADMIN_PASSWORD: 'Quatre-Chevaux-Bleus-2026',
      TERRITOIRES_SMTP_URL: world.smtp.url,
      TERRITOIRES_REMINDERS_AT: '00:00', // due at once: both instances find today's run to do at start
      NODE_ENV: 'production',
    };
    delete env.TERRITOIRES_DATABASE_URL;
    if (TEST_ENGINE === 'postgres') env.TERRITOIRES_DATABASE_URL = world.location;
    else env.TERRITOIRES_DB = world.location;
    const child = spawn(process.execPath, [join(SERVER_DIST, 'main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    return { process: child, base: `http://127.0.0.1:${port}` };
  });
  await Promise.all(world.servers.map((s) => waitForHealth(s.base)));
});

test.after(async () => {
  for (const server of world.servers ?? []) server.process.kill();
  await Promise.all((world.servers ?? []).map((s) => new Promise((resolve) => (s.process.exitCode !== null ? resolve(null) : s.process.once('exit', resolve)))));
  await world.smtp?.close();
  await world.db?.destroy();
  await world.cleanup?.();
});

async function send(base: string, method: string, path: string, headers: Record<string, string>, body?: string, contentType = 'application/json') {
  const response = await fetch(`${base}${path}`, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': contentType }) }, body });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

test(`an upload and a validation on one instance are in the other's figures within 1 s (${TEST_ENGINE})`, async () => {
  const [a, b] = world.servers;
  const operator = await sessionFor(world.db, 'operator', OPERATOR);
  const region = await sessionFor(world.db, 'region');
  const targets = '/api/v1/figures/targets?from=2025&to=2025&basis=validated';
  const before = await send(b.base, 'GET', targets, region.headers);
  assert.is(before.status, 200);
  assert.is(before.body.years[0].beneficiaries.distinct, 0);

  const communes = [...loadGeography('32').communes.keys()];
  const csv = `ref_beneficiaire;type_beneficiaire;code_commune;stade;date_debut;emplois_consolides_etp\r\n${[0, 1, 2, 3, 4].map((i) => `DI-${i};entreprise;${communes[i * 97]};creation;2025-02-1${i};2`).join('\r\n')}\r\n`;
  const path = `/api/v1/reports/${OPERATOR}/ACCESS/2025-Q1`;
  assert.is((await send(a.base, 'PUT', `${path}/lines`, operator.headers, csv, 'text/csv')).status, 200);
  assert.is((await send(a.base, 'POST', `${path}/submit`, operator.headers, '{}')).status, 200);
  assert.is((await send(a.base, 'POST', `${path}/validate`, region.headers)).status, 200);
  const validatedAt = Date.now();

  let seen = -1;
  while (Date.now() - validatedAt < 1000) {
    seen = (await send(b.base, 'GET', targets, region.headers)).body.years[0].beneficiaries.distinct;
    if (seen === 5) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.is(seen, 5, 'the other instance shows the 5 validated beneficiaries within 1 s');
  assert.is((await send(b.base, 'GET', targets, region.headers)).body.years[0].jobsConsolidated, 10);
});

test(`30 concurrent wrong passwords spread over both instances lock the account at the limit (${TEST_ENGINE})`, async () => {
  const attempts = Array.from({ length: 30 }, (_, i) =>
    send(world.servers[i % 2].base, 'POST', '/api/v1/session', {}, JSON.stringify({ email: EMAIL, password: `faux-${i}` })),
  );
  const statuses = (await Promise.all(attempts)).map((r) => r.status);
  assert.is(statuses.filter((s) => s === 401).length, 5, `5 refusals, then locked: ${statuses.join(',')}`);
  assert.is(statuses.filter((s) => s === 429).length, 25);
  // Locked on both: even the right password waits.
  for (const server of world.servers) {
    assert.is((await send(server.base, 'POST', '/api/v1/session', {}, JSON.stringify({ email: EMAIL, password: PASSWORD }))).status, 429);
  }
  const locks = await world.db.selectFrom('audit_log').select('id').where('action', '=', 'user.lock').execute();
  assert.is(locks.length, 1, 'one lock, audited once');
});

test(`a reminders run due at start runs once across the two instances (${TEST_ENGINE})`, async () => {
  const runs = await world.db.selectFrom('job_runs').selectAll().where('job', '=', 'reminders').execute();
  assert.is(runs.length, 1);
  const [run] = runs;
  const pids = world.servers.map((s) => String(s.process.pid));
  assert.ok(pids.includes(run.instance.split(':').pop()!), `run by one of the two instances (${run.instance})`);
  assert.ok(run.finished_at, 'the run finished');
  const queued = JSON.parse(run.result!).queued as number;
  assert.ok(queued >= 1, 'the operator has a report in a reminder window');
  const reminders = await world.db.selectFrom('outbox').select('dedupe_key').where('kind', '=', 'reminder').execute();
  assert.is(reminders.length, queued, 'every reminder queued once');
});

test(`an instance told to stop writes the figure snapshots due, then exits in order (${TEST_ENGINE})`, async () => {
  const [a] = world.servers;
  const region = await sessionFor(world.db, 'region');
  await world.db.deleteFrom('fig_snapshots').execute();
  // Reading the figures brings the 2025 blocks up to date: their snapshots are due a few seconds later.
  assert.is((await send(a.base, 'GET', '/api/v1/figures/targets?from=2025&to=2025&basis=submitted', region.headers)).status, 200);
  const exited = new Promise<number | null>((resolve) => a.process.once('exit', (code) => resolve(code)));
  a.process.kill('SIGTERM');
  assert.is(await exited, 0);
  const written = await world.db.selectFrom('fig_snapshots').select(['kind', 'basis', 'year']).where('year', '=', 2025).execute();
  assert.equal(written.map((w) => `${w.kind}:${w.basis}`).sort(), ['facts:2', 'lines:2']);
});

test.run();
