// Where SQLite and PostgreSQL differ, one named adapter per difference (issue 15). The query code calls
// these instead of testing the engine itself; each is exercised on both engines by test/db/dialect.test.ts.
import { type Kysely, PostgresAdapter, type RawBuilder, sql } from 'kysely';

export type Engine = 'sqlite' | 'postgres';

/** Any Kysely instance or transaction, whatever its tables. */
type Queryable = Pick<Kysely<unknown>, 'getExecutor'>;

/**
 * PostgreSQL: every write transaction holds this transaction-scoped advisory lock (db/database.ts), and so
 * do the figures' triggers: one writer at a time across all instances, as SQLite's BEGIN IMMEDIATE gives
 * on one machine. The code was written for that guarantee (read, check, then write in one transaction);
 * readers never take it and never wait.
 */
export const WRITE_LOCK_KEY = 7_365_501;

/** The engine behind a Kysely instance or transaction. */
export function engineOf(db: Queryable): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** The larger of two values of a row: SQLite's scalar max(a, b), PostgreSQL's greatest(a, b). */
export function greatest(db: Queryable, a: RawBuilder<unknown>, b: RawBuilder<unknown>): RawBuilder<number> {
  return engineOf(db) === 'postgres' ? sql<number>`greatest(${a}, ${b})` : sql<number>`max(${a}, ${b})`;
}

/** The length of a JSON array kept in a TEXT column. */
export function jsonArrayLength(db: Queryable, column: RawBuilder<unknown>): RawBuilder<number | null> {
  return engineOf(db) === 'postgres' ? sql<number | null>`json_array_length(${column}::json)` : sql<number | null>`json_array_length(${column})`;
}

/** A one-column table (named `value`) of the strings of a list, sent as one JSON parameter. */
export function textsOf(db: Queryable, values: readonly string[]): RawBuilder<unknown> {
  const json = JSON.stringify(values);
  return engineOf(db) === 'postgres' ? sql`(SELECT value FROM json_array_elements_text(${json}::json) AS t(value))` : sql`(SELECT value FROM json_each(${json}))`;
}

/**
 * The SQL text of a multi-row INSERT with positional parameters, `rows` tuples of `columns`:
 * `?` for SQLite, `$1…$n` for PostgreSQL (whose limit is 65,535 parameters a statement).
 */
export function multiRowInsertSql(engine: Engine, table: string, columns: readonly string[], rows: number): string {
  let n = 0;
  const tuple = () => `(${columns.map(() => (engine === 'postgres' ? `$${++n}` : '?')).join(',')})`;
  return `insert into ${table} (${columns.join(',')}) values ${Array.from({ length: rows }, tuple).join(',')}`;
}

/** `?` placeholders rewritten for the engine (positional parameters of a raw statement). */
export function positional(engine: Engine, text: string): string {
  if (engine === 'sqlite') return text;
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}
