// Snapshots of the fact mirror (migration 014, server/figures/snapshots.ts): a restart takes its blocks from
// them when they reflect the current version, patches them when changes came since, and reads the facts
// whenever a snapshot cannot be trusted (another format, damaged bytes, a log that no longer reaches back).
// In every case the figures equal those of a handle that never saw a snapshot.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createDatabase, type Db } from '../../db/database.ts';
import { computeCoverage } from '../../server/figures/coverage.ts';
import { reachByUnit } from '../../server/figures/equity.ts';
import { factStore } from '../../server/figures/facts.ts';
import { targetsFigures } from '../../server/figures/service.ts';
import { sharedDatabase } from '../helpers/database.ts';
import { EPCI_A, EPCI_B, EPCI_C, type LineSpec, moveTo, report, smallGeography, upload } from './helpers.ts';

const geo = smallGeography();
const YEARS = [2024, 2025] as const;
const Snapshots = suite('snapshots of the fact mirror');

const lines = (prefix: string, n: number): LineSpec[] =>
  Array.from({ length: n }, (_, i) => ({
    ref: `${prefix}${i}`,
    siren: i % 3 === 0 ? null : `30000000${i % 7}`,
    epci: [EPCI_A, EPCI_B, EPCI_C][i % 3],
    jobs: i * 1.5,
    created: i % 2,
    stage: i % 2 ? 'creation' : 'developpement',
    site: i % 4 === 0 ? 'visite' : i % 4 === 1 ? 'distance' : null,
    legalForm: i % 5 === 0 ? 'association' : null,
    sizeBand: i % 3 === 0 ? '10-49' : null,
  }));

/** Every figure the mirror and the line facts feed, both bases, as comparable text. */
async function figures(db: Db): Promise<string> {
  const out: unknown[] = [];
  for (const basis of ['validated', 'submitted'] as const) {
    const targets = await targetsFigures(db, { basis, from: YEARS[0], to: YEARS[1], operatorId: null, today: '2030-01-01' });
    out.push(targets.years.map(({ reporting: _r, ...y }) => y));
    const params = { basis, from: YEARS[0], to: YEARS[1], schemes: ['ACCESS', 'DLA', 'DASESS'], distanceKm: 20, operatorId: null };
    out.push((await computeCoverage(db, geo, params, [])).epcis);
    out.push([...(await reachByUnit(db, geo, params)).entries()]);
  }
  return JSON.stringify(out);
}

/** What a handle that never read a snapshot answers: the snapshots set aside, then put back. */
async function withoutSnapshots(location: string): Promise<string> {
  const db = await createDatabase(location);
  const kept = await db.selectFrom('fig_snapshots').selectAll().execute();
  await db.deleteFrom('fig_snapshots').execute();
  const answer = await figures(db);
  assert.is(factStore(db).reads.snapshot + factStore(db).reads.lineSnapshot, 0);
  await db.deleteFrom('fig_snapshots').execute();
  if (kept.length) await db.insertInto('fig_snapshots').values(kept).execute();
  await db.destroy();
  return answer;
}

async function seeded(location: string): Promise<Db> {
  const db = await createDatabase(location);
  await db.insertInto('operators').values([{ id: 'op-a', name: 'A', created_at: '2024-01-01' }, { id: 'op-b', name: 'B', created_at: '2024-01-01' }]).execute();
  await report(db, 'op-a', 'ACCESS', '2024-Q2', 'validated', lines('a', 12));
  await report(db, 'op-b', 'DLA', '2024-Q3', 'submitted', lines('b', 9));
  await report(db, 'op-a', 'ACCESS', '2025-Q1', 'validated', lines('c', 10));
  await report(db, 'op-b', 'DASESS', '2025-Q2', 'submitted', lines('d', 8));
  return db;
}

Snapshots('a restart reads every block from its snapshot and answers the same figures', async () => {
  const { location, remove } = await sharedDatabase();
  try {
    const first = await seeded(location);
    const before = await figures(first);
    await factStore(first).flushSnapshots();
    const written = await first.selectFrom('fig_snapshots').select(['kind', 'basis', 'year', 'row_count']).orderBy('kind').orderBy('basis').orderBy('year').execute();
    assert.equal(written.map((w) => `${w.kind}:${w.basis}:${w.year}`), ['facts:1:2024', 'facts:1:2025', 'facts:2:2024', 'facts:2:2025', 'lines:1:2024', 'lines:1:2025', 'lines:2:2024', 'lines:2:2025']);
    assert.ok(written.every((w) => w.row_count > 0));
    await first.destroy();

    const restarted = await createDatabase(location);
    assert.is(await figures(restarted), before);
    assert.equal(factStore(restarted).reads, { snapshot: 4, patched: 0, whole: 0, lineSnapshot: 4, lineQuery: 0 });
    await restarted.destroy();
    assert.is(await withoutSnapshots(location), before);
  } finally {
    await remove();
  }
});

