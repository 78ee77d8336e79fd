// The database a test gets: SQLite in memory, or, when TERRITOIRES_DATABASE_URL names a PostgreSQL server
// (`.ci/run`'s second pass, issue 15), a database of its own on that server, cloned from a template migrated
// once per run (CREATE DATABASE … TEMPLATE: a few tens of ms, against seconds for the migrations).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDatabase, type Db, isPostgresUrl, openDatabase } from '../../db/database.ts';

/** The PostgreSQL server the suite runs against, or null for SQLite. */
export const TEST_POSTGRES_URL: string | null = process.env.TERRITOIRES_DATABASE_URL && isPostgresUrl(process.env.TERRITOIRES_DATABASE_URL) ? process.env.TERRITOIRES_DATABASE_URL : null;
export const TEST_ENGINE = TEST_POSTGRES_URL ? 'postgres' : 'sqlite';

const PREFIX = `tess_test_${process.pid}`;
let template: Promise<string> | null = null;
let serial = 0;

/** The address of database `name` on the test server. */
export function postgresUrlOf(name: string): string {
  const url = new URL(TEST_POSTGRES_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL! });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const name = `${PREFIX}_template`;
    await admin(async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${name}`);
      await client.query(`CREATE DATABASE ${name}`);
    });
    const db = await createDatabase(postgresUrlOf(name), { poolSize: 1 });
    await db.destroy();
    return name;
  })();
  return template;
}

/** A new, empty PostgreSQL database (migrated), its address; dropped with dropPostgresDatabase. */
export async function newPostgresDatabase(): Promise<{ name: string; url: string }> {
  const source = await migratedTemplate();
  const name = `${PREFIX}_${++serial}`;
  await admin((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${source}`));
  return { name, url: postgresUrlOf(name) };
}

/**
 * Drops a test database. An autovacuum worker may be connected for a moment (and FORCE may not end it: it is
 * not ours), so it is tried a few times; one left behind is removed with the throw-away cluster.
 */
export async function dropPostgresDatabase(name: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name}`));
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
    }
  }
}

/**
 * A fresh migrated database for one test. On PostgreSQL, destroying it drops it too (a test that forgets
 * leaves it to the throw-away cluster).
 */
export async function freshDatabase(): Promise<Db> {
  if (!TEST_POSTGRES_URL) return createDatabase(':memory:');
  const { name, url } = await newPostgresDatabase();
  const db = openDatabase(url, { poolSize: 4 });
  const destroy = db.destroy.bind(db);
  db.destroy = async () => {
    await destroy();
    await dropPostgresDatabase(name);
  };
  return db;
}

/**
 * A database several handles can open (a restart, a second instance): an SQLite file in a directory of its
 * own, or a PostgreSQL database. `remove` deletes it once every handle is destroyed.
 */
export async function sharedDatabase(): Promise<{ location: string; remove: () => Promise<void> }> {
  if (TEST_POSTGRES_URL) {
    const { name, url } = await newPostgresDatabase();
    return { location: url, remove: () => dropPostgresDatabase(name) };
  }
  const dir = mkdtempSync(join(tmpdir(), 'tess-shared-'));
  return { location: join(dir, 'territoires.sqlite'), remove: async () => rmSync(dir, { recursive: true, force: true }) };
}
