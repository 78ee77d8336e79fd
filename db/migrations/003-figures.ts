import { type Kysely, sql } from 'kysely';
import { engineOf, WRITE_LOCK_KEY } from '../dialect.ts';
import { ddl } from './ddl.ts';

// Figures pre-aggregation (server/figures/README.md) and the default vigilance zones.
//
// `fig_facts` holds, per basis × year × beneficiary identity × scheme × operator × EPCI, what the counting
// rules need (first quarter, latest stage, running maximum of consolidated jobs by quarter, maximum of
// created jobs). Triggers (SQLite's, or PL/pgSQL on PostgreSQL) keep it right for every writer (routes, demo seeding, imports, benchmark):
//   - a line inserted into the current revision of a counted report only raises maxima: an upsert;
//   - anything that can lower a figure (a report leaving `validated`/`submitted`, a revision replacing
//     another, a line deleted or edited) recomputes the facts of the identities concerned, for that year,
//     from their counted lines.
// Each change bumps `fig_versions` ('facts:<year>', 'sites'), which the server's in-memory mirror reads
// before serving figures. Basis 1 = validated reports only (official figures); basis 2 = validated +
// submitted (provisional). Drafts and returned reports never count (rule 5).

const COUNTED = `('validated', 'submitted')`;
const STAGE_RANK = (stage: string) =>
  `(CASE ${stage} WHEN 'emergence' THEN 1 WHEN 'creation' THEN 2 WHEN 'developpement' THEN 3 ELSE 4 END)`;

/** The facts of counted lines `l` of reports `r` on bases `b`: the FROM, WHERE and GROUP BY follow. */
const INSERT_FACTS_OF_LINES = `INSERT INTO fig_facts (basis, year, identity, scheme, operator_id, epci_siren, first_quarter, last_key,
      jobs_q1, jobs_q2, jobs_q3, jobs_q4, jobs_created, line_count)
    SELECT b.basis, r.year, l.identity, r.scheme, r.operator_id, l.epci_siren, min(r.quarter),
      max(r.quarter * 8 + ${STAGE_RANK('l.stage')}),
      max(CASE WHEN r.quarter <= 1 THEN l.jobs_consolidated_fte ELSE 0 END),
      max(CASE WHEN r.quarter <= 2 THEN l.jobs_consolidated_fte ELSE 0 END),
      max(CASE WHEN r.quarter <= 3 THEN l.jobs_consolidated_fte ELSE 0 END),
      max(l.jobs_consolidated_fte), max(l.jobs_created_fte), count(*)`;

/** The fact of one inserted line `NEW` of report `r` on bases `b`: the FROM and the upsert follow. */
const INSERT_FACT_OF_NEW_LINE = `INSERT INTO fig_facts (basis, year, identity, scheme, operator_id, epci_siren, first_quarter, last_key,
      jobs_q1, jobs_q2, jobs_q3, jobs_q4, jobs_created, line_count)
    SELECT b.basis, r.year, NEW.identity, r.scheme, r.operator_id, NEW.epci_siren, r.quarter,
      r.quarter * 8 + ${STAGE_RANK('NEW.stage')},
      CASE WHEN r.quarter <= 1 THEN NEW.jobs_consolidated_fte ELSE 0 END,
      CASE WHEN r.quarter <= 2 THEN NEW.jobs_consolidated_fte ELSE 0 END,
      CASE WHEN r.quarter <= 3 THEN NEW.jobs_consolidated_fte ELSE 0 END,
      NEW.jobs_consolidated_fte, NEW.jobs_created_fte, 1`;

/**
 * Deletes then rebuilds the facts of year `year` (SQL expression) for the identities `identities` (a
 * SELECT with one column named identity), and logs them in fig_changes for the server's mirror.
 */
function recompute(year: string, identities: string): string {
  return `
    INSERT INTO fig_changes (year, identity) SELECT ${year}, x.identity FROM (${identities}) AS x WHERE ${year} IS NOT NULL;
    DELETE FROM fig_facts WHERE basis IN (1, 2) AND year = ${year} AND identity IN (${identities});
    ${INSERT_FACTS_OF_LINES}
    FROM report_lines l
    CROSS JOIN reports r ON r.current_revision_id = l.revision_id
    CROSS JOIN fig_bases b ON r.status = 'validated' OR (b.basis = 2 AND r.status = 'submitted')
    WHERE l.identity IN (${identities}) AND +r.year = ${year}
    GROUP BY b.basis, r.year, l.identity, r.scheme, r.operator_id, l.epci_siren;
    ${bump(`'facts:' || (${year})`)}`;
}

