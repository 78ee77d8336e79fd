import { type Kysely, sql } from 'kysely';
import { engineOf } from '../dialect.ts';
import { ddl } from './ddl.ts';

// A restart no longer re-reads a million facts (issue 14). Two tables:
//   - fig_identities numbers every beneficiary identity once, for good: the mirror's blocks hold these
//     numbers, so a block written to disk by one process means the same to the next (and to another
//     instance on the same database), and the server keeps no dictionary of a million strings.
//   - fig_snapshots holds the mirror's blocks in a compact binary form (server/figures/snapshots.ts), each
//     stamped with the year's version it reflects (and, for facts, the last fig_changes.seq read). A start
//     takes a snapshot of the current version as it is, patches an older one with the changes logged since,
//     and ignores one the log no longer reaches back to or of another format: the block is then read in
//     full, as before.
// Both are derived: dropping their rows loses nothing but the time of one full read.
export async function up(db: Kysely<unknown>): Promise<void> {
  await ddl(db, `CREATE TABLE fig_identities (
    id INTEGER PRIMARY KEY,
    identity TEXT NOT NULL UNIQUE
  )`);
  await sql`INSERT INTO fig_identities (identity) SELECT DISTINCT identity FROM fig_facts ORDER BY identity`.execute(db);
  // Every identity that reaches fig_facts is numbered in the same statement (an upsert that updates an
  // existing fact inserts nothing, so the trigger only runs for a new fact row).
  if (engineOf(db) === 'postgres') {
    // NOT EXISTS first: ON CONFLICT alone would draw a number from the sequence on every new fact row.
    await sql`CREATE FUNCTION fig_facts_identity() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO fig_identities (identity) SELECT NEW.identity
          WHERE NOT EXISTS (SELECT 1 FROM fig_identities WHERE identity = NEW.identity) ON CONFLICT (identity) DO NOTHING;
        RETURN NULL;
      END $$`.execute(db);
    await sql`CREATE TRIGGER fig_facts_identity AFTER INSERT ON fig_facts FOR EACH ROW EXECUTE FUNCTION fig_facts_identity()`.execute(db);
  } else {
    await sql`CREATE TRIGGER fig_facts_identity AFTER INSERT ON fig_facts
      BEGIN INSERT OR IGNORE INTO fig_identities (identity) VALUES (NEW.identity); END`.execute(db);
  }
  await ddl(db, `CREATE TABLE fig_snapshots (
    kind TEXT NOT NULL,                   -- 'facts' (FactStore blocks) or 'lines' (line facts)
    basis INTEGER NOT NULL,               -- 1 = validated; 2 = validated + submitted
    year INTEGER NOT NULL,
    version INTEGER NOT NULL,             -- the version of facts:<year> (fig_versions) the block reflects
    seq INTEGER NOT NULL,                 -- facts: last fig_changes.seq read; lines: 0
    row_count INTEGER NOT NULL,
    header TEXT NOT NULL,                 -- JSON: format, byte order, columns, the block's own dictionaries
    data BLOB NOT NULL,                   -- the columns, deflated
    written_at TEXT NOT NULL,
    PRIMARY KEY (kind, basis, year)
  )`);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE fig_snapshots`.execute(db);
  await sql`DROP TRIGGER fig_facts_identity${sql.raw(engineOf(db) === 'postgres' ? ' ON fig_facts' : '')}`.execute(db);
  if (engineOf(db) === 'postgres') await sql`DROP FUNCTION fig_facts_identity()`.execute(db);
  await sql`DROP TABLE fig_identities`.execute(db);
}
