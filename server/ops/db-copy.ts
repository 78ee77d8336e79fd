// `npm run db:copy -- --from sqlite:FILE --to postgres://…` (issue 15): moves an existing SQLite database to an
// empty PostgreSQL one. Both are first brought to the latest migration; then, in one PostgreSQL transaction,
// the target's reference rows (those the migrations insert) are replaced by every row of every table of
// the source, audit included, ids kept. The figures' facts are not copied: the target's triggers rebuild them
// as the reports and lines arrive, and the copy is then checked: the same row count in every table, the
// same facts row for row, and the same targets figures for every year on both bases. Anything different
// rolls the whole copy back.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { createDatabase, type Db, isPostgresUrl } from '../../db/database.ts';
import { targetsFigures } from '../figures/service.ts';

/**
 * Every table, parents before children (foreign keys), as the migrations create them. A table the source
 * has and this list lacks stops the copy: nothing is left behind silently.
 */
export const COPIED_TABLES = [
  'schemes', 'scheme_rules', 'operators', 'users', 'agreements', 'agreement_territories', 'sites', 'site_schemes',
  'sessions', 'api_tokens', 'reports', 'report_revisions', 'report_lines', 'report_events', 'targets', 'settings',
  'vigilance_zones', 'vigilance_zone_epcis', 'audit_log', 'login_throttle', 'meetings', 'outbox', 'user_tokens',
  'notification_settings', 'ess_establishments', 'job_runs',
] as const;
/**
 * Derived by the triggers (facts, their versions and change log, identity numbers), written by the server
 * (snapshots of its mirror, which the target's server writes anew) or fixed by migration 003 (bases).
 */
const DERIVED_TABLES = new Set(['fig_facts', 'fig_changes', 'fig_versions', 'fig_bases', 'fig_identities', 'fig_snapshots', 'kysely_migration', 'kysely_migration_lock']);

const BATCH_ROWS = 500;

export interface CopyReport {
  tables: Array<{ table: string; rows: number }>;
  facts: number;
  yearsChecked: number[];
}

type AnyDb = Kysely<Record<string, Record<string, unknown>>>;
const loose = (db: Db) => db as unknown as AnyDb;

async function tablesOf(db: Db): Promise<string[]> {
  const tables = await db.introspection.getTables();
  return tables.map((t) => t.name);
}

async function countRows(db: Db, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
  return Number(rows[0].n);
}

/** Every facts row of a database, as comparable text, in one order. */
async function factsOf(db: Db): Promise<string[]> {
  const { rows } = await sql<Record<string, unknown>>`SELECT basis, year, identity, scheme, operator_id, epci_siren, first_quarter, last_key,
      jobs_q1, jobs_q2, jobs_q3, jobs_q4, jobs_created, line_count FROM fig_facts`.execute(db);
  return rows.map((r) => JSON.stringify(Object.values(r).map((v) => (typeof v === 'number' ? Number(v) : v)))).sort();
}

/** A figures answer as comparable text, without the moment it was computed. */
export const figuresOf = ({ generatedAt: _at, ...figures }: { generatedAt?: string }): string => JSON.stringify(figures);

