import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import {
  CompiledQuery,
  type DatabaseConnection,
  type QueryResult,
  Kysely,
  type MigrationProvider,
  Migrator,
  SqliteAdapter,
  type SqliteDialectConfig,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Dialect,
  PostgresDialect,
  type PostgresDialectConfig,
  PostgresDriver,
  type TransactionSettings,
} from 'kysely';
import { WRITE_LOCK_KEY } from './dialect.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export interface DatabaseOptions {
  /**
   * How long a transaction waits for another process's write lock (a backup, a script) before giving up
   * with DatabaseBusyError, ms. Waiting is done by retrying, so the event loop stays free meanwhile.
   */
  busyWaitMs?: number;
  /** PostgreSQL: connections kept by this process (default 10) */
  poolSize?: number;
}

/** Another process held the write lock for longer than the wait allowed: nothing was written. */
export class DatabaseBusyError extends Error {
  constructor(readonly waitedMs: number) {
    super(`database is locked by another connection (waited ${waitedMs} ms)`);
  }
}

// better-sqlite3 is synchronous: its own busy handler would sleep on the event loop and stall every user.
// A short one covers single statements outside transactions; transactions retry BEGIN IMMEDIATE asynchronously.
const STATEMENT_BUSY_TIMEOUT_MS = 100;

const isBusy = (error: unknown) => typeof (error as { code?: unknown })?.code === 'string' && (error as { code: string }).code.startsWith('SQLITE_BUSY');

// Prepared statements kept per SQL text. The app's queries are a few hundred distinct texts; preparing a
// 1,000-row insert costs as much as a third of running it (issue 14's profile).
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite connection prepares every query anew; this one keeps the prepared statements, least
 * recently used dropped first. SQLite re-prepares a kept statement itself when the schema changes.
 */
class StatementCachingConnection implements DatabaseConnection {
  readonly #statements = new Map<string, SQLite.Statement>();

  constructor(private readonly sqlite: SQLite.Database) {}

  #prepare(sql: string): SQLite.Statement {
    let statement = this.#statements.get(sql);
    if (statement) this.#statements.delete(sql);
    else {
      statement = this.sqlite.prepare(sql);
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) this.#statements.delete(this.#statements.keys().next().value!);
    }
    this.#statements.set(sql, statement);
    return statement;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.#prepare(compiledQuery.sql);
    const parameters = compiledQuery.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  // Streaming keeps its statement busy until the iteration ends: a statement of its own, never cached.
  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    for (const row of this.sqlite.prepare(compiledQuery.sql).iterate(compiledQuery.parameters as unknown[])) yield { rows: [row as R] };
  }
}

/**
 * Write transactions take the write lock when they begin (BEGIN IMMEDIATE): a deferred transaction that
 * upgrades to a write midway fails at once with SQLITE_BUSY, whatever the busy timeout, and could not be retried.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  readonly #connection: StatementCachingConnection;

  constructor(
    config: SqliteDialectConfig & { database: SQLite.Database },
    private readonly busyWaitMs: number,
  ) {
    super(config);
    this.#connection = new StatementCachingConnection(config.database);
  }

  // The parent's acquireConnection waits for the single connection's mutex; what it hands out is ours.
  override async acquireConnection(): Promise<DatabaseConnection> {
    await super.acquireConnection();
    return this.#connection;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'));
        return;
      } catch (error) {
        const waited = Date.now() - started;
        if (!isBusy(error)) throw error;
        if (waited >= this.busyWaitMs) throw new DatabaseBusyError(waited);
        await sleep(Math.min(10 * 2 ** attempt, 250, this.busyWaitMs - waited));
      }
    }
  }
}

class ImmediateSqliteDialect implements Dialect {
  constructor(
    private readonly config: SqliteDialectConfig & { database: SQLite.Database },
    private readonly busyWaitMs: number,
  ) {}
  createDriver = () => new ImmediateSqliteDriver(this.config, this.busyWaitMs);
  createQueryCompiler = () => new SqliteQueryCompiler();
  createAdapter = () => new SqliteAdapter();
  createIntrospector = (db: Kysely<unknown>) => new SqliteIntrospector(db);
}

// --- PostgreSQL ------------------------------------------------------------------------------------

// Every write transaction holds the transaction-scoped advisory lock WRITE_LOCK_KEY (db/dialect.ts).
const LOCK_NOT_AVAILABLE = '55P03';

/** Counts (bigint) and sums of integers (numeric) come back as numbers, as they do from SQLite. */
const NUMERIC_TYPES = new Set([20 /* int8 */, 1700 /* numeric */]);
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    NUMERIC_TYPES.has(oid) ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text'),
};

class SerializedPostgresDriver extends PostgresDriver {
  constructor(
    config: PostgresDialectConfig,
    private readonly busyWaitMs: number,
  ) {
    super(config);
  }

  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await super.beginTransaction(connection, settings);
    try {
      await connection.executeQuery(CompiledQuery.raw(`set local lock_timeout = ${Math.max(1, Math.round(this.busyWaitMs))}`));
      await connection.executeQuery(CompiledQuery.raw('select pg_advisory_xact_lock($1)', [WRITE_LOCK_KEY]));
    } catch (error) {
      await connection.executeQuery(CompiledQuery.raw('rollback'));
      if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE) throw new DatabaseBusyError(this.busyWaitMs);
      throw error;
    }
  }
}

class SerializedPostgresDialect extends PostgresDialect {
  constructor(
    private readonly settings: PostgresDialectConfig,
    private readonly busyWaitMs: number,
  ) {
    super(settings);
  }
  override createDriver = () => new SerializedPostgresDriver(this.settings, this.busyWaitMs);
}

/** A `postgres://` or `postgresql://` address selects PostgreSQL; anything else is an SQLite file. */
export const isPostgresUrl = (location: string): boolean => /^postgres(ql)?:\/\//i.test(location);

function openPostgres(url: string, options: DatabaseOptions): Db {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types });
  // An idle connection the server dropped (a restart, a failover) must not end the process.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new SerializedPostgresDialect({ pool }, options.busyWaitMs ?? 5000) });
}

// --- Either --------------------------------------------------------------------------------------

/** Opens the database at `location`: a PostgreSQL address, else an SQLite file (':memory:' for tests). */
export function openDatabase(location: string, options: DatabaseOptions = {}): Db {
  return isPostgresUrl(location) ? openPostgres(location, options) : openSqlite(location, options);
}

/** Opens the SQLite database at `path` (':memory:' for tests) with the pragmas the app relies on. */
function openSqlite(path: string, options: DatabaseOptions): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL'); // readers never wait for the writer
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${STATEMENT_BUSY_TIMEOUT_MS}`);
  sqlite.pragma('synchronous = NORMAL'); // safe with WAL; fsync at checkpoints only
  return new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }, options.busyWaitMs ?? 5000) });
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

/** Opens and migrates: what the server and the tests call. `location`: see openDatabase. */
export async function createDatabase(location: string, options: DatabaseOptions = {}): Promise<Db> {
  const db = openDatabase(location, options);
  await migrateToLatestOrThrow(db as unknown as Kysely<unknown>);
  return db;
}

/** The names of the migrations this code knows, in order (restore refuses a database migrated further). */
export const KNOWN_MIGRATIONS: readonly string[] = Object.keys(migrations);

export { isBusy as isDatabaseBusy };
