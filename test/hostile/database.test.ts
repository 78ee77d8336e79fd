// Another process holding the database (a backup, a script): writes wait, then answer 503 with nothing
// half-written. Backup while the server writes, restore, and the figures are the same.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChildProcess, spawn } from 'node:child_process';
import SQLite from 'better-sqlite3';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createDatabase } from '../../db/database.ts';
import { loadGeography } from '../../geo/load-geography.ts';
import { createApp } from '../../server/app.ts';
import { testConfig } from '../../server/config.ts';
import { backupDatabase, checkCopy, restoreDatabase } from '../../server/ops/backup.ts';
import { call, sessionFor } from '../helpers/app.ts';
import { A, addAgreement, jsonBody, path } from '../reports/fixtures.ts';

async function fileWorld(busyWaitMs = 400) {
  const dir = await mkdtemp(join(tmpdir(), 'tess-hostile-'));
  const file = join(dir, 'territoires.sqlite');
  const db = await createDatabase(file, { busyWaitMs });
  const deps = { db, config: testConfig({ databasePath: file, dbBusyWaitMs: busyWaitMs }), geo: loadGeography('32') };
  const app = createApp(deps);
  await addAgreement({ app, db, deps }, A, 'ACCESS', '2025-01-01', '2026-12-31');
  const operator = await sessionFor(db, 'operator', A);
  const region = await sessionFor(db, 'region');
  return { dir, file, db, app, operator: operator.headers, region: region.headers };
}

/** Another process that takes the write lock (as a backup or a script would) and holds it until released. */
async function lockHolder(file: string): Promise<{ release(): Promise<void> }> {
  const script = `const db = new (require('better-sqlite3'))(${JSON.stringify(file)}); db.prepare('BEGIN IMMEDIATE').run();
    process.stdout.write('locked\\n'); process.stdin.on('data', () => { db.prepare('ROLLBACK').run(); db.close(); process.exit(0); });`;
  const child: ChildProcess = spawn(process.execPath, ['-e', script], { cwd: join(import.meta.dirname, '..', '..'), stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  return {
    release: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin!.write('go\n');
      }),
  };
}

const Busy = suite('a database held by another process');

Busy('an upload waits for the lock, then answers 503 with Retry-After and stores nothing', async () => {
  const w = await fileWorld(400);
  const outside = await lockHolder(w.file);
  const started = Date.now();
  const replies = await Promise.all(Array.from({ length: 5 }, (_, i) => w.app.request(`${path(A, `2025-Q${(i % 4) + 1}`)}/lines`, {
    method: 'PUT',
    headers: { ...w.operator, 'content-type': 'application/json' },
    body: JSON.stringify(jsonBody(`B-${i}`)),
  })));
  assert.ok(Date.now() - started >= 400, 'it waited for the lock');
  for (const reply of replies) {
    assert.is(reply.status, 503);
    assert.is(reply.headers.get('retry-after'), '5');
    assert.match((await reply.json()).error.message, /Base de données occupée .* rien n’a été enregistré/);
  }
  await outside.release();
  assert.is((await w.db.selectFrom('reports').select('id').execute()).length, 0);
  assert.is((await w.db.selectFrom('report_revisions').select('id').execute()).length, 0);
  // The same request once the lock is gone.
  assert.is((await call(w.app, 'PUT', `${path(A)}/lines`, w.operator, jsonBody('B-1'))).status, 200);
});

Busy('a lock released during the wait lets the upload through', async () => {
  const w = await fileWorld(3000);
  const outside = await lockHolder(w.file);
  setTimeout(() => void outside.release(), 300);
  const reply = await call(w.app, 'PUT', `${path(A)}/lines`, w.operator, jsonBody('B-1'));
  assert.is(reply.status, 200, JSON.stringify(reply.body));
});

