// In-memory mirror of `fig_facts` (migration 003), one block per basis × year, brought up to date when the
// triggers have bumped that year's version in `fig_versions`. Reading the versions costs one tiny query
// per request; a block is patched with the identities the change log names, so figures are fresh on the
// first request after any change, whoever made it (route, demo seeding, another process or instance).
// After a restart a block comes from its snapshot (migration 014, snapshots.ts) and is patched from there;
// only a block with no usable snapshot is read row by row.
import { type RawBuilder, sql } from 'kysely';
import { textsOf } from '../../db/dialect.ts';
import type { Db } from '../../db/database.ts';
import { yieldToEventLoop } from './event-loop.ts';
import { sortedByIdentity } from './identity-marks.ts';
import { type Layout, readSnapshot, SnapshotWriter, writeSnapshot } from './snapshots.ts';

export type Basis = 'validated' | 'submitted';
export const BASIS_CODE: Record<Basis, number> = { validated: 1, submitted: 2 };

/** Strings ↔ small integers (schemes, operators, EPCIs), so that blocks are typed arrays. */
export class Dictionary {
  readonly ids = new Map<string, number>();
  readonly names: string[] = [];
  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }
  get size(): number {
    return this.names.length;
  }
}

/**
 * The facts of one basis × year, in identity id order (rows of one identity are contiguous). `identity` holds
 * fig_identities ids (the same in every process); scheme, operator and EPCI the store's dictionary ids.
 */
export interface YearBlock {
  basis: Basis;
  year: number;
  version: number;
  /** Last fig_changes.seq reflected in the block */
  seq: number;
  length: number;
  identity: Int32Array;
  scheme: Int32Array;
  operator: Int32Array;
  epci: Int32Array;
  firstQuarter: Uint8Array;
  /** quarter * 8 + stage rank (1 émergence … 4 consolidation) of the identity's latest line */
  lastKey: Uint8Array;
  /** 4 per row: largest consolidated jobs over quarters ≤ 1, ≤ 2, ≤ 3, ≤ 4 */
  jobs: Float64Array;
  jobsCreated: Float64Array;
}

/** A YearBlock's columns as its snapshot stores them. */
const FACTS_LAYOUT: Layout = [
  ['identity', 'i32', 1],
  ['scheme', 'i32', 1],
  ['operator', 'i32', 1],
  ['epci', 'i32', 1],
  ['firstQuarter', 'u8', 1],
  ['lastKey', 'u8', 1],
  ['jobs', 'f64', 4],
  ['jobsCreated', 'f64', 1],
];

export class FactStore {
  /** A refreshed block's snapshot is rewritten this long after (once for a burst of changes). */
  static SNAPSHOT_DELAY_MS = 5_000;

  readonly schemes = new Dictionary();
  readonly operators = new Dictionary();
  readonly epcis = new Dictionary();
  private readonly blocks = new Map<string, YearBlock>();
  /** A block being brought up to date, shared by the requests that ask for it meanwhile */
  private readonly pending = new Map<string, Promise<YearBlock>>();
  /** Per block, the version its snapshot on disk reflects, as far as this process knows */
  private readonly snapshotVersions = new Map<string, number>();
  /** One more than the largest identity id in any block: the size of arrays indexed by identity */
  identityBound = 0;
  /** How blocks were brought up to date since the start (tests and benchmarks read it) */
  readonly reads = { snapshot: 0, patched: 0, whole: 0, lineSnapshot: 0, lineQuery: 0 };
  /** Writes the snapshots of refreshed blocks, and of the line facts (line-facts.ts) */
  readonly snapshots: SnapshotWriter;

  constructor(private readonly db: Db) {
    this.snapshots = new SnapshotWriter(FactStore.SNAPSHOT_DELAY_MS);
  }

  /** The dictionaries' names, as a snapshot stores them beside columns of their ids. */
  dictionaryNames(): Record<string, string[]> {
    return { scheme: this.schemes.names, operator: this.operators.names, epci: this.epcis.names };
  }

