import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

// Table interfaces mirror db/migrations/*. They describe rows, never query results:
// use the Selectable/Insertable/Updateable aliases below.

export type SchemeKind = 'operator' | 'direct_aid';
export type Stage = 'emergence' | 'creation' | 'developpement' | 'consolidation';
export type Role = 'region' | 'operator' | 'cotech';
export type SiteKind = 'hq' | 'branch' | 'outreach';
export type ReportStatus = 'draft' | 'submitted' | 'validated' | 'returned';
export type BeneficiaryType = 'porteur_projet' | 'entreprise';
export type RevisionSource = 'csv' | 'xlsx' | 'json' | 'web' | 'demo';

export interface SchemesTable {
  code: string;
  name: string;
  kind: SchemeKind;
  stages: string; // JSON Stage[]
  description: Generated<string>;
  sort_order: Generated<number>;
  /** Direct aids: the Region's yearly capacity (migration 011); null for operator schemes */
  capacity_per_year: Generated<number | null>;
}

export interface SchemeRulesTable {
  id: Generated<number>;
  scheme: string;
  rule: string;
  severity: 'error' | 'warning';
  params: Generated<string>; // JSON
  enabled: Generated<number>;
}

export interface OperatorsTable {
  id: string;
  name: string;
  siren: string | null;
  is_region: Generated<number>;
  is_demo: Generated<number>;
  created_at: string;
  archived_at: string | null;
}

export interface AgreementsTable {
  id: Generated<number>;
  operator_id: string;
  scheme: string;
  start_date: string;
  end_date: string;
  created_at: string;
  /** Companies or entrepreneurs it can support a year (migration 011); null: not stated */
  capacity_per_year: Generated<number | null>;
}

export interface AgreementTerritoriesTable {
  agreement_id: number;
  kind: 'epci' | 'departement';
  code: string;
}

export interface SitesTable {
  id: Generated<number>;
  operator_id: string;
  kind: SiteKind;
  name: string;
  address: string | null;
  commune_code: string;
  lat: number;
  lon: number;
  opened_on: string;
  closed_on: string | null;
  schedule: string | null;
  created_at: string;
}