const bump = (key: string) =>
  `INSERT INTO fig_versions (key, version) VALUES (${key}, 1) ON CONFLICT (key) DO UPDATE SET version = version + 1;`;

const reportYearOf = (revision: string) =>
  `(SELECT year FROM reports WHERE current_revision_id = ${revision} AND status IN ${COUNTED})`;
const countedRevision = (revision: string) =>
  `EXISTS (SELECT 1 FROM reports WHERE current_revision_id = ${revision} AND status IN ${COUNTED})`;

const tables = [
  `CREATE TABLE fig_bases (basis INTEGER PRIMARY KEY)`,
  `INSERT INTO fig_bases (basis) VALUES (1), (2)`,
  `CREATE TABLE fig_facts (
    basis INTEGER NOT NULL,               -- 1 = validated; 2 = validated + submitted
    year INTEGER NOT NULL,
    identity TEXT NOT NULL,               -- report_lines.identity (rule 2)
    scheme TEXT NOT NULL,
    operator_id TEXT NOT NULL,
    epci_siren TEXT NOT NULL,             -- rule 6, resolved at ingest
    first_quarter INTEGER NOT NULL,       -- first quarter of the year with a counted line
    last_key INTEGER NOT NULL,            -- quarter * 8 + stage rank of the latest line (ties: most advanced stage)
    jobs_q1 REAL NOT NULL,                -- largest jobs_consolidated_fte over quarters ≤ 1, ≤ 2, ≤ 3, the year
    jobs_q2 REAL NOT NULL,
    jobs_q3 REAL NOT NULL,
    jobs_q4 REAL NOT NULL,
    jobs_created REAL NOT NULL,           -- largest jobs_created_fte of the year
    line_count INTEGER NOT NULL,
    PRIMARY KEY (basis, year, identity, scheme, operator_id, epci_siren)
  ) WITHOUT ROWID`,
  // Which identities' facts changed, per year, in order (seq): the mirror re-reads only those.
  `CREATE TABLE fig_changes (
    seq INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    identity TEXT NOT NULL
  )`,
  `CREATE TABLE fig_versions (
    key TEXT PRIMARY KEY,                 -- 'facts:<year>' or 'sites'
    version INTEGER NOT NULL
  )`,
  // The recomputations look lines up by identity and reports by their current revision.
  `CREATE INDEX report_lines_identity ON report_lines(identity, revision_id)`,
  `CREATE INDEX reports_current_revision ON reports(current_revision_id)`,

];

const initialFacts = [
  // Existing data, if any (a database created before this migration).
  `${INSERT_FACTS_OF_LINES}
   FROM reports r
   JOIN report_lines l ON l.revision_id = r.current_revision_id
   JOIN fig_bases b ON r.status = 'validated' OR (b.basis = 2 AND r.status = 'submitted')
   GROUP BY b.basis, r.year, l.identity, r.scheme, r.operator_id, l.epci_siren`,
  `INSERT INTO fig_versions (key, version) SELECT DISTINCT 'facts:' || year, 1 FROM fig_facts`,
  `INSERT INTO fig_versions (key, version) VALUES ('sites', 1)`,
];