  /**
   * Columns of a snapshot's dictionary ids, rewritten in place as this store's ids (another process
   * numbered them in its own order); the identity bound grows to the snapshot's identities.
   */
  adoptSnapshotIds(columns: Record<string, Int32Array>, names: Record<string, string[]>, identity: Int32Array): void {
    for (const [column, dictionary] of [['scheme', this.schemes], ['operator', this.operators], ['epci', this.epcis]] as const) {
      const ids = Int32Array.from(names[column] ?? [], (name) => dictionary.id(name));
      const values = columns[column];
      for (let i = 0; i < values.length; i++) values[i] = ids[values[i]];
    }
    let bound = this.identityBound;
    for (let i = 0; i < identity.length; i++) if (identity[i] >= bound) bound = identity[i] + 1;
    this.identityBound = bound;
  }

  /** The blocks of `years` for `basis`, each reloaded first if a trigger changed its year since. */
  async blocksFor(basis: Basis, years: number[]): Promise<YearBlock[]> {
    const keys = years.map((y) => `facts:${y}`);
    const rows = await this.db.selectFrom('fig_versions').select(['key', 'version']).where('key', 'in', keys).execute();
    const versions = new Map(rows.map((r) => [r.key, r.version]));
    const result: YearBlock[] = [];
    for (const year of years) {
      const version = versions.get(`facts:${year}`) ?? 0;
      const cacheKey = `${basis}:${year}`;
      let block = this.blocks.get(cacheKey);
      if (!block || block.version !== version) {
        let refresh = this.pending.get(cacheKey);
        if (!refresh) {
          refresh = this.refresh(basis, year, version, block);
          this.pending.set(cacheKey, refresh);
          refresh.then(
            (fresh) => {
              this.blocks.set(cacheKey, fresh);
              this.pending.delete(cacheKey);
            },
            () => this.pending.delete(cacheKey),
          );
        }
        block = await refresh;
      }
      result.push(block);
    }
    return result;
  }

  /**
   * The block at `version`: the cached one or its snapshot as it is if it reflects that version, else
   * patched with the changes logged since, else read whole. A block that moved has its snapshot rewritten.
   */
  private async refresh(basis: Basis, year: number, version: number, cached: YearBlock | undefined): Promise<YearBlock> {
    const stale = cached ?? (await this.fromSnapshot(basis, year));
    if (stale && stale.version === version) return stale;
    const patched = stale && (await this.patch(stale, version));
    const fresh = patched || (await this.load(basis, year, version));
    this.reads[patched ? 'patched' : 'whole']++;
    const cacheKey = `${basis}:${year}`;
    this.snapshots.schedule(`facts:${cacheKey}`, async () => {
      const block = this.blocks.get(cacheKey);
      if (!block || block.version <= (this.snapshotVersions.get(cacheKey) ?? -1)) return;
      const columns = Object.fromEntries(FACTS_LAYOUT.map(([name]) => [name, block[name as keyof YearBlock]])) as Record<string, Int32Array>;
      const snapshot = { version: block.version, seq: block.seq, rowCount: block.length, columns, dictionaries: this.dictionaryNames() };
      await writeSnapshot(this.db, { kind: 'facts', basis: BASIS_CODE[basis], year }, snapshot, FACTS_LAYOUT);
      this.snapshotVersions.set(cacheKey, block.version);
    });
    return fresh;
  }

  /** The block as its snapshot holds it, or null (none, another layout, unreadable: the facts are read). */
  private async fromSnapshot(basis: Basis, year: number): Promise<YearBlock | null> {
    const snapshot = await readSnapshot(this.db, { kind: 'facts', basis: BASIS_CODE[basis], year }, FACTS_LAYOUT).catch(() => null);
    if (!snapshot) return null;
    const c = snapshot.columns as Record<string, never>;
    this.adoptSnapshotIds(c, snapshot.dictionaries, c.identity);
    this.snapshotVersions.set(`${basis}:${year}`, snapshot.version);
    this.reads.snapshot++;
    const { version, seq, rowCount: length } = snapshot;
    return { basis, year, version, seq, length, identity: c.identity, scheme: c.scheme, operator: c.operator, epci: c.epci, firstQuarter: c.firstQuarter, lastKey: c.lastKey, jobs: c.jobs, jobsCreated: c.jobsCreated };
  }

