import { type Kysely, sql } from 'kysely';

// The Region's direct aids' terms, as the roadmap states them (Part 3 §3a), as scheme rules the Region can
// edit like the operator schemes' (issue 12). Amount ceilings are errors (the aid cannot exceed them); the
// conditions on the company are warnings (a file may be right where the rule's simple reading is not).
const rules: Array<[scheme: string, rule: string, severity: 'error' | 'warning', params: object]> = [
  // BUSIN'ESS: up to 20,000 €, for the creation of at least 0.8 FTE.
  ['BUSINESS', 'amount_range', 'error', { min: 0, max: 20000 }],
  ['BUSINESS', 'min_jobs_created', 'warning', { min: 0.8 }],
  // INV'ESS: in the first three years after the company's creation.
  ['INVESS', 'max_company_age_years', 'warning', { years: 3 }],
  // INSO: up to 20,000 € for operating and/or 20,000 € for investment, for a company over 36 months old.
  ['INSO', 'amount_range', 'error', { min: 0, max: 40000 }],
  ['INSO', 'min_company_age_years', 'warning', { years: 3 }],
  // COTE: 60,000 € over 24 months.
  ['COTE', 'amount_range', 'error', { min: 0, max: 60000 }],
  // TZCLD: up to 20,000 € + 20,000 €.
  ['TZCLD', 'amount_range', 'error', { min: 0, max: 40000 }],
  // TESS: 50,000 € over 24 months, to an EPCI.
  ['TESS', 'amount_range', 'error', { min: 0, max: 50000 }],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [scheme, rule, severity, params] of rules) {
    await sql`INSERT INTO scheme_rules (scheme, rule, severity, params) VALUES (${scheme}, ${rule}, ${severity}, ${JSON.stringify(params)})`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [scheme, rule] of rules) await sql`DELETE FROM scheme_rules WHERE scheme = ${scheme} AND rule = ${rule}`.execute(db);
}