const sqliteTriggers = [
  `CREATE TRIGGER fig_lines_insert AFTER INSERT ON report_lines
   WHEN ${countedRevision('NEW.revision_id')}
   BEGIN
    ${INSERT_FACT_OF_NEW_LINE}
    FROM reports r CROSS JOIN fig_bases b
    WHERE r.current_revision_id = NEW.revision_id AND (r.status = 'validated' OR (b.basis = 2 AND r.status = 'submitted'))
    ON CONFLICT (basis, year, identity, scheme, operator_id, epci_siren) DO UPDATE SET
      first_quarter = min(first_quarter, excluded.first_quarter),
      last_key = max(last_key, excluded.last_key),
      jobs_q1 = max(jobs_q1, excluded.jobs_q1),
      jobs_q2 = max(jobs_q2, excluded.jobs_q2),
      jobs_q3 = max(jobs_q3, excluded.jobs_q3),
      jobs_q4 = max(jobs_q4, excluded.jobs_q4),
      jobs_created = max(jobs_created, excluded.jobs_created),
      line_count = line_count + 1;
    INSERT INTO fig_changes (year, identity) SELECT year, NEW.identity FROM reports WHERE current_revision_id = NEW.revision_id;
    ${bump(`'facts:' || ${reportYearOf('NEW.revision_id')}`)}
   END`,
  `CREATE TRIGGER fig_lines_delete AFTER DELETE ON report_lines
   WHEN ${countedRevision('OLD.revision_id')}
   BEGIN ${recompute(reportYearOf('OLD.revision_id'), 'SELECT OLD.identity AS identity')} END`,
  `CREATE TRIGGER fig_lines_update AFTER UPDATE OF revision_id, identity, epci_siren, stage, jobs_consolidated_fte, jobs_created_fte
   ON report_lines
   WHEN ${countedRevision('OLD.revision_id')} OR ${countedRevision('NEW.revision_id')}
   BEGIN
    ${recompute(`coalesce(${reportYearOf('OLD.revision_id')}, -1)`, 'SELECT OLD.identity AS identity UNION SELECT NEW.identity')}
    ${recompute(`coalesce(${reportYearOf('NEW.revision_id')}, -1)`, 'SELECT OLD.identity AS identity UNION SELECT NEW.identity')}
   END`,
  // A report's period never changes (UNIQUE operator × scheme × period): its year is fixed.
  `CREATE TRIGGER fig_reports_update AFTER UPDATE OF status, current_revision_id ON reports
   WHEN (OLD.status IN ${COUNTED} OR NEW.status IN ${COUNTED})
     AND (OLD.status IS NOT NEW.status OR OLD.current_revision_id IS NOT NEW.current_revision_id)
   BEGIN
    ${recompute('NEW.year', 'SELECT identity FROM report_lines WHERE revision_id IN (OLD.current_revision_id, NEW.current_revision_id)')}
   END`,
  `CREATE TRIGGER fig_reports_insert AFTER INSERT ON reports
   WHEN NEW.status IN ${COUNTED} AND NEW.current_revision_id IS NOT NULL
   BEGIN ${recompute('NEW.year', 'SELECT identity FROM report_lines WHERE revision_id = NEW.current_revision_id')} END`,
  `CREATE TRIGGER fig_reports_delete AFTER DELETE ON reports
   WHEN OLD.status IN ${COUNTED} AND OLD.current_revision_id IS NOT NULL
   BEGIN ${recompute('OLD.year', 'SELECT identity FROM report_lines WHERE revision_id = OLD.current_revision_id')} END`,

  // Presence coverage depends on the sites only: any change to them invalidates its cache.
  ...['INSERT', 'UPDATE', 'DELETE'].flatMap((event) =>
    ['sites', 'site_schemes'].map(
      (table) => `CREATE TRIGGER fig_${table}_${event.toLowerCase()} AFTER ${event} ON ${table}
       BEGIN ${bump(`'sites'`)} END`,
    ),
  ),

];

