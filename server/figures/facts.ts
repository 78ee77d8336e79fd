// In-memory mirror of `fig_facts` (migration 003), one block per basis × year, reloaded when the
// triggers have bumped that year's version in `fig_versions`. Reading the versions costs one tiny query
// per request; a block reloads in tens of milliseconds, so figures are fresh on the first request after
// any change, whoever made it (route, demo seeding, another process on the same file).
import { type RawBuilder, sql } from 'kysely';
import { textsOf } from '../../db/dialect.ts';
import type { Db } from '../../db/database.ts';

export type Basis = 'validated' | 'submitted';
export const BASIS_CODE: Record<Basis, number> = { validated: 1, submitted: 2 };

/** Strings ↔ small integers, so that blocks are typed arrays and identities compare as numbers. */
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

/** The facts of one basis × year, sorted by identity (rows of one identity are contiguous). */
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

export class FactStore {
  readonly identities = new Dictionary();
  readonly schemes = new Dictionary();
  readonly operators = new Dictionary();
  readonly epcis = new Dictionary();
  private readonly blocks = new Map<string, YearBlock>();
  /** A block being brought up to date, shared by the requests that ask for it meanwhile */
  private readonly pending = new Map<string, Promise<YearBlock>>();

  constructor(private readonly db: Db) {}

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
          const stale = block;
          refresh = (async () => (stale && (await this.patch(stale, version))) || (await this.load(basis, year, version)))();
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

  private async readRows(basis: Basis, year: number, identities: readonly string[] | null): Promise<FactRow[]> {
    const only = identities ? sql`AND identity IN ${textsOf(this.db, identities)}` : sql``;
    const { rows } = await sql<FactRow>`SELECT identity, scheme, operator_id, epci_siren, first_quarter, last_key, jobs_q1, jobs_q2, jobs_q3, jobs_q4, jobs_created
       FROM fig_facts WHERE basis = ${BASIS_CODE[basis]} AND year = ${year} ${only}
       ORDER BY basis, year, identity`.execute(this.db);
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
      const from: RawBuilder<unknown> = after ? sql`AND (identity, scheme, operator_id, epci_siren) > (${after.identity}, ${after.scheme}, ${after.operator_id}, ${after.epci_siren})` : sql``;
      const { rows }: { rows: FactRow[] } = await sql<FactRow>`SELECT identity, scheme, operator_id, epci_siren, first_quarter, last_key, jobs_q1, jobs_q2, jobs_q3, jobs_q4, jobs_created
         FROM fig_facts WHERE basis = ${BASIS_CODE[basis]} AND year = ${year} ${from}
         ORDER BY basis, year, identity, scheme, operator_id, epci_siren LIMIT ${FactStore.LOAD_CHUNK}`.execute(this.db);
      if (filled + rows.length > block.length) block = grown(block, filled + rows.length); // rows added since the count
      for (const row of rows) this.setRow(block, filled++, row);
      if (rows.length < FactStore.LOAD_CHUNK) break;
      after = rows[rows.length - 1];
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return filled === block.length ? block : shrunk(block, filled);
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
    const gone = new Set(names.map((n) => this.identities.id(n)));
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
    return next;
  }

  private setRow(block: YearBlock, i: number, r: FactRow): void {
    block.identity[i] = this.identities.id(r.identity);
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

interface FactRow {
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
