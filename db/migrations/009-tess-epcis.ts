import { type Kysely, sql } from 'kysely';

// TESS supports EPCIs drawing up an ESS action plan (roadmap Part 3 §3a), not companies: a TESS line names
// the supported EPCI by its SIREN (issue 12). Its lines are counted apart from the 700 beneficiaries
// (server/figures/targets.ts, EPCI_SCHEME).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`INSERT INTO scheme_rules (scheme, rule, severity, params) VALUES ('TESS', 'epci_beneficiary', 'error', '{}')`.execute(db);
  await sql`UPDATE schemes SET description = 'Territoires de l’ESS : soutien aux EPCI qui élaborent un plan d’action pour l’ESS (50 000 € sur 24 mois) ; compté en EPCI, hors des 700 bénéficiaires' WHERE code = 'TESS'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM scheme_rules WHERE scheme = 'TESS' AND rule = 'epci_beneficiary'`.execute(db);
}