  /** Writes the snapshots due now (tests; a server that stops). */
  flushSnapshots(): Promise<void> {
    return this.snapshots.flush();
  }

  /** Up to this many changed identities, a block is patched; beyond, reloaded whole. */
  static readonly PATCH_LIMIT = 20000;

  /** The log keeps at least this many recent changes; older ones are dropped (a mirror further behind reloads). */
  static readonly LOG_KEEP = 500_000;

  private async lastSeq(): Promise<number> {
    const row = await this.db
      .selectFrom('fig_changes')
      .select((eb) => [eb.fn.max('seq').as('last'), eb.fn.min('seq').as('first')])
      .executeTakeFirst();
    const last = Number(row?.last ?? 0);
    if (row?.first != null && last - Number(row.first) > 2 * FactStore.LOG_KEEP) {
      await this.db.deleteFrom('fig_changes').where('seq', '<=', last - FactStore.LOG_KEEP).execute();
    }
    return last;
  }

  /** The facts of `identities` in a block, with their identity ids. */
  private async readRows(basis: Basis, year: number, identities: readonly string[]): Promise<FactRow[]> {
    const { rows } = await sql<FactRow>`SELECT ${FACT_COLUMNS} FROM fig_facts f JOIN fig_identities i ON i.identity = f.identity
       WHERE f.basis = ${BASIS_CODE[basis]} AND f.year = ${year} AND f.identity IN ${textsOf(this.db, identities)}
       ORDER BY f.basis, f.year, f.identity`.execute(this.db);
    return rows;
  }

  /** Rows read per query when a block is loaded whole: between two, other requests run (issue 14). */
  static LOAD_CHUNK = 25_000;

  /**
   * Reads a whole block in chunks along the primary key, yielding to the event loop between them: a cold load
   * of a million facts no longer holds every other request (a /health answers between two chunks). Changes
   * made meanwhile are in fig_changes after `seq`: the next read patches them in.
   */
  private async load(basis: Basis, year: number, version: number): Promise<YearBlock> {
    const seq = await this.lastSeq();
    const counted = await sql<{ n: number }>`SELECT count(*) AS n FROM fig_facts WHERE basis = ${BASIS_CODE[basis]} AND year = ${year}`.execute(this.db);
    let block = emptyBlock(basis, year, version, seq, Number(counted.rows[0]?.n ?? 0));
    let filled = 0;
    let after: FactRow | null = null;
    for (;;) {
      const from: RawBuilder<unknown> = after ? sql`AND (f.identity, f.scheme, f.operator_id, f.epci_siren) > (${after.identity}, ${after.scheme}, ${after.operator_id}, ${after.epci_siren})` : sql``;
      const { rows }: { rows: FactRow[] } = await sql<FactRow>`SELECT ${FACT_COLUMNS} FROM fig_facts f JOIN fig_identities i ON i.identity = f.identity
         WHERE f.basis = ${BASIS_CODE[basis]} AND f.year = ${year} ${from}
         ORDER BY f.basis, f.year, f.identity, f.scheme, f.operator_id, f.epci_siren LIMIT ${FactStore.LOAD_CHUNK}`.execute(this.db);
      if (filled + rows.length > block.length) block = grown(block, filled + rows.length); // rows added since the count
      for (const row of rows) this.setRow(block, filled++, row);
      if (rows.length < FactStore.LOAD_CHUNK) break;
      after = rows[rows.length - 1];
      await yieldToEventLoop();
    }
    return inIdentityOrder(filled === block.length ? block : shrunk(block, filled));
  }

