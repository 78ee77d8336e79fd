// The mirror's blocks written to the database in a compact form (migration 014), so that a restart reads a
// few deflated byte strings per year instead of a million rows (issue 14). A snapshot is only ever a
// shortcut: the caller checks what it reflects (the year's version, the change log's seq) and reads the
// block from the facts whenever the snapshot is missing, older than the log, or of another layout.
//
// Layout: the columns one after another, widest elements first so that every column starts on a multiple
// of its element size (typed-array views need it), in this machine's byte order (recorded; a snapshot
// written by a machine of the other order is ignored). Deflated at level 1: the columns repeat a lot
// (schemes, quarters, jobs), and inflating runs on libuv's thread pool, off the event loop.
import { endianness } from 'node:os';
import { promisify } from 'node:util';
import { createInflate, deflate } from 'node:zlib';
import type { Db } from '../../db/database.ts';

const deflateAsync = promisify(deflate);

/** Bumped when the meaning of a snapshot's bytes changes: older snapshots are then ignored. */
const FORMAT = 2; // 2: rows in identity id order

export type Column = Float64Array | Int32Array | Uint8Array;
type ElementKind = 'f64' | 'i32' | 'u8';
/** A block's columns, by name, with their element type and how many elements a row has (jobs: 4). */
export type Layout = ReadonlyArray<readonly [name: string, kind: ElementKind, perRow: number]>;

const SIZE: Record<ElementKind, number> = { f64: 8, i32: 4, u8: 1 };
const VIEW = { f64: Float64Array, i32: Int32Array, u8: Uint8Array } as const;

/** Which block: its kind, basis code (1 validated, 2 submitted) and year */
export interface SnapshotKey {
  kind: 'facts' | 'lines';
  basis: number;
  year: number;
}

export interface Snapshot {
  version: number;
  seq: number;
  rowCount: number;
  columns: Record<string, Column>;
  /** The block's own small dictionaries (schemes, operators, EPCIs): column values index these lists */
  dictionaries: Record<string, string[]>;
}

interface Header {
  format: number;
  endianness: string;
  layout: Layout;
  dictionaries: Record<string, string[]>;
}

/** The columns in storage order (widest first; stable for equal widths). */
const storageOrder = (layout: Layout) => [...layout].sort((a, b) => SIZE[b[1]] - SIZE[a[1]]);

export async function writeSnapshot(
  db: Db,
  key: SnapshotKey,
  snapshot: Snapshot,
  layout: Layout,
): Promise<void> {
  const order = storageOrder(layout);
  const bytes = new Uint8Array(order.reduce((sum, [, kind, perRow]) => sum + SIZE[kind] * perRow * snapshot.rowCount, 0));
  let offset = 0;
  for (const [name, kind, perRow] of order) {
    const column = snapshot.columns[name];
    const length = SIZE[kind] * perRow * snapshot.rowCount;
    bytes.set(new Uint8Array(column.buffer, column.byteOffset, length), offset);
    offset += length;
  }
  const header: Header = { format: FORMAT, endianness: endianness(), layout, dictionaries: snapshot.dictionaries };
  const data = await deflateAsync(bytes, { level: 1 });
  const row = {
    kind: key.kind,
    basis: key.basis,
    year: key.year,
    version: snapshot.version,
    seq: snapshot.seq,
    row_count: snapshot.rowCount,
    header: JSON.stringify(header),
    data,
    written_at: new Date().toISOString(),
  };
  // Two instances may write the same block: the one reflecting the later version stays.
  await db
    .insertInto('fig_snapshots')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['kind', 'basis', 'year'])
        .doUpdateSet((eb) => ({
          version: eb.ref('excluded.version'),
          seq: eb.ref('excluded.seq'),
          row_count: eb.ref('excluded.row_count'),
          header: eb.ref('excluded.header'),
          data: eb.ref('excluded.data'),
          written_at: eb.ref('excluded.written_at'),
        }))
        .where('fig_snapshots.version', '<=', row.version),
    )
    .execute();
}

/**
 * The snapshot of a block, or null when there is none of this layout and byte order. Its columns are views
 * of one buffer inflated in place, chunk by chunk (no second copy of the block while it is read); with
 * `shared`, a SharedArrayBuffer, for blocks that the figures worker reads too (line-facts.ts).
 */
export async function readSnapshot(db: Db, key: SnapshotKey, layout: Layout, { shared = false } = {}): Promise<Snapshot | null> {
  const row = await db
    .selectFrom('fig_snapshots')
    .select(['version', 'seq', 'row_count', 'header', 'data'])
    .where('kind', '=', key.kind)
    .where('basis', '=', key.basis)
    .where('year', '=', key.year)
    .executeTakeFirst();
  if (!row) return null;
  const header = JSON.parse(row.header) as Header;
  if (header.format !== FORMAT || header.endianness !== endianness() || JSON.stringify(header.layout) !== JSON.stringify(layout)) return null;
  const rowCount = Number(row.row_count);
  const expected = layout.reduce((sum, [, kind, perRow]) => sum + SIZE[kind] * perRow * rowCount, 0);
  const buffer = shared ? new SharedArrayBuffer(expected) : new ArrayBuffer(expected);
  if (!(await inflateInto(row.data, new Uint8Array(buffer)))) return null;
  const columns: Record<string, Column> = {};
  let offset = 0;
  for (const [name, kind, perRow] of storageOrder(layout)) {
    // A view over either kind of buffer (the union of the views' constructors is typed for one).
    columns[name] = new VIEW[kind](buffer as ArrayBuffer, offset, perRow * rowCount);
    offset += SIZE[kind] * perRow * rowCount;
  }
  return { version: Number(row.version), seq: Number(row.seq), rowCount, columns, dictionaries: header.dictionaries };
}

/** Inflates `data` into `target`; false unless it fills it exactly (a snapshot of another size is not this block). */
async function inflateInto(data: Uint8Array, target: Uint8Array): Promise<boolean> {
  // zlib's default chunks (16 KB): larger ones left tens of MB of garbage behind a restart's reads, measured
  // as 10–15 MiB more RSS once both bases were loaded (256 KB chunks).
  const inflater = createInflate();
  inflater.end(data);
  let at = 0;
  for await (const chunk of inflater as AsyncIterable<Buffer>) {
    if (at + chunk.byteLength > target.byteLength) {
      inflater.destroy();
      return false;
    }
    target.set(chunk, at);
    at += chunk.byteLength;
  }
  return at === target.byteLength;
}

/**
 * Writes snapshots a moment after a block changed, at most one write per block per `delayMs`: a burst of
 * validations rewrites each year's snapshot once, and the request that refreshed the block never waits.
 * A failed write (database closed, disk full) is dropped: the next start reads the facts instead.
 */
export class SnapshotWriter {
  private readonly due = new Map<string, () => Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly delayMs: number) {}

  schedule(key: string, write: () => Promise<void>): void {
    this.due.set(key, write);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.delayMs);
      this.timer.unref();
    }
  }

  /** Writes what is due now (tests; a server that stops). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const writes = [...this.due.values()];
    this.due.clear();
    this.running = this.running.then(async () => {
      for (const write of writes) await write().catch(() => {});
    });
    return this.running;
  }
}
