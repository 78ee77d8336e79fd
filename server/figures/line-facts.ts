// What the fact mirror (facts.ts) does not hold but the equity figures need (issue 13): per year and basis,
// for each beneficiary × scheme × operator × EPCI, the quarter, `lieu` (site, visit, distance), ESS family and
// size class of its latest counted line, and its year's consolidated jobs. Read once per year and version of its
// facts (every change to a counted line bumps it), kept compact (ids of the mirror's dictionaries, one byte per
// class), so that coverage (cohort-pass.ts) and the breakdowns are computed in memory whatever the cohort,
// schemes or operator asked. Each block is
// also written as a snapshot (migration 014): after a restart, a year whose version has not moved is read
// from it instead of grouping the year's lines again.
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { engineOf } from '../../db/dialect.ts';
import { FAMILIES, SIZE_CLASSES, sizeClassOf } from '../domain/beneficiary-classes.ts';
import { BASIS_CODE, type Basis, factStore, ResultCache } from './facts.ts';
import { sortedByIdentity } from './identity-marks.ts';
import { type Column, type Layout, readSnapshot, writeSnapshot } from './snapshots.ts';

export const REACH_KINDS = ['site', 'visit', 'distance', 'unspecified'] as const;
export type ReachKind = (typeof REACH_KINDS)[number];

export interface LineFactsBlock {
  year: number;
  length: number;
  /** fig_identities ids, in increasing order; dictionary ids of the fact mirror (factStore(db).schemes, .operators, .epcis) */
  identity: Int32Array;
  scheme: Int32Array;
  operator: Int32Array;
  epci: Int32Array;
  quarter: Uint8Array;
  /** Largest consolidated jobs (FTE) of the year's lines, as the fact of the same key holds them (jobs_q4) */
  jobs: Float64Array;
  /** Index in REACH_KINDS, FAMILIES and SIZE_CLASSES */
  reach: Uint8Array;
  family: Uint8Array;
  size: Uint8Array;
}

const reachOf = (site: string | null): number => (site === null || site === '' ? 3 : site === 'visite' ? 1 : site === 'distance' ? 2 : 0);
const familyIndex = new Map<string, number>(FAMILIES.map((f, i) => [f.code, i]));
const sizeIndex = new Map<string, number>(SIZE_CLASSES.map((c, i) => [c.code, i]));
const EN_CREATION = familyIndex.get('en_creation')!;
const UNSTATED = familyIndex.get('non_renseigne')!;

const LAYOUT: Layout = [
  ['jobs', 'f64', 1],
  ['identity', 'i32', 1],
  ['scheme', 'i32', 1],
  ['operator', 'i32', 1],
  ['epci', 'i32', 1],
  ['quarter', 'u8', 1],
  ['reach', 'u8', 1],
  ['family', 'u8', 1],
  ['size', 'u8', 1],
];

const blocks = new ResultCache<LineFactsBlock>(64);

/** The block of one year and basis, read again only when that year's facts changed. */
export async function lineFacts(db: Db, basis: Basis, year: number): Promise<LineFactsBlock> {
  const row = await db.selectFrom('fig_versions').select('version').where('key', '=', `facts:${year}`).executeTakeFirst();
  const version = row?.version ?? 0;
  const key = JSON.stringify([basis, year, version]);
  const cached = blocks.get(db, key);
  if (cached) return cached;
  const snapshotKey = { kind: 'lines' as const, basis: BASIS_CODE[basis], year };
  const store = factStore(db);
  const snapshot = await readSnapshot(db, snapshotKey, LAYOUT, { shared: true }).catch(() => null);
  let block: LineFactsBlock;
  if (snapshot && snapshot.version === version) {
    const c = snapshot.columns as Record<string, never>;
    store.adoptSnapshotIds(c, snapshot.dictionaries, c.identity);
    store.reads.lineSnapshot++;
    block = { year, length: snapshot.rowCount, identity: c.identity, scheme: c.scheme, operator: c.operator, epci: c.epci, quarter: c.quarter, jobs: c.jobs, reach: c.reach, family: c.family, size: c.size };
  } else {
    block = sharedBlock(await readLineFacts(db, basis, year));
    store.reads.lineQuery++;
    const columns = Object.fromEntries(LAYOUT.map(([name]) => [name, block[name as keyof LineFactsBlock] as Column]));
    const rowCount = block.length;
    store.snapshots.schedule(`lines:${basis}:${year}`, () => writeSnapshot(db, snapshotKey, { version, seq: 0, rowCount, columns, dictionaries: store.dictionaryNames() }, LAYOUT));
  }
  blocks.set(db, key, block);
  return block;
}

/**
 * The block with the columns a pass reads (PassBlock, cohort-ranges.ts) over SharedArrayBuffers: the figures
 * worker reads them where they are, without a copy per pass. One copy when the block is read from the lines
 * (a snapshot is read into shared memory directly), then kept as long as the block; quarter, family and size
 * are read on this thread only and stay where they are.
 */
