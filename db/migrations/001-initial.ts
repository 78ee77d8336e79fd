import { type Kysely, sql } from 'kysely';
import { engineOf } from '../dialect.ts';
import { ddl } from './ddl.ts';

// Frozen in time: never edit once released, add a new numbered migration instead.
// Dates are ISO strings ('2025-03-31'), timestamps ISO-8601 UTC ('2025-03-31T12:00:00.000Z'),
// money in euros and jobs in full-time equivalents as REAL.
const statements = [
  `CREATE TABLE schemes (
    code TEXT PRIMARY KEY,                -- 'ACCESS', 'DLA', 'FIDESS', 'DASESS', or a direct aid ('BUSINESS', …)
    name TEXT NOT NULL,                   -- as shown in the UI: "ACC'ESS"
    kind TEXT NOT NULL CHECK (kind IN ('operator', 'direct_aid')),
    stages TEXT NOT NULL,                 -- JSON array of life stages the scheme serves
    description TEXT NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL DEFAULT 0
  )`,
  `CREATE TABLE scheme_rules (
    id INTEGER PRIMARY KEY,
    scheme TEXT NOT NULL REFERENCES schemes(code),
    rule TEXT NOT NULL,                   -- rule code understood by server/reports/rules.ts
    severity TEXT NOT NULL CHECK (severity IN ('error', 'warning')),
    params TEXT NOT NULL DEFAULT '{}',    -- JSON
    enabled INTEGER NOT NULL DEFAULT 1,
    UNIQUE (scheme, rule)
  )`,
  `CREATE TABLE operators (
    id TEXT PRIMARY KEY,                  -- slug, e.g. 'bge-picardie'
    name TEXT NOT NULL,
    siren TEXT,
    is_region INTEGER NOT NULL DEFAULT 0, -- the Region itself, as operator of its direct aids
    is_demo INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    archived_at TEXT
  )`,
  `CREATE TABLE agreements (
    id INTEGER PRIMARY KEY,
    operator_id TEXT NOT NULL REFERENCES operators(id),
    scheme TEXT NOT NULL REFERENCES schemes(code),
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CHECK (start_date <= end_date)
  )`,
  `CREATE INDEX agreements_operator ON agreements(operator_id, scheme)`,
  `CREATE TABLE agreement_territories (
    agreement_id INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('epci', 'departement')),
    code TEXT NOT NULL,                   -- EPCI SIREN or département code
    PRIMARY KEY (agreement_id, kind, code)
  )`,
  `CREATE TABLE sites (
    id INTEGER PRIMARY KEY,
    operator_id TEXT NOT NULL REFERENCES operators(id),
    kind TEXT NOT NULL CHECK (kind IN ('hq', 'branch', 'outreach')),
    name TEXT NOT NULL,
    address TEXT,
    commune_code TEXT NOT NULL,           -- current INSEE code
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    opened_on TEXT NOT NULL,
    closed_on TEXT,
    schedule TEXT,                        -- free text: "2e mardi du mois, mairie d'Hirson"
    created_at TEXT NOT NULL
  )`,
  `CREATE INDEX sites_operator ON sites(operator_id)`,
  `CREATE TABLE site_schemes (
    site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    scheme TEXT NOT NULL REFERENCES schemes(code),
    PRIMARY KEY (site_id, scheme)
  )`,
  `CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('region', 'operator', 'cotech')),
    operator_id TEXT REFERENCES operators(id),
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    created_at TEXT NOT NULL,
    disabled_at TEXT,
    CHECK ((role = 'operator') = (operator_id IS NOT NULL))
  )`,
  `CREATE TABLE sessions (
    id TEXT PRIMARY KEY,                  -- SHA-256 of the cookie value; the value itself is never stored
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  )`,
  `CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,      -- SHA-256 of the token; shown once at creation
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
  )`,
  `CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    operator_id TEXT NOT NULL REFERENCES operators(id),
    scheme TEXT NOT NULL REFERENCES schemes(code),
    period TEXT NOT NULL,                 -- '2025-Q1'
    year INTEGER NOT NULL,
    quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'validated', 'returned')),
    current_revision_id INTEGER,          -- the revision whose lines count; NULL until a first upload
    submitted_at TEXT,
    validated_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (operator_id, scheme, period)
  )`,
  `CREATE INDEX reports_year_status ON reports(year, status)`,
  `CREATE TABLE report_revisions (
    id INTEGER PRIMARY KEY,               -- append-only: never updated, never deleted
    report_id INTEGER NOT NULL REFERENCES reports(id),
    number INTEGER NOT NULL,              -- 1, 2, … within the report
    source TEXT NOT NULL CHECK (source IN ('csv', 'xlsx', 'json', 'web', 'demo')),
    filename TEXT,
    line_count INTEGER NOT NULL,
    warnings TEXT NOT NULL DEFAULT '[]',  -- JSON [{line, column, message}]
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    UNIQUE (report_id, number)
  )`,
  `CREATE TABLE report_lines (
    id INTEGER PRIMARY KEY,
    revision_id INTEGER NOT NULL REFERENCES report_revisions(id),
    line_no INTEGER NOT NULL,             -- line in the uploaded file as the user sees it (header = 1)
    beneficiary_ref TEXT NOT NULL,        -- operator's pseudonymous reference, never a name or e-mail
    siret TEXT,
    siren TEXT,
    identity TEXT NOT NULL,               -- counting rule 2: 'siren:<SIREN>' or 'ref:<operator>:<beneficiary_ref>'
    beneficiary_type TEXT NOT NULL CHECK (beneficiary_type IN ('porteur_projet', 'entreprise')),
    legal_form TEXT,
    commune_input TEXT,                   -- the code or postcode + name as given
    commune_code TEXT NOT NULL,           -- resolved current INSEE code (rule 6)
    epci_siren TEXT NOT NULL,             -- EPCI of commune_code at ingest
    stage TEXT NOT NULL CHECK (stage IN ('emergence', 'creation', 'developpement', 'consolidation')),
    start_date TEXT NOT NULL,
    end_date TEXT,
    jobs_consolidated_fte REAL NOT NULL DEFAULT 0,
    jobs_created_fte REAL NOT NULL DEFAULT 0,
    amount_eur REAL,
    site TEXT,                            -- a site id, 'visite' or 'distance'
    creation_date TEXT,
    UNIQUE (revision_id, beneficiary_ref)
  )`,
  `CREATE INDEX report_lines_revision ON report_lines(revision_id)`,
  `CREATE TABLE report_events (
    id INTEGER PRIMARY KEY,               -- workflow history shown to the operator: transitions and comments
    report_id INTEGER NOT NULL REFERENCES reports(id),
    from_status TEXT,
    to_status TEXT NOT NULL,
    comment TEXT,
    user_id INTEGER REFERENCES users(id),
    at TEXT NOT NULL
  )`,
  `CREATE INDEX report_events_report ON report_events(report_id)`,
  `CREATE TABLE targets (
    year INTEGER PRIMARY KEY,
    beneficiaries INTEGER NOT NULL,       -- 700/yr: roadmap Part 3 §2a
    jobs_consolidated INTEGER NOT NULL    -- 4,000/yr: roadmap Part 3 §2a
  )`,
  `CREATE TABLE settings (
    key TEXT PRIMARY KEY,                 -- e.g. 'report_due_days'
    value TEXT NOT NULL                   -- JSON
  )`,
  `CREATE TABLE vigilance_zones (
    id TEXT PRIMARY KEY,                  -- slug, e.g. 'nord-pas-de-calais'
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
  )`,
  `CREATE TABLE vigilance_zone_epcis (
    zone_id TEXT NOT NULL REFERENCES vigilance_zones(id) ON DELETE CASCADE,
    epci_siren TEXT NOT NULL,
    PRIMARY KEY (zone_id, epci_siren)
  )`,
  `CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id INTEGER REFERENCES users(id),
    action TEXT NOT NULL,                 -- e.g. 'report.upload', 'operator.create'
    entity TEXT NOT NULL,                 -- e.g. 'report', 'operator'
    entity_id TEXT,
    report_id INTEGER REFERENCES reports(id),
    revision_id INTEGER REFERENCES report_revisions(id),
    details TEXT NOT NULL DEFAULT '{}'    -- JSON: what changed
  )`,
  `CREATE INDEX audit_log_at ON audit_log(at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  // PostgreSQL: e-mail addresses compare without case, as SQLite's COLLATE NOCASE does (migrations/ddl.ts).
  if (engineOf(db) === 'postgres') await sql.raw(`CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false)`).execute(db);
  for (const statement of statements) await ddl(db, statement);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const tables = [
    'audit_log', 'vigilance_zone_epcis', 'vigilance_zones', 'settings', 'targets', 'report_events',
    'report_lines', 'report_revisions', 'reports', 'api_tokens', 'sessions', 'users', 'site_schemes',
    'sites', 'agreement_territories', 'agreements', 'operators', 'scheme_rules', 'schemes',
  ];
  for (const table of tables) await sql.raw(`DROP TABLE ${table}`).execute(db);
}