Busy('the event loop stays free while a write waits for the lock', async () => {
  const w = await fileWorld(1500);
  // A first upload starts the worker thread, so that the next one reaches the lock within milliseconds.
  assert.is((await call(w.app, 'PUT', `${path(A)}/lines?dryRun=1`, w.operator, jsonBody('B-0'))).status, 200);
  const outside = await lockHolder(w.file);
  let uploadDone = false;
  const upload = call(w.app, 'PUT', `${path(A)}/lines`, w.operator, jsonBody('B-1')).then((reply) => {
    uploadDone = true;
    return reply;
  });
  // The wait is asynchronous: a timer set now fires while the upload still waits. A synchronous busy
  // handler would hold the event loop until the wait ended, and the timer would find the upload finished.
  const pendingWhenTimerFired = await new Promise<boolean>((resolve) => setTimeout(() => resolve(!uploadDone), 300));
  assert.ok(pendingWhenTimerFired, 'the event loop ran while the upload waited for the lock');
  await outside.release();
  assert.is((await upload).status, 200);
});

Busy.run();

const Backup = suite('backup and restore');

Backup('a backup taken while uploads are written is intact, and a restore gives the same figures', async () => {
  const w = await fileWorld();
  const writes: Promise<unknown>[] = [];
  for (let q = 1; q <= 4; q++) {
    writes.push(call(w.app, 'PUT', `${path(A, `2025-Q${q}`)}/lines`, w.operator, jsonBody(...Array.from({ length: 50 }, (_, i) => `B-${q}-${i}`))));
  }
  const copy = join(w.dir, 'copy-during-writes.sqlite');
  const [backup] = await Promise.all([backupDatabase(w.file, copy), ...writes]);
  assert.ok(backup.pages > 0);
  assert.equal(checkCopy(copy).ok, true);

  for (let q = 1; q <= 4; q++) {
    await call(w.app, 'POST', `${path(A, `2025-Q${q}`)}/submit`, w.operator, {});
    await call(w.app, 'POST', `${path(A, `2025-Q${q}`)}/validate`, w.region, {});
  }
  const figures = async (app: typeof w.app, headers: Record<string, string>) =>
    ({ ...(await call(app, 'GET', '/api/v1/figures/targets?from=2025&to=2025', headers)).body, generatedAt: null });
  const before = await figures(w.app, w.region);
  assert.is(before.years[0].beneficiaries.distinct, 200);

  const final = join(w.dir, 'final.sqlite');
  await backupDatabase(w.file, final);
  await backupDatabase(w.file, final).then(
    () => assert.unreachable('a backup never overwrites another'),
    (error: Error) => assert.match(error.message, /existe déjà/),
  );
  const target = join(w.dir, 'restored.sqlite');
  assert.is(restoreDatabase(final, target), null);
  const db = await createDatabase(target);
  const restored = createApp({ db, config: testConfig({ databasePath: target }), geo: loadGeography('32') });
  const region = await sessionFor(db, 'region');
  assert.equal(await figures(restored, region.headers), before);
});

Backup('restore refuses a damaged file or a newer schema, and keeps the replaced database aside', async () => {
  const w = await fileWorld();
  const copy = join(w.dir, 'copy.sqlite');
  await backupDatabase(w.file, copy);
  const newer = new SQLite(copy);
  newer.prepare("INSERT INTO kysely_migration (name, timestamp) VALUES ('999-from-the-future', '2030-01-01')").run();
  newer.close();
  assert.match(checkCopy(copy).ok ? '' : (checkCopy(copy) as { reason: string }).reason, /schéma plus récent/);
  assert.throws(() => restoreDatabase(copy, w.file), /Restauration refusée/);
  const junk = join(w.dir, 'junk.sqlite');
  await import('node:fs/promises').then((fs) => fs.writeFile(junk, 'not a database'));
  assert.equal(checkCopy(junk).ok, false);

  const good = join(w.dir, 'good.sqlite');
  await backupDatabase(w.file, good);
  const kept = restoreDatabase(good, w.file);
  assert.ok(kept?.includes('.replaced-'));
  assert.equal(checkCopy(kept!).ok, true);
});

Backup.run();