export interface SiteSchemesTable {
  site_id: number;
  scheme: string;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  password_hash: string;
  role: Role;
  operator_id: string | null;
  failed_logins: Generated<number>;
  locked_until: string | null;
  created_at: string;
  disabled_at: string | null;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface ReportsTable {
  id: Generated<number>;
  operator_id: string;
  scheme: string;
  period: string;
  year: number;
  quarter: number;
  status: ReportStatus;
  current_revision_id: number | null;
  submitted_at: string | null;
  validated_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ReportRevisionsTable {
  id: Generated<number>;
  report_id: number;
  number: number;
  source: RevisionSource;
  filename: string | null;
  line_count: number;
  warnings: Generated<string>; // JSON
  created_by: number | null;
  created_at: string;
  /** SHA-256 of the uploaded bytes (or of the JSON lines), to recognise a retried upload */
  content_sha256: Generated<string | null>;
  /** The client's Idempotency-Key header, when it sent one */
  idempotency_key: Generated<string | null>;
}

export interface ReportLinesTable {
  id: Generated<number>;
  revision_id: number;
  line_no: number;
  beneficiary_ref: string;
  siret: string | null;
  siren: string | null;
  identity: string;
  beneficiary_type: BeneficiaryType;
  legal_form: string | null;
  commune_input: string | null;
  commune_code: string;
  epci_siren: string;
  stage: Stage;
  start_date: string;
  end_date: string | null;
  jobs_consolidated_fte: Generated<number>;
  jobs_created_fte: Generated<number>;
  amount_eur: number | null;
  site: string | null;
  creation_date: string | null;
  /** DASESS eligibility (migration 010) */
  headcount: Generated<number | null>;
  difficulty_criteria: Generated<string | null>;
  advance_term_months: Generated<number | null>;
  /** INSEE employee size band (tranche_effectif), migration 011 */
  size_band: Generated<string | null>;
}

export interface ReportEventsTable {
  id: Generated<number>;
  report_id: number;
  from_status: string | null;
  to_status: string;
  comment: string | null;
  user_id: number | null;
  at: string;
}

export interface TargetsTable {
  year: number;
  beneficiaries: number;
  jobs_consolidated: number;
}

export interface LoginThrottleTable {
  key: string;
  attempts: number;
  window_start: string;
  locked_until: string | null;
}

export interface SettingsTable {
  key: string;
  value: string; // JSON
}

export interface VigilanceZonesTable {
  id: string;
  name: string;
  description: Generated<string>;
  created_at: string;
}

export interface VigilanceZoneEpcisTable {
  zone_id: string;
  epci_siren: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: number | null;
  action: string;
  entity: string;
  entity_id: string | null;
  report_id: number | null;
  revision_id: number | null;
  details: Generated<string>; // JSON
}

export interface OutboxTable {
  id: Generated<number>;
  kind: string;
  user_id: number | null;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  dedupe_key: string | null;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: Generated<number>;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface UserTokensTable {
  id: Generated<number>;
  user_id: number;
  purpose: 'invitation' | 'password_reset';
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface NotificationSettingsTable {
  user_id: number;
  kind: string;
  enabled: number;
}

export type MeetingKind = 'cotech' | 'copress';

export interface MeetingsTable {
  id: Generated<number>;
  kind: MeetingKind;
  date: string;
  title: string;
  cohorts: string; // JSON
  schemes: string; // JSON
  basis: 'validated' | 'submitted';
  distance_km: number;
  disclosure: 'public' | 'internal';
  created_at: string;
  created_by: number | null;
  frozen_at: string | null;
  frozen_by: number | null;
  content: string | null;
  sha256: string | null;
}

export interface Database {
  meetings: MeetingsTable;
  outbox: OutboxTable;
  user_tokens: UserTokensTable;
  notification_settings: NotificationSettingsTable;
  login_throttle: LoginThrottleTable;
  schemes: SchemesTable;
  scheme_rules: SchemeRulesTable;
  operators: OperatorsTable;
  agreements: AgreementsTable;
  agreement_territories: AgreementTerritoriesTable;
  sites: SitesTable;
  site_schemes: SiteSchemesTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  reports: ReportsTable;
  report_revisions: ReportRevisionsTable;
  report_lines: ReportLinesTable;
  report_events: ReportEventsTable;
  targets: TargetsTable;
  settings: SettingsTable;
  vigilance_zones: VigilanceZonesTable;
  vigilance_zone_epcis: VigilanceZoneEpcisTable;
  audit_log: AuditLogTable;
}

export type Scheme = Selectable<SchemesTable>;
export type SchemeRule = Selectable<SchemeRulesTable>;
export type Operator = Selectable<OperatorsTable>;
export type NewOperator = Insertable<OperatorsTable>;
export type OperatorUpdate = Updateable<OperatorsTable>;
export type Agreement = Selectable<AgreementsTable>;
export type NewAgreement = Insertable<AgreementsTable>;
export type Site = Selectable<SitesTable>;
export type NewSite = Insertable<SitesTable>;
export type SiteUpdate = Updateable<SitesTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type ApiToken = Selectable<ApiTokensTable>;
export type Report = Selectable<ReportsTable>;
export type NewReport = Insertable<ReportsTable>;
export type ReportUpdate = Updateable<ReportsTable>;
export type ReportRevision = Selectable<ReportRevisionsTable>;
export type Meeting = Selectable<MeetingsTable>;
export type NewReportRevision = Insertable<ReportRevisionsTable>;
export type ReportLine = Selectable<ReportLinesTable>;
export type NewReportLine = Insertable<ReportLinesTable>;
export type ReportEvent = Selectable<ReportEventsTable>;
export type Target = Selectable<TargetsTable>;
export type VigilanceZone = Selectable<VigilanceZonesTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;

// Migration 003-figures: pre-aggregated facts kept by triggers (server/figures/README.md).
export interface FigFactsTable {
  basis: number; // 1 = validated; 2 = validated + submitted
  year: number;
  identity: string;
  scheme: string;
  operator_id: string;
  epci_siren: string;
  first_quarter: number;
  last_key: number; // quarter * 8 + stage rank of the latest line
  jobs_q1: number;
  jobs_q2: number;
  jobs_q3: number;
  jobs_q4: number;
  jobs_created: number;
  line_count: number;
}

export interface FigVersionsTable {
  key: string; // 'facts:<year>' or 'sites'
  version: number;
}

export interface FigBasesTable {
  basis: number;
}

export interface FigChangesTable {
  seq: Generated<number>;
  year: number;
  identity: string;
}

// Declaration merging: adds the figures tables to the Database interface above.
export interface Database {
  fig_facts: FigFactsTable;
  fig_versions: FigVersionsTable;
  fig_bases: FigBasesTable;
  fig_changes: FigChangesTable;
}

/** Migration 014: every identity numbered once; the mirror's blocks in compact form (server/figures/snapshots.ts). */
export interface FigIdentitiesTable {
  id: Generated<number>;
  identity: string;
}

export interface FigSnapshotsTable {
  kind: 'facts' | 'lines';
  basis: number;
  year: number;
  version: number; // version of facts:<year> reflected
  seq: number; // facts: last fig_changes.seq read; lines: 0
  row_count: number;
  header: string; // JSON
  data: Uint8Array;
  written_at: string;
}

export interface Database {
  fig_identities: FigIdentitiesTable;
  fig_snapshots: FigSnapshotsTable;
}

/** ESS establishments and jobs per EPCI (CRESS panorama), loaded by the Region (migration 011). */
export interface EssEstablishmentsTable {
  epci_siren: string;
  establishments: number;
  jobs: number | null;
  loaded_at: string;
  loaded_by: number | null;
}

export interface Database {
  ess_establishments: EssEstablishmentsTable;
}

/** One run of a scheduled job, claimed by the instance that inserted it (migration 013). */
export interface JobRunsTable {
  job: string;
  slot: string;
  instance: string;
  started_at: string;
  finished_at: string | null;
  result: string | null;
}

export interface Database {
  job_runs: JobRunsTable;
}
