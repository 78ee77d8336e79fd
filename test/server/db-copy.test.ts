// `npm run db:copy` (issue 15): the demo database, seeded in SQLite, copied into an empty PostgreSQL database
// by the command itself, gives the same rows and the same figures. Needs a PostgreSQL server: it runs in the
// suite's PostgreSQL pass (`.ci/run`, TERRITOIRES_DATABASE_URL), and says it is skipped otherwise.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createDatabase } from '../../db/database.ts';
import { loadGeography } from '../../geo/load-geography.ts';
import { testConfig } from '../../server/config.ts';
import { seedDemoDataIfEmpty } from '../../server/demo/seed-demo.ts';
import { targetsFigures } from '../../server/figures/service.ts';
import { figuresOf } from '../../server/ops/db-copy.ts';
import { dropPostgresDatabase, newPostgresDatabase, TEST_POSTGRES_URL } from '../helpers/database.ts';

const ROOT = join(import.meta.dirname, '..', '..');

if (!TEST_POSTGRES_URL) {
  test('db:copy (skipped: no PostgreSQL server, TERRITOIRES_DATABASE_URL unset)', () => {});
} else {
  test('db:copy of the demo database into an empty PostgreSQL one: same rows, same figures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tess-copy-'));
    const file = join(dir, 'demo.sqlite');
    const geo = loadGeography('32');
    const sqlite = await createDatabase(file);
    await seedDemoDataIfEmpty({ db: sqlite, config: testConfig({ databasePath: file, demo: true }), geo });
    await sqlite.destroy();
    const target = await newPostgresDatabase();
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'server', 'ops', 'db-copy.ts'), '--from', `sqlite:${file}`, '--to', target.url], { encoding: 'utf8', cwd: ROOT });
      assert.is(run.status, 0, run.stderr);
      assert.match(run.stdout, /Copie vérifiée/);

      const [from, to] = [await createDatabase(file), await createDatabase(target.url)];
      for (const table of ['report_lines', 'audit_log', 'users', 'meetings', 'sites']) {
        const count = async (db: typeof from) => Number((await db.selectFrom(table as 'users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
        assert.is(await count(to), await count(from), table);
        assert.ok((await count(from)) > 0, `the demo has ${table}`);
      }
      const params = { basis: 'validated' as const, from: 2024, to: 2026, operatorId: null, today: '2100-01-01' };
      assert.is(figuresOf(await targetsFigures(to, params)), figuresOf(await targetsFigures(from, params)));
      // A new row after the copy gets the next id, not one already copied.
      const last = await to.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow();
      const added = await to.insertInto('audit_log').values({ at: new Date().toISOString(), user_id: null, action: 'test', entity: 'test', entity_id: null, details: '{}' }).returning('id').executeTakeFirstOrThrow();
      assert.is(added.id, Number(last.id) + 1);

      // A second copy into the same (no longer empty) database is refused, and changes nothing.
      const again = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'server', 'ops', 'db-copy.ts'), '--from', `sqlite:${file}`, '--to', target.url], { encoding: 'utf8', cwd: ROOT });
      assert.is(again.status, 1);
      assert.match(again.stderr, /n’est pas vide/);
      await from.destroy();
      await to.destroy();
    } finally {
      await dropPostgresDatabase(target.name);
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test.run();
