import { type Kysely, sql } from 'kysely';

// DASESS eligibility (roadmap Part 3 §3a, issue 12): « en activité depuis plus d'un an », « au moins un
// salarié », one of three difficulty criteria, an advance over 12 months. Optional columns of the DASESS
// template, stored with the line, and rules the Region sets as errors or warnings (warnings by default:
// files made before these columns existed do not carry them, and a rule never fires on an empty cell).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE report_lines ADD COLUMN headcount INTEGER`.execute(db);
  await sql`ALTER TABLE report_lines ADD COLUMN difficulty_criteria TEXT`.execute(db);
  await sql`ALTER TABLE report_lines ADD COLUMN advance_term_months INTEGER`.execute(db);
  const rules: Array<[string, object]> = [
    ['min_company_age_years', { years: 1 }],
    ['min_headcount', { min: 1 }],
    ['difficulty_criteria_required', {}],
    ['advance_term_months', { months: 12 }],
  ];
  for (const [rule, params] of rules) {
    await sql`INSERT INTO scheme_rules (scheme, rule, severity, params) VALUES ('DASESS', ${rule}, 'warning', ${JSON.stringify(params)})`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM scheme_rules WHERE scheme = 'DASESS' AND rule IN ('min_company_age_years', 'min_headcount', 'difficulty_criteria_required', 'advance_term_months')`.execute(db);
  for (const column of ['advance_term_months', 'difficulty_criteria', 'headcount']) await sql.raw(`ALTER TABLE report_lines DROP COLUMN ${column}`).execute(db);
}
