import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type MigrationProvider, Migrator, SqliteDialect } from 'kysely';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

/** Opens the SQLite database at `path` (':memory:' for tests) with the pragmas the app relies on. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL'); // readers never wait for the writer
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000'); // ms: a second process waits rather than failing at once
  sqlite.pragma('synchronous = NORMAL'); // safe with WAL; fsync at checkpoints only
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema to the latest migration, or throws with the failing migration's name. */
export async function migrateToLatestOrThrow(db: Kysely<unknown>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(`database migration failed${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Opens and migrates: what the server and the tests call. */
export async function createDatabase(path: string): Promise<Db> {
  const db = openDatabase(path);
  await migrateToLatestOrThrow(db as unknown as Kysely<unknown>);
  return db;
}
