import { type Kysely, sql } from 'kysely';
import { engineOf } from '../dialect.ts';

// What the expected coverage (server/figures/equity.ts, issue 13) is computed from: the agreements, their
// capacities and territories, the direct aids' capacities (schemes), the ESS establishments base and the
// threshold (settings). Any change to them bumps fig_versions 'capacities', as migration 003 does for the
// sites: the server then keeps each cohort's expectation until that version moves, instead of reading
// every agreement again on every coverage request (issue 14).
const TABLES = ['agreements', 'agreement_territories', 'schemes', 'ess_establishments', 'settings'];
const BUMP = `INSERT INTO fig_versions (key, version) VALUES ('capacities', 1) ON CONFLICT (key) DO UPDATE SET version = fig_versions.version + 1`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`INSERT INTO fig_versions (key, version) VALUES ('capacities', 1) ON CONFLICT (key) DO NOTHING`).execute(db);
  if (engineOf(db) === 'postgres') {
    await sql.raw(`CREATE FUNCTION fig_capacities_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${BUMP}; RETURN NULL; END $$`).execute(db);
    for (const table of TABLES) {
      await sql.raw(`CREATE TRIGGER fig_${table}_capacities AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION fig_capacities_change()`).execute(db);
    }
    return;
  }
  for (const table of TABLES) {
    for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
      await sql.raw(`CREATE TRIGGER fig_${table}_${event.toLowerCase()}_capacities AFTER ${event} ON ${table} BEGIN ${BUMP}; END`).execute(db);
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (engineOf(db) === 'postgres') {
    for (const table of TABLES) await sql.raw(`DROP TRIGGER fig_${table}_capacities ON ${table}`).execute(db);
    await sql.raw('DROP FUNCTION fig_capacities_change()').execute(db);
  } else {
    for (const table of TABLES) for (const event of ['insert', 'update', 'delete']) await sql.raw(`DROP TRIGGER fig_${table}_${event}_capacities`).execute(db);
  }
  await sql.raw(`DELETE FROM fig_versions WHERE key = 'capacities'`).execute(db);
}
