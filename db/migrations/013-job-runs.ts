import { type Kysely, sql } from 'kysely';

// Scheduled jobs run once across instances (issue 15): the instance that inserts a job's row for a slot
// (e.g. 'reminders' × '2026-12-02') runs it; the others see the row and skip. The same on both engines, with
// no lock held while the job runs, and a record of who ran what and when.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE job_runs (
    job TEXT NOT NULL,                  -- 'reminders', 'review_digest'
    slot TEXT NOT NULL,                 -- the run's day in Paris, YYYY-MM-DD
    instance TEXT NOT NULL,             -- host:pid of the instance that ran it
    started_at TEXT NOT NULL,
    finished_at TEXT,
    result TEXT,                        -- JSON: what the run did, or its error
    PRIMARY KEY (job, slot)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE job_runs`.execute(db);
}
