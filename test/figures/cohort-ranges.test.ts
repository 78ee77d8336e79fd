// A cohort pass shared between the main thread and the figures worker (server/figures/cohort-ranges.ts)
// must count what one thread counts alone, whichever ranges each took; a worker that begins after the main
// thread is done does nothing. Random blocks, the worker started for real (server/workers/figures-worker.ts).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { addPart, claimRange, emptyPart, HELPER_DISMISSED, HELPER_WAITING, newScratch, type PassBlock, type PassInput, type PassPart, passRange } from '../../server/figures/cohort-ranges.ts';
import { rangeStarts } from '../../server/figures/identity-marks.ts';
import { figuresPool } from '../../server/workers/pool.ts';
import { prng } from '../helpers/prng.ts';

const Shared = suite('cohort pass shared with the figures worker');

const IDENTITIES = 600;
const RANGE = 16;

/** Three years of random rows over SharedArrayBuffers, sorted by identity as line facts blocks are. */
function randomInput(seed: number): PassInput {
  const random = prng(seed);
  const sharedOf = <T extends Int32Array | Float64Array | Uint8Array>(View: new (buffer: SharedArrayBuffer) => T, values: number[], bytes: number): T => {
    const view = new View(new SharedArrayBuffer(values.length * bytes));
    view.set(values);
    return view;
  };
  const blocks: PassBlock[] = [];
  for (let year = 0; year < 3; year++) {
    const rows = Array.from({ length: 900 }, () => ({
      identity: 1 + Math.floor(random() * IDENTITIES),
      scheme: Math.floor(random() * 4),
      operator: Math.floor(random() * 3),
      epci: Math.floor(random() * 6),
      jobs: Math.round(random() * 40) / 4,
      reach: Math.floor(random() * 4),
    })).sort((a, b) => a.identity - b.identity);
    const column = (name: keyof (typeof rows)[number]) => rows.map((r) => r[name]);
    blocks.push({
      identity: sharedOf(Int32Array, column('identity'), 4),
      scheme: sharedOf(Int32Array, column('scheme'), 4),
      operator: sharedOf(Int32Array, column('operator'), 4),
      epci: sharedOf(Int32Array, column('epci'), 4),
      jobs: sharedOf(Float64Array, column('jobs'), 8),
      reach: sharedOf(Uint8Array, column('reach'), 1),
    });
  }
  const ranges = Math.ceil((IDENTITIES + 1) / RANGE);
  return {
    blocks,
    starts: blocks.map((b) => rangeStarts(b.identity, b.identity.length, ranges, RANGE)),
    ranges,
    rangeSize: RANGE,
    wanted: Uint8Array.from([1, 1, 0, 1, 0]), // scheme 2 left out; scheme 3 is TESS
    operator: null,
    schemes: 4,
    operators: 3,
    epcis: 6,
    epciScheme: 3,
    unitOf: Int32Array.from([0, 1, 2, 3, 4, -1]), // EPCI 5 outside the region
    units: 5,
    reachKinds: 4,
    claims: new Int32Array(new SharedArrayBuffer(8)),
  };
}

/** The ranges [from, to) counted on this thread. */
function countHere(input: PassInput, from: number, to: number): PassPart {
  const part = emptyPart(input);
  const scratch = newScratch(input.rangeSize);
  for (let r = from; r < to; r++) passRange(input, r, scratch, part);
  return part;
}

/** What the figures compare: sums, jobs to the cent as the answers round them, the multi-unit lists as a set. */
function comparable(part: PassPart) {
  const lists: string[] = [];
  for (let at = 0; at < part.multi.length; at += 1 + part.multi[at]) lists.push(part.multi.slice(at + 1, at + 1 + part.multi[at]).join(','));
  return {
    counts: [...part.counts],
    jobs: [...part.jobs].map((j) => Math.round(j * 100) / 100),
    firstCounts: [...part.firstCounts],
    tess: [...part.tess],
    total: part.total,
    multi: lists.sort(),
    reach: [...part.reach],
  };
}

Shared('the worker counts the ranges left to it as this thread would, and the parts add up to the whole', async () => {
  for (const seed of [1, 2, 3]) {
    for (const operator of [null, 1]) {
      const input = { ...randomInput(seed), operator };
      const alone = countHere(input, 0, input.ranges);
      assert.ok(alone.total > 0 && alone.multi.length > 0, 'the random rows have beneficiaries in several units');
      // This thread takes the first `split` ranges, the worker the rest, through the shared counter.
      const split = Math.floor(input.ranges / 3);
      input.claims[0] = split;
      const helped = (await figuresPool().run(input)) as PassPart | null;
      assert.ok(helped, 'a waiting worker helps');
      assert.is(claimRange(input), input.ranges + 1, 'the worker claimed every range left');
      const mine = countHere(input, 0, split);
      addPart(mine, helped);
      assert.equal(comparable(mine), comparable(alone), `seed ${seed}, operator ${operator}`);
    }
  }
});

Shared('a worker that begins once the main thread is done counts nothing', async () => {
  const input = randomInput(4);
  assert.is(Atomics.compareExchange(input.claims, 1, HELPER_WAITING, HELPER_DISMISSED), HELPER_WAITING);
  assert.is(await figuresPool().run(input), null);
  assert.is(input.claims[0], 0, 'no range claimed');
});

Shared.run();
