import { type Kysely, sql } from 'kysely';

// The Region records its six direct aids like a scheme whose operator is the Region itself
// (DOMAIN.md): that operator must exist in every database, demo or not. Id shared with the demo seed.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`INSERT INTO operators (id, name, siren, is_region, is_demo, created_at, archived_at)
    VALUES ('region-hdf', 'Région Hauts-de-France', NULL, 1, 0, '2024-01-01T00:00:00.000Z', NULL)
    ON CONFLICT (id) DO UPDATE SET is_region = 1`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Only when nothing refers to it: reports of direct aids keep it otherwise.
  await sql`DELETE FROM operators WHERE id = 'region-hdf'
    AND NOT EXISTS (SELECT 1 FROM reports WHERE operator_id = 'region-hdf')
    AND NOT EXISTS (SELECT 1 FROM agreements WHERE operator_id = 'region-hdf')`.execute(db);
}
