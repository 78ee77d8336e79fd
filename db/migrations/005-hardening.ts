import { type Kysely, sql } from 'kysely';

// Hardening (issue 8): login throttling counters live in the database (atomic, shared by every instance
// and by concurrent requests), and revisions remember what they were made from so that a retried upload
// is recognised instead of stored twice.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,            -- 'address:<ip>', 'email:<address without an account>', 'device:<nonce>'
    attempts INTEGER NOT NULL,       -- failures (and attempts in flight) since window_start
    window_start TEXT NOT NULL,
    locked_until TEXT
  )`.execute(db);
  await sql`ALTER TABLE report_revisions ADD COLUMN content_sha256 TEXT`.execute(db);
  await sql`ALTER TABLE report_revisions ADD COLUMN idempotency_key TEXT`.execute(db);
  await sql`CREATE INDEX report_revisions_idempotency ON report_revisions(report_id, idempotency_key)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX report_revisions_idempotency`.execute(db);
  await sql`ALTER TABLE report_revisions DROP COLUMN idempotency_key`.execute(db);
  await sql`ALTER TABLE report_revisions DROP COLUMN content_sha256`.execute(db);
  await sql`DROP TABLE login_throttle`.execute(db);
}