  /**
   * Re-reads only the identities the triggers logged in fig_changes since the block was read: their old
   * rows are dropped and their new rows appended (rows of one identity stay contiguous). Null when the
   * change is too large or the log no longer reaches back to the block: the caller reloads it whole.
   */
  private async patch(block: YearBlock, version: number): Promise<YearBlock | null> {
    const seq = await this.lastSeq();
    const first = await this.db
      .selectFrom('fig_changes')
      .select((eb) => eb.fn.min('seq').as('seq'))
      .executeTakeFirst();
    if (first?.seq != null && Number(first.seq) > block.seq + 1) return null;
    const changed = await this.db
      .selectFrom('fig_changes')
      .select('identity')
      .distinct()
      .where('seq', '>', block.seq)
      .where('seq', '<=', seq)
      .where('year', '=', block.year)
      .limit(FactStore.PATCH_LIMIT + 1)
      .execute();
    if (changed.length > FactStore.PATCH_LIMIT) return null;
    const names = changed.map((c) => c.identity);
    const rows = names.length ? await this.readRows(block.basis, block.year, names) : [];
    // Every identity that ever had a fact has an id (migration 014's trigger); one that never had any is in no block.
    const numbered = names.length ? await this.db.selectFrom('fig_identities').select('id').where('identity', 'in', sql<string>`${textsOf(this.db, names)}`).execute() : [];
    const gone = new Set(numbered.map((n) => n.id));
    let kept = 0;
    for (let i = 0; i < block.length; i++) if (!gone.has(block.identity[i])) kept++;
    const next = emptyBlock(block.basis, block.year, version, seq, kept + rows.length);
    let k = 0;
    for (let i = 0; i < block.length; i++) {
      if (gone.has(block.identity[i])) continue;
      next.identity[k] = block.identity[i];
      next.scheme[k] = block.scheme[i];
      next.operator[k] = block.operator[i];
      next.epci[k] = block.epci[i];
      next.firstQuarter[k] = block.firstQuarter[i];
      next.lastKey[k] = block.lastKey[i];
      next.jobs.set(block.jobs.subarray(i * 4, i * 4 + 4), k * 4);
      next.jobsCreated[k] = block.jobsCreated[i];
      k++;
    }
    for (const r of rows) this.setRow(next, k++, r);
    return inIdentityOrder(next);
  }

  private setRow(block: YearBlock, i: number, r: FactRow): void {
    block.identity[i] = r.identity_id;
    if (r.identity_id >= this.identityBound) this.identityBound = r.identity_id + 1;
    block.scheme[i] = this.schemes.id(r.scheme);
    block.operator[i] = this.operators.id(r.operator_id);
    block.epci[i] = this.epcis.id(r.epci_siren);
    block.firstQuarter[i] = r.first_quarter;
    block.lastKey[i] = r.last_key;
    block.jobs[i * 4] = r.jobs_q1;
    block.jobs[i * 4 + 1] = r.jobs_q2;
    block.jobs[i * 4 + 2] = r.jobs_q3;
    block.jobs[i * 4 + 3] = r.jobs_q4;
    block.jobsCreated[i] = r.jobs_created;
  }
}

const FACT_COLUMNS = sql.raw(`i.id AS identity_id, f.identity AS identity, f.scheme AS scheme, f.operator_id AS operator_id, f.epci_siren AS epci_siren,
  f.first_quarter AS first_quarter, f.last_key AS last_key, f.jobs_q1 AS jobs_q1, f.jobs_q2 AS jobs_q2, f.jobs_q3 AS jobs_q3, f.jobs_q4 AS jobs_q4,
  f.jobs_created AS jobs_created`);

interface FactRow {
  identity_id: number;
  identity: string;
  scheme: string;
  operator_id: string;
  epci_siren: string;
  first_quarter: number;
  last_key: number;
  jobs_q1: number;
  jobs_q2: number;
  jobs_q3: number;
  jobs_q4: number;
  jobs_created: number;
}

