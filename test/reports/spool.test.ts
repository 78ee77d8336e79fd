// Uploads spooled to disk while they arrive (server/reports/spool.ts): counted, hashed, cut at the limit,
// and leftovers of a dead process swept at start.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AppError } from '../../server/errors.ts';
import { spoolBody, sweepSpool } from '../../server/reports/spool.ts';

const SPOOL = join(tmpdir(), 'territoires-ess-uploads');
mkdirSync(SPOOL, { recursive: true });

const Spool = suite('upload spool');

const streamOf = (...chunks: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });

Spool('writes the body to a private file with its size, SHA-256 and first bytes, removed by discard', async () => {
  const spooled = await spoolBody(streamOf('ref;type\n', 'B-1;entreprise\n'), 1000);
  assert.is(spooled.size, 24);
  assert.is(spooled.sha256, createHash('sha256').update('ref;type\nB-1;entreprise\n').digest('hex'));
  assert.is(new TextDecoder().decode(spooled.head), 'ref;type\nB-1;entreprise\n');
  assert.ok(existsSync(spooled.path));
  await spooled.discard();
  assert.not.ok(existsSync(spooled.path));
});

Spool('a body over the limit is refused with 413 while it is read, and nothing is left on disk', async () => {
  const before = new Set(readdirSync(SPOOL).filter((n) => !n.startsWith('left-')));
  try {
    await spoolBody(streamOf('x'.repeat(600), 'y'.repeat(600)), 1000);
    assert.unreachable('should refuse');
  } catch (error) {
    assert.instance(error, AppError);
    assert.is((error as AppError).status, 413);
  }
  const left = readdirSync(SPOOL).filter((name) => !before.has(name) && !name.startsWith('left-'));
  // Files of this test only: its partial file would be the newest one, written in the last second.
  assert.equal(left.filter((name) => Date.now() - Number(name.split('-')[0]) < 1000), [], 'no partial file left behind');
});

Spool('the sweep at start removes files older than an hour only', async () => {
  const spooled = await spoolBody(streamOf('fresh'), 100);
  const old = join(SPOOL, 'left-by-a-dead-process');
  writeFileSync(old, 'half an upload');
  const twoHoursAgo = (Date.now() - 2 * 3600_000) / 1000;
  utimesSync(old, twoHoursAgo, twoHoursAgo);
  assert.ok((await sweepSpool()) >= 1);
  assert.not.ok(existsSync(old));
  assert.ok(existsSync(spooled.path));
  await spooled.discard();
});

Spool.run();