export async function copyDatabase(sqliteFile: string, postgresUrl: string, log: (line: string) => void = () => {}): Promise<CopyReport> {
  if (!existsSync(sqliteFile)) throw new Error(`Base SQLite introuvable : ${sqliteFile}`);
  if (!isPostgresUrl(postgresUrl)) throw new Error(`Adresse PostgreSQL attendue (postgres://…), reçu « ${postgresUrl} »`);
  const source = await createDatabase(sqliteFile);
  const target = await createDatabase(postgresUrl);
  try {
    const sourceTables = (await tablesOf(source)).filter((t) => !DERIVED_TABLES.has(t));
    const unknown = sourceTables.filter((t) => !(COPIED_TABLES as readonly string[]).includes(t));
    if (unknown.length > 0) throw new Error(`Tables inconnues de la copie : ${unknown.join(', ')} (server/ops/db-copy.ts, COPIED_TABLES)`);
    for (const table of ['reports', 'users', 'audit_log']) {
      if ((await countRows(target, table)) > 0) throw new Error(`La base PostgreSQL n’est pas vide (table ${table}) : la copie se fait dans une base neuve.`);
    }

    const report: CopyReport = { tables: [], facts: 0, yearsChecked: [] };
    await target.transaction().execute(async (trx) => {
      // The rows the migrations inserted (schemes, rules, targets, settings, zones, the Region operator)
      // give way to the source's own, which may have been edited since.
      for (const table of [...COPIED_TABLES].reverse()) await sql`DELETE FROM ${sql.table(table)}`.execute(trx);
      await sql`DELETE FROM fig_facts`.execute(trx);
      await sql`DELETE FROM fig_changes`.execute(trx);
      await sql`DELETE FROM fig_versions`.execute(trx);
      await sql`DELETE FROM fig_snapshots`.execute(trx);
      await sql`INSERT INTO fig_versions (key, version) VALUES ('sites', 1)`.execute(trx);

      for (const table of COPIED_TABLES) {
        let rows = 0;
        let batch: Record<string, unknown>[] = [];
        const flush = async () => {
          if (batch.length === 0) return;
          await loose(trx as Db).insertInto(table).values(batch).execute();
          rows += batch.length;
          batch = [];
        };
        // Reports first point at revisions not copied yet (no foreign key there): the triggers count each
        // line as it arrives, as they did when the lines were first stored.
        for await (const row of loose(source).selectFrom(table).selectAll().stream(BATCH_ROWS)) {
          batch.push(row);
          if (batch.length >= BATCH_ROWS) await flush();
        }
        await flush();
        // An identity key (migrations/ddl.ts) continues after the copied ids; the catalogue says which tables have one.
        const { rows: identity } = await sql<{ sequence: string | null }>`SELECT pg_get_serial_sequence(${table}, 'id') AS sequence
          FROM information_schema.columns WHERE table_name = ${table} AND column_name = 'id'`.execute(trx);
        if (identity[0]?.sequence && rows > 0) {
          await sql`SELECT setval(${identity[0].sequence}, (SELECT max(id) FROM ${sql.table(table)}))`.execute(trx);
        }
        report.tables.push({ table, rows });
        log(`  ${table.padEnd(24)} ${rows} lignes`);
      }

      // Checks, inside the transaction: a difference throws and nothing is kept.
      for (const { table, rows } of report.tables) {
        const there = await countRows(trx as Db, table);
        if (there !== rows || (await countRows(source, table)) !== rows) throw new Error(`Copie incomplète de ${table} : ${rows} lignes lues, ${there} écrites`);
      }
      const [before, after] = [await factsOf(source), await factsOf(trx as Db)];
      const firstDifference = before.findIndex((row, i) => row !== after[i]);
      if (before.length !== after.length || firstDifference >= 0) {
        throw new Error(`Les faits des chiffres diffèrent après la copie (${before.length} dans SQLite, ${after.length} dans PostgreSQL${firstDifference >= 0 ? `, d’abord ${before[firstDifference]}` : ''})`);
      }
      report.facts = before.length;
    });

    // The figures themselves, through the code that serves them, from the committed copy.
    const years = (await source.selectFrom('reports').select('year').distinct().orderBy('year').execute()).map((r) => r.year);
    for (const year of years) {
      for (const basis of ['validated', 'submitted'] as const) {
        const params = { basis, from: year, to: year, operatorId: null, today: '2100-01-01' };
        const [a, b] = [figuresOf(await targetsFigures(source, params)), figuresOf(await targetsFigures(target, params))];
        if (a !== b) throw new Error(`Chiffres ${year} (${basis}) différents après la copie`);
      }
      report.yearsChecked.push(year);
    }
    return report;
  } finally {
    await source.destroy();
    await target.destroy();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const from = option('--from');
  const to = option('--to');
  if (!from?.startsWith('sqlite:') || !to) {
    console.error('Usage : npm run db:copy -- --from sqlite:FICHIER --to postgres://utilisateur:motdepasse@hôte:5432/base');
    process.exit(2);
  }
  try {
    console.log(`Copie de ${from} vers PostgreSQL…`);
    const report = await copyDatabase(resolve(from.slice('sqlite:'.length)), to, (line) => console.log(line));
    const total = report.tables.reduce((sum, t) => sum + t.rows, 0);
    console.log(`Copie vérifiée : ${total} lignes dans ${report.tables.length} tables, ${report.facts} faits identiques, chiffres identiques pour ${report.yearsChecked.length} année(s).`);
  } catch (error) {
    console.error(`Copie annulée : ${(error as Error).message}`);
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
