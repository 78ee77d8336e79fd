// The mirror's cold load reads its facts in chunks along the primary key and yields between them (issue 14):
// the result equals a load in one go, rows of one identity stay contiguous across chunk borders, and a
// /health-like task gets to run while a load is under way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createDatabase } from '../../db/database.ts';
import { FactStore } from '../../server/figures/facts.ts';
import { targetsFigures } from '../../server/figures/service.ts';
import { EPCI_A, EPCI_B, EPCI_C, type LineSpec, report } from './helpers.ts';

const Cold = suite('cold load of the fact mirror');

Cold('chunked loads equal a whole load, and other work runs between chunks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tess-cold-'));
  const file = join(dir, 'figures.sqlite');
  const writer = await createDatabase(file);
  await writer.insertInto('operators').values([{ id: 'op-a', name: 'A', created_at: '2024-01-01' }, { id: 'op-b', name: 'B', created_at: '2024-01-01' }]).execute();
  // The same companies with two operators and schemes: one identity has several fact rows.
  const lines = (prefix: string): LineSpec[] => Array.from({ length: 9 }, (_, i) => ({ ref: `${prefix}${i}`, siren: `10000000${i}`, epci: [EPCI_A, EPCI_B, EPCI_C][i % 3], jobs: i, stage: i % 2 ? 'creation' : 'developpement' }));
  await report(writer, 'op-a', 'ACCESS', '2025-Q1', 'validated', lines('a'));
  await report(writer, 'op-b', 'DLA', '2025-Q2', 'validated', lines('b'));
  await report(writer, 'op-a', 'DASESS', '2025-Q3', 'validated', lines('c').slice(0, 4));
  const whole = await targetsFigures(writer, { basis: 'validated', from: 2025, to: 2025, operatorId: null, today: '2030-01-01' });

  const original = FactStore.LOAD_CHUNK;
  (FactStore as { LOAD_CHUNK: number }).LOAD_CHUNK = 4; // 22 facts: six chunks, borders inside identities
  try {
    const reader = await createDatabase(file);
    // Queued now, it runs at the first turn of the event loop: before the answer only if the load yields.
    let ranDuringLoad = false;
    const answer = targetsFigures(reader, { basis: 'validated', from: 2025, to: 2025, operatorId: null, today: '2030-01-01' });
    setImmediate(() => {
      ranDuringLoad = true;
    });
    const chunked = await answer;
    const ranBeforeAnswer = ranDuringLoad;
    const strip = (r: typeof whole) => r.years.map(({ reporting: _r, ...y }) => y);
    assert.equal(strip(chunked), strip(whole));
    assert.is(chunked.years[0].beneficiaries.distinct, 9);
    assert.ok(ranBeforeAnswer, 'the event loop ran during the load');
    await reader.destroy();
  } finally {
    (FactStore as { LOAD_CHUNK: number }).LOAD_CHUNK = original;
    await writer.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});

Cold.run();