function sharedBlock(block: LineFactsBlock): LineFactsBlock {
  const shared = <T extends Int32Array | Float64Array | Uint8Array>(column: T): T => {
    const copy = new (column.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(column.byteLength));
    copy.set(column);
    return copy;
  };
  const { identity, scheme, operator, epci, jobs, reach } = block;
  return { ...block, identity: shared(identity), scheme: shared(scheme), operator: shared(operator), epci: shared(epci), jobs: shared(jobs), reach: shared(reach) };
}

interface Row {
  identity_id: number;
  scheme: string;
  operator_id: string;
  epci_siren: string;
  site: string | null;
  legal_form: string | null;
  beneficiary_type: string;
  size_band: string | null;
  quarter: number;
  jobs: number | null;
}

async function readLineFacts(db: Db, basis: Basis, year: number): Promise<LineFactsBlock> {
  // Counted lines as the triggers count them (fig_bases: basis 2 adds submitted reports), one per fact, the
  // other columns from the line of the latest quarter: SQLite's bare columns with max(), PostgreSQL's
  // DISTINCT ON (the engines' two words for it).
  // The year's consolidated jobs come from the fact of the same key (one index lookup per group): a second
  // max() would make SQLite's bare columns come from either aggregate's row.
  const counted = sql`FROM report_lines l JOIN reports r ON r.current_revision_id = l.revision_id JOIN fig_identities i ON i.identity = l.identity
    WHERE +r.year = ${year} AND (r.status = 'validated' OR (${BASIS_CODE[basis]} = 2 AND r.status = 'submitted'))`;
  const withJobs = sql`LEFT JOIN fig_facts f ON f.basis = ${BASIS_CODE[basis]} AND f.year = ${year} AND f.identity = g.identity
    AND f.scheme = g.scheme AND f.operator_id = g.operator_id AND f.epci_siren = g.epci_siren`;
  const { rows } =
    engineOf(db) === 'postgres'
      ? await sql<Row>`
    SELECT g.*, f.jobs_q4 AS jobs FROM (
      SELECT DISTINCT ON (l.identity, r.scheme, r.operator_id, l.epci_siren) l.identity AS identity, i.id AS identity_id, r.scheme AS scheme,
        r.operator_id AS operator_id, l.epci_siren AS epci_siren, l.site AS site, l.legal_form AS legal_form,
        l.beneficiary_type AS beneficiary_type, l.size_band AS size_band, r.quarter AS quarter
      ${counted}
      ORDER BY l.identity, r.scheme, r.operator_id, l.epci_siren, r.quarter DESC) g ${withJobs}`.execute(db)
      : await sql<Row>`
    SELECT g.*, f.jobs_q4 AS jobs FROM (
      SELECT l.identity AS identity, i.id AS identity_id, r.scheme AS scheme, r.operator_id AS operator_id, l.epci_siren AS epci_siren,
        l.site AS site, l.legal_form AS legal_form, l.beneficiary_type AS beneficiary_type, l.size_band AS size_band, max(r.quarter) AS quarter
      ${counted}
      GROUP BY l.identity, r.scheme, r.operator_id, l.epci_siren) g ${withJobs}`.execute(db);
  const store = factStore(db);
  const n = rows.length;
  const block: LineFactsBlock = {
    year,
    length: n,
    identity: new Int32Array(n),
    scheme: new Int32Array(n),
    operator: new Int32Array(n),
    epci: new Int32Array(n),
    quarter: new Uint8Array(n),
    jobs: new Float64Array(n),
    reach: new Uint8Array(n),
    family: new Uint8Array(n),
    size: new Uint8Array(n),
  };
  rows.forEach((r, i) => {
    block.identity[i] = r.identity_id;
    if (r.identity_id >= store.identityBound) store.identityBound = r.identity_id + 1;
    block.scheme[i] = store.schemes.id(r.scheme);
    block.operator[i] = store.operators.id(r.operator_id);
    block.epci[i] = store.epcis.id(r.epci_siren);
    block.quarter[i] = r.quarter;
    block.jobs[i] = Number(r.jobs ?? 0);
    block.reach[i] = reachOf(r.site);
    const family = r.legal_form ? familyIndex.get(r.legal_form) : undefined;
    block.family[i] = family ?? (r.beneficiary_type === 'porteur_projet' ? EN_CREATION : UNSTATED);
    block.size[i] = sizeIndex.get(sizeClassOf(r.size_band))!;
  });
  // In identity id order, as the fact blocks (identity-marks.ts: why).
  const { identity, scheme, operator, epci, quarter, jobs, reach, family, size } = block;
  return { ...block, ...sortedByIdentity({ identity, scheme, operator, epci, quarter, jobs, reach, family, size }, n) };
}
