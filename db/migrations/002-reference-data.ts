import { type Kysely, sql } from 'kysely';

// Reference data as the roadmap 2024–2028 sets it (../shared/DOMAIN.md). Region staff edit it
// afterwards through the API; this migration only provides the defaults.
const schemes: Array<[code: string, name: string, kind: string, stages: string[], description: string]> = [
  ['ACCESS', "ACC'ESS", 'operator', ['emergence', 'creation'],
    "Accompagnement à la création d'entreprises de l'ESS, avant et pendant les 3 premières années"],
  ['DLA', 'DLA', 'operator', ['developpement', 'consolidation'],
    "Dispositif local d'accompagnement des employeurs de l'ESS (État, Banque des Territoires, Région)"],
  ['FIDESS', 'FIDESS', 'operator', ['emergence'],
    "Étude de faisabilité de 6 à 9 mois d'une nouvelle activité créatrice d'emplois"],
  ['DASESS', 'DASESS', 'operator', ['consolidation'],
    'Avance remboursable à 0 % de 5 000 à 100 000 € pour les entreprises de l’ESS en difficulté'],
  // The Region's six direct aids count toward the same yearly targets (DOMAIN.md); the Region is their operator.
  ['BUSINESS', "BUSIN'ESS", 'direct_aid', ['creation', 'developpement'], 'Aide directe de la Région'],
  ['INVESS', "INV'ESS", 'direct_aid', ['developpement', 'consolidation'], 'Aide directe de la Région'],
  ['INSO', 'INSO', 'direct_aid', ['emergence', 'creation', 'developpement'], 'Innovation sociale, aide directe'],
  ['COTE', 'COTE', 'direct_aid', ['emergence', 'creation', 'developpement', 'consolidation'], 'Aide directe de la Région'],
  ['TZCLD', 'TZCLD', 'direct_aid', ['emergence', 'creation', 'developpement'], 'Territoires zéro chômeur de longue durée'],
  ['TESS', 'TESS', 'direct_aid', ['emergence', 'creation', 'developpement', 'consolidation'], "Territoires de l'ESS"],
];

// Scheme rules: each an error (blocks an upload) or a warning (shown, does not block).
const rules: Array<[scheme: string, rule: string, severity: 'error' | 'warning', params: object]> = [
  ['ACCESS', 'allowed_stages', 'error', { stages: ['emergence', 'creation'] }],
  ['DLA', 'allowed_stages', 'error', { stages: ['developpement', 'consolidation'] }],
  ['FIDESS', 'allowed_stages', 'error', { stages: ['emergence'] }],
  ['DASESS', 'allowed_stages', 'error', { stages: ['consolidation'] }],
  // DASESS: 0 % advance of 5,000 € to 100,000 €, for employers (at least one job).
  ['DASESS', 'amount_range', 'error', { min: 5000, max: 100000 }],
  ['DASESS', 'min_jobs_consolidated', 'error', { min: 1 }],
  // ACC'ESS: project holders, and companies in their first three years.
  ['ACCESS', 'max_company_age_years', 'warning', { years: 3 }],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  let order = 0;
  for (const [code, name, kind, stages, description] of schemes) {
    await sql`INSERT INTO schemes (code, name, kind, stages, description, sort_order)
      VALUES (${code}, ${name}, ${kind}, ${JSON.stringify(stages)}, ${description}, ${order++})`.execute(db);
  }
  for (const [scheme, rule, severity, params] of rules) {
    await sql`INSERT INTO scheme_rules (scheme, rule, severity, params)
      VALUES (${scheme}, ${rule}, ${severity}, ${JSON.stringify(params)})`.execute(db);
  }
  for (let year = 2024; year <= 2028; year++) {
    // 700 beneficiaries and 4,000 consolidated jobs a year: roadmap Part 3 §2a.
    await sql`INSERT INTO targets (year, beneficiaries, jobs_consolidated) VALUES (${year}, 700, 4000)`.execute(db);
  }
  await sql`INSERT INTO settings (key, value) VALUES ('report_due_days', '30')`.execute(db);
  await sql`INSERT INTO settings (key, value) VALUES ('default_targets', ${JSON.stringify({ beneficiaries: 700, jobsConsolidated: 4000 })})`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['settings', 'targets', 'scheme_rules', 'schemes']) {
    await sql.raw(`DELETE FROM ${table}`).execute(db);
  }
}
