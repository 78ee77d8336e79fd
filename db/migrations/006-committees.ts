import { type Kysely, sql } from 'kysely';
import { engineOf } from '../dialect.ts';
import { ddl } from './ddl.ts';

// Committee meetings (issue 10): a COTECH or COPRESS meeting records what it presents and, once frozen,
// the figures it showed, verbatim, with their SHA-256. Triggers make a frozen meeting immutable in the
// database itself, whatever code runs against it: a correction is a new meeting.
export async function up(db: Kysely<unknown>): Promise<void> {
  await ddl(db, `CREATE TABLE meetings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('cotech', 'copress')),
    date TEXT NOT NULL,                 -- the meeting's day, YYYY-MM-DD
    title TEXT NOT NULL,
    cohorts TEXT NOT NULL,              -- JSON [{from, to}], 1 to 4 cohorts of years
    schemes TEXT NOT NULL,              -- JSON ["ACCESS", …] for coverage
    basis TEXT NOT NULL CHECK (basis IN ('validated', 'submitted')),
    distance_km REAL NOT NULL,
    disclosure TEXT NOT NULL CHECK (disclosure IN ('public', 'internal')),
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    frozen_at TEXT,
    frozen_by INTEGER REFERENCES users(id),
    content TEXT,                       -- the frozen figures, JSON, exactly the bytes hashed
    sha256 TEXT,
    CHECK ((frozen_at IS NULL) = (content IS NULL) AND (content IS NULL) = (sha256 IS NULL))
  )`);
  await sql`CREATE INDEX meetings_date ON meetings(date)`.execute(db);
  if (engineOf(db) === 'postgres') {
    await sql`CREATE FUNCTION meetings_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'meeting_frozen'; END $$`.execute(db);
    await sql`CREATE TRIGGER meetings_frozen_no_update BEFORE UPDATE ON meetings FOR EACH ROW WHEN (OLD.frozen_at IS NOT NULL)
      EXECUTE FUNCTION meetings_frozen()`.execute(db);
    await sql`CREATE TRIGGER meetings_frozen_no_delete BEFORE DELETE ON meetings FOR EACH ROW WHEN (OLD.frozen_at IS NOT NULL)
      EXECUTE FUNCTION meetings_frozen()`.execute(db);
  } else {
    await sql`CREATE TRIGGER meetings_frozen_no_update BEFORE UPDATE ON meetings WHEN OLD.frozen_at IS NOT NULL
      BEGIN SELECT RAISE(ABORT, 'meeting_frozen'); END`.execute(db);
    await sql`CREATE TRIGGER meetings_frozen_no_delete BEFORE DELETE ON meetings WHEN OLD.frozen_at IS NOT NULL
      BEGIN SELECT RAISE(ABORT, 'meeting_frozen'); END`.execute(db);
  }
  // Secrecy of small numbers: counts below the threshold are not shown outside the Region; the COTECH
  // view applies it unless the Region turns it off.
  await sql`INSERT INTO settings (key, value) VALUES ('small_count_threshold', '3')`.execute(db);
  await sql`INSERT INTO settings (key, value) VALUES ('cotech_disclosure', '"public"')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM settings WHERE key IN ('small_count_threshold', 'cotech_disclosure')`.execute(db);
  await sql`DROP TABLE meetings`.execute(db);
}
