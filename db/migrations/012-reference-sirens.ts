import { type Kysely, sql } from 'kysely';

// An upload is checked against the SIREN its references carried in the operator's other reports
// (server/reports/upload.ts, sirenOfRef). Without this index that read walked every line of the operator's
// current revisions: 50 ms per upload at 500k lines, however small the upload (issue 14). Only lines with a
// SIREN are in it, and it covers the query: lines without one cost nothing.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX report_lines_ref_siren ON report_lines(revision_id, beneficiary_ref, siren) WHERE siren IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX report_lines_ref_siren`.execute(db);
}