Snapshots('changes made after the snapshots are patched in: figures equal a handle without snapshots', async () => {
  const { location, remove } = await sharedDatabase();
  try {
    const first = await seeded(location);
    await figures(first);
    await factStore(first).flushSnapshots();
    // Another instance (or this one, after the snapshots) validates, reopens and files.
    const submitted = await first.selectFrom('reports').select('id').where('status', '=', 'submitted').where('year', '=', 2024).executeTakeFirstOrThrow();
    await moveTo(first, submitted.id, 'validated');
    const reopened = await first.selectFrom('reports').select('id').where('period', '=', '2025-Q1').executeTakeFirstOrThrow();
    await moveTo(first, reopened.id, 'draft');
    await moveTo(first, await upload(first, 'op-a', 'ACCESS', '2025-Q1', lines('e', 5)), 'validated');
    await first.destroy();

    const restarted = await createDatabase(location);
    const after = await figures(restarted);
    const reads = factStore(restarted).reads;
    assert.is(reads.snapshot, 4);
    assert.is(reads.patched, 4, 'each block patched from its snapshot');
    assert.is(reads.whole, 0);
    assert.is(reads.lineQuery, 4, 'the line facts of a year whose version moved are read again');
    await factStore(restarted).flushSnapshots();
    await restarted.destroy();
    assert.is(after, await withoutSnapshots(location));

    // The snapshots written after the patch are current: the next start reads nothing else.
    const again = await createDatabase(location);
    assert.is(await figures(again), after);
    assert.equal(factStore(again).reads, { snapshot: 4, patched: 0, whole: 0, lineSnapshot: 4, lineQuery: 0 });
    await again.destroy();
  } finally {
    await remove();
  }
});

Snapshots('a snapshot that cannot be trusted is ignored: damaged bytes, another format, another size, a log that no longer reaches back', async () => {
  const { location, remove } = await sharedDatabase();
  try {
    const first = await seeded(location);
    const before = await figures(first);
    await factStore(first).flushSnapshots();
    await first.destroy();

    const db = await createDatabase(location);
    await db.updateTable('fig_snapshots').set({ data: new Uint8Array([1, 2, 3, 4]) }).where('kind', '=', 'facts').where('year', '=', 2024).execute();
    const lines2025 = await db.selectFrom('fig_snapshots').select('header').where('kind', '=', 'lines').where('year', '=', 2025).executeTakeFirstOrThrow();
    const older = JSON.stringify({ ...JSON.parse(lines2025.header), format: 0 });
    await db.updateTable('fig_snapshots').set({ header: older }).where('kind', '=', 'lines').where('year', '=', 2025).execute();
    // Sound bytes of another size: one row more announced than they hold.
    await db.updateTable('fig_snapshots').set((eb) => ({ row_count: eb('row_count', '+', 1) })).where('kind', '=', 'lines').where('year', '=', 2024).where('basis', '=', 1).execute();
    await db.destroy();
    const damaged = await createDatabase(location);
    assert.is(await figures(damaged), before);
    assert.equal(factStore(damaged).reads, { snapshot: 2, patched: 0, whole: 2, lineSnapshot: 1, lineQuery: 3 });
    await damaged.destroy();

    // A change, then the change log cut below the snapshots (as LOG_KEEP prunes it): they cannot be patched.
    const writer = await createDatabase(location);
    await report(writer, 'op-b', 'DLA', '2025-Q4', 'validated', lines('f', 6));
    const last = await writer.selectFrom('fig_changes').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow();
    await writer.deleteFrom('fig_changes').where('seq', '<', Number(last.seq)).execute();
    await writer.destroy();
    const pruned = await createDatabase(location);
    const after = await figures(pruned);
    assert.is(factStore(pruned).reads.whole >= 2, true, 'the 2025 blocks are read whole');
    await pruned.destroy();
    assert.is(after, await withoutSnapshots(location));
  } finally {
    await remove();
  }
});

Snapshots.run();