function emptyBlock(basis: Basis, year: number, version: number, seq: number, n: number): YearBlock {
  return {
    basis,
    year,
    version,
    seq,
    length: n,
    identity: new Int32Array(n),
    scheme: new Int32Array(n),
    operator: new Int32Array(n),
    epci: new Int32Array(n),
    firstQuarter: new Uint8Array(n),
    lastKey: new Uint8Array(n),
    jobs: new Float64Array(n * 4),
    jobsCreated: new Float64Array(n),
  };
}

/** `block` with its rows in identity id order (identity-marks.ts: why). */
function inIdentityOrder(block: YearBlock): YearBlock {
  const { identity, scheme, operator, epci, firstQuarter, lastKey, jobs, jobsCreated } = block;
  const sorted = sortedByIdentity({ identity, scheme, operator, epci, firstQuarter, lastKey, jobs, jobsCreated }, block.length, { jobs: 4 });
  return { ...block, ...sorted };
}

/** A copy of `block` with room for `n` rows (its rows kept). */
function grown(block: YearBlock, n: number): YearBlock {
  const next = emptyBlock(block.basis, block.year, block.version, block.seq, Math.max(n, Math.ceil(block.length * 1.25)));
  for (const key of ['identity', 'scheme', 'operator', 'epci', 'firstQuarter', 'lastKey', 'jobs', 'jobsCreated'] as const) (next[key] as Int32Array).set(block[key] as Int32Array);
  return next;
}

/** `block` cut to its first `n` rows (rows deleted since the count). */
function shrunk(block: YearBlock, n: number): YearBlock {
  return {
    ...block,
    length: n,
    identity: block.identity.slice(0, n),
    scheme: block.scheme.slice(0, n),
    operator: block.operator.slice(0, n),
    epci: block.epci.slice(0, n),
    firstQuarter: block.firstQuarter.slice(0, n),
    lastKey: block.lastKey.slice(0, n),
    jobs: block.jobs.slice(0, n * 4),
    jobsCreated: block.jobsCreated.slice(0, n),
  };
}

const stores = new WeakMap<Db, FactStore>();

/** One mirror per database handle, shared by every request. */
export function factStore(db: Db): FactStore {
  let store = stores.get(db);
  if (!store) {
    store = new FactStore(db);
    stores.set(db, store);
  }
  return store;
}

/** Current version of the sites (bumped by triggers on sites and site_schemes). */
export async function sitesVersion(db: Db): Promise<number> {
  const row = await db.selectFrom('fig_versions').select('version').where('key', '=', 'sites').executeTakeFirst();
  return row?.version ?? 0;
}

/** The version of each year's facts (0 for a year with none yet). */
export async function yearVersions(db: Db, years: readonly number[]): Promise<Map<number, number>> {
  const rows = years.length ? await db.selectFrom('fig_versions').select(['key', 'version']).where('key', 'in', years.map((y) => `facts:${y}`)).execute() : [];
  const byKey = new Map(rows.map((r) => [r.key, r.version]));
  return new Map(years.map((y) => [y, byKey.get(`facts:${y}`) ?? 0]));
}

/** The versions of `keys` in fig_versions as one string: a cache key part that changes with the data. */
export async function versionStamp(db: Db, keys: readonly string[]): Promise<string> {
  const rows = await db.selectFrom('fig_versions').select(['key', 'version']).where('key', 'in', [...keys]).execute();
  const versions = new Map(rows.map((r) => [r.key, r.version]));
  return keys.map((k) => `${k}=${versions.get(k) ?? 0}`).join(',');
}

/** A small least-recently-used cache of computed results, per database handle. */
export class ResultCache<T> {
  private readonly entries = new WeakMap<Db, Map<string, T>>();
  constructor(private readonly capacity: number) {}
  get(db: Db, key: string): T | undefined {
    const map = this.entries.get(db);
    const value = map?.get(key);
    if (map && value !== undefined) {
      map.delete(key);
      map.set(key, value);
    }
    return value;
  }
  set(db: Db, key: string, value: T): void {
    let map = this.entries.get(db);
    if (!map) {
      map = new Map();
      this.entries.set(db, map);
    }
    map.set(key, value);
    if (map.size > this.capacity) map.delete(map.keys().next().value as string);
  }
}