// PostgreSQL: the same rules in PL/pgSQL, row triggers calling one recomputation function. Each takes the
// write lock (db/database.ts, WRITE_LOCK_KEY; re-entrant within a transaction that holds it already), so
// that changes are numbered (fig_changes.seq) in the order they commit, as the mirror reads them.
const countedStatus = (status: string) => `${status} IN ${COUNTED}`;
const postgresTriggers = [
  `CREATE FUNCTION fig_recompute(p_year INTEGER, p_identities TEXT[]) RETURNS void LANGUAGE plpgsql AS $$
   BEGIN
    IF p_year IS NULL THEN RETURN; END IF;
    PERFORM pg_advisory_xact_lock(${WRITE_LOCK_KEY});
    INSERT INTO fig_changes (year, identity) SELECT p_year, x FROM unnest(p_identities) AS x;
    DELETE FROM fig_facts WHERE basis IN (1, 2) AND year = p_year AND identity = ANY (p_identities);
    ${INSERT_FACTS_OF_LINES}
    FROM report_lines l
    JOIN reports r ON r.current_revision_id = l.revision_id
    JOIN fig_bases b ON r.status = 'validated' OR (b.basis = 2 AND r.status = 'submitted')
    WHERE l.identity = ANY (p_identities) AND r.year = p_year
    GROUP BY b.basis, r.year, l.identity, r.scheme, r.operator_id, l.epci_siren;
    INSERT INTO fig_versions (key, version) VALUES ('facts:' || p_year, 1)
      ON CONFLICT (key) DO UPDATE SET version = fig_versions.version + 1;
   END $$`,
  `CREATE FUNCTION fig_counted_year(p_revision INTEGER) RETURNS INTEGER LANGUAGE sql STABLE AS $$
    SELECT year FROM reports WHERE current_revision_id = p_revision AND ${countedStatus('status')} $$`,
  `CREATE FUNCTION fig_lines_insert() RETURNS trigger LANGUAGE plpgsql AS $$
   DECLARE r reports%ROWTYPE;
   BEGIN
    SELECT * INTO r FROM reports WHERE current_revision_id = NEW.revision_id AND ${countedStatus('status')};
    IF NOT FOUND THEN RETURN NULL; END IF;
    PERFORM pg_advisory_xact_lock(${WRITE_LOCK_KEY});
    ${INSERT_FACT_OF_NEW_LINE}
    FROM fig_bases b WHERE r.status = 'validated' OR b.basis = 2
    ON CONFLICT (basis, year, identity, scheme, operator_id, epci_siren) DO UPDATE SET
      first_quarter = least(fig_facts.first_quarter, EXCLUDED.first_quarter),
      last_key = greatest(fig_facts.last_key, EXCLUDED.last_key),
      jobs_q1 = greatest(fig_facts.jobs_q1, EXCLUDED.jobs_q1),
      jobs_q2 = greatest(fig_facts.jobs_q2, EXCLUDED.jobs_q2),
      jobs_q3 = greatest(fig_facts.jobs_q3, EXCLUDED.jobs_q3),
      jobs_q4 = greatest(fig_facts.jobs_q4, EXCLUDED.jobs_q4),
      jobs_created = greatest(fig_facts.jobs_created, EXCLUDED.jobs_created),
      line_count = fig_facts.line_count + 1;
    INSERT INTO fig_changes (year, identity) VALUES (r.year, NEW.identity);
    INSERT INTO fig_versions (key, version) VALUES ('facts:' || r.year, 1)
      ON CONFLICT (key) DO UPDATE SET version = fig_versions.version + 1;
    RETURN NULL;
   END $$`,
  `CREATE TRIGGER fig_lines_insert AFTER INSERT ON report_lines FOR EACH ROW EXECUTE FUNCTION fig_lines_insert()`,
  `CREATE FUNCTION fig_lines_delete() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN PERFORM fig_recompute(fig_counted_year(OLD.revision_id), ARRAY[OLD.identity]); RETURN NULL; END $$`,
  `CREATE TRIGGER fig_lines_delete AFTER DELETE ON report_lines FOR EACH ROW EXECUTE FUNCTION fig_lines_delete()`,
  `CREATE FUNCTION fig_lines_update() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
    PERFORM fig_recompute(fig_counted_year(OLD.revision_id), ARRAY[OLD.identity, NEW.identity]);
    PERFORM fig_recompute(fig_counted_year(NEW.revision_id), ARRAY[OLD.identity, NEW.identity]);
    RETURN NULL;
   END $$`,
  `CREATE TRIGGER fig_lines_update AFTER UPDATE OF revision_id, identity, epci_siren, stage, jobs_consolidated_fte, jobs_created_fte
   ON report_lines FOR EACH ROW EXECUTE FUNCTION fig_lines_update()`,
  `CREATE FUNCTION fig_reports_change() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
    IF TG_OP = 'DELETE' THEN
      PERFORM fig_recompute(OLD.year, ARRAY(SELECT identity FROM report_lines WHERE revision_id = OLD.current_revision_id));
    ELSIF TG_OP = 'INSERT' THEN
      PERFORM fig_recompute(NEW.year, ARRAY(SELECT identity FROM report_lines WHERE revision_id = NEW.current_revision_id));
    ELSE
      PERFORM fig_recompute(NEW.year, ARRAY(SELECT identity FROM report_lines WHERE revision_id IN (OLD.current_revision_id, NEW.current_revision_id)));
    END IF;
    RETURN NULL;
   END $$`,
  `CREATE TRIGGER fig_reports_update AFTER UPDATE OF status, current_revision_id ON reports FOR EACH ROW
   WHEN ((${countedStatus('OLD.status')} OR ${countedStatus('NEW.status')})
     AND (OLD.status IS DISTINCT FROM NEW.status OR OLD.current_revision_id IS DISTINCT FROM NEW.current_revision_id))
   EXECUTE FUNCTION fig_reports_change()`,
  `CREATE TRIGGER fig_reports_insert AFTER INSERT ON reports FOR EACH ROW
   WHEN (${countedStatus('NEW.status')} AND NEW.current_revision_id IS NOT NULL) EXECUTE FUNCTION fig_reports_change()`,
  `CREATE TRIGGER fig_reports_delete AFTER DELETE ON reports FOR EACH ROW
   WHEN (${countedStatus('OLD.status')} AND OLD.current_revision_id IS NOT NULL) EXECUTE FUNCTION fig_reports_change()`,
  `CREATE FUNCTION fig_sites_change() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
    INSERT INTO fig_versions (key, version) VALUES ('sites', 1) ON CONFLICT (key) DO UPDATE SET version = fig_versions.version + 1;
    RETURN NULL;
   END $$`,
  ...['sites', 'site_schemes'].map((table) => `CREATE TRIGGER fig_${table}_change AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION fig_sites_change()`),
];

