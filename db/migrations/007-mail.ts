import { type Kysely, sql } from 'kysely';
import { ddl } from './ddl.ts';

// E-mail (issue 11): an outbox that requests only write to (delivery happens later, retried, and a
// restart never sends a row twice), single-use tokens for invitations and password resets (stored as
// SHA-256, never in clear), and each user's choice of notices.
export async function up(db: Kysely<unknown>): Promise<void> {
  await ddl(db, `CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,                -- invitation, password_reset, reminder, review_digest, report_returned, …
    user_id INTEGER REFERENCES users(id),
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    -- A reminder or digest already queued for this key is never queued again (restarts, second runs).
    dedupe_key TEXT UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT
  )`);
  await sql`CREATE INDEX outbox_due ON outbox(status, next_attempt_at)`.execute(db);
  await ddl(db, `CREATE TABLE user_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users(id),
    purpose TEXT NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
  )`);
  await sql`CREATE INDEX user_tokens_user ON user_tokens(user_id, purpose)`.execute(db);
  await ddl(db, `CREATE TABLE notification_settings (
    user_id INTEGER NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    PRIMARY KEY (user_id, kind)
  )`);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE notification_settings`.execute(db);
  await sql`DROP TABLE user_tokens`.execute(db);
  await sql`DROP TABLE outbox`.execute(db);
}