// Default vigilance zones (roadmap Part 2 §2b and Part 3 §4b: "le nord du Pas-de-Calais, le nord-est de
// l'Oise, l'est de la Somme et le cœur de l'Aisne"). The roadmap gives no list: these EPCIs were chosen by
// geography (population-weighted centre in that part of the département); reasons in server/figures/README.md.
// Region staff edit them through /api/v1/zones.
const zones: Array<[id: string, name: string, description: string, sirens: string[]]> = [
  ['nord-pas-de-calais', 'Nord du Pas-de-Calais',
    'Communautés de communes rurales du Calaisis, de l’Audomarois et du Boulonnais intérieur (feuille de route, partie 3 §4b)',
    ['246200844', '200072478', '246200380', '246201016', '200018083']],
  ['nord-est-oise', 'Nord-est de l’Oise',
    'Noyonnais, Pays des Sources, Deux Vallées et Lisières de l’Oise (feuille de route, partie 3 §4b)',
    ['246000756', '246000855', '246000772', '246000749']],
  ['est-somme', 'Est de la Somme',
    'Santerre, Haute Somme et Pays du Coquelicot (feuille de route, partie 3 §4b)',
    ['200070985', '200037059', '200070928', '200070977', '248000747']],
  ['coeur-aisne', 'Cœur de l’Aisne',
    'Laonnois, Serre, Chemin des Dames, Champagne picarde, Picardie des Châteaux et Val de l’Aisne (feuille de route, partie 3 §4b)',
    ['200043495', '240200469', '240200592', '240200576', '200071769', '240200501']],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of tables) await ddl(db, statement);
  const triggers = engineOf(db) === 'postgres' ? postgresTriggers : sqliteTriggers;
  for (const statement of [...triggers, ...initialFacts]) await sql.raw(statement).execute(db);
  const now = new Date().toISOString();
  for (const [id, name, description, sirens] of zones) {
    await sql`INSERT INTO vigilance_zones (id, name, description, created_at)
      VALUES (${id}, ${name}, ${description}, ${now}) ON CONFLICT DO NOTHING`.execute(db);
    for (const siren of sirens) {
      await sql`INSERT INTO vigilance_zone_epcis (zone_id, epci_siren) VALUES (${id}, ${siren}) ON CONFLICT DO NOTHING`.execute(db);
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const triggers = [
    'fig_lines_insert', 'fig_lines_delete', 'fig_lines_update', 'fig_reports_update', 'fig_reports_insert', 'fig_reports_delete',
    ...['insert', 'update', 'delete'].flatMap((e) => [`fig_sites_${e}`, `fig_site_schemes_${e}`]),
  ];
  for (const trigger of triggers) await sql.raw(`DROP TRIGGER IF EXISTS ${trigger}`).execute(db);
  for (const statement of ['DROP INDEX report_lines_identity', 'DROP INDEX reports_current_revision', 'DROP TABLE fig_versions', 'DROP TABLE fig_changes', 'DROP TABLE fig_facts', 'DROP TABLE fig_bases']) {
    await sql.raw(statement).execute(db);
  }
  for (const [id] of zones) await sql`DELETE FROM vigilance_zones WHERE id = ${id}`.execute(db);
}
