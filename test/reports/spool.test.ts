// Uploads spooled to disk while they arrive (server/reports/spool.ts): counted, hashed, cut at the limit,
// and leftovers of a dead process swept at start. Each test uses its own directory.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AppError } from '../../server/errors.ts';
import { spoolBody, sweepSpool } from '../../server/reports/spool.ts';

const Spool = suite<{ dir: string }>('upload spool');

Spool.before.each((ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'tess-spool-'));
});

const streamOf = (...chunks: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });

Spool('writes the body to a private file with its size, SHA-256 and first bytes, removed by discard', async ({ dir }) => {
  const spooled = await spoolBody(streamOf('ref;type\n', 'B-1;entreprise\n'), 1000, dir);
  assert.is(spooled.size, 24);
  assert.is(spooled.sha256, createHash('sha256').update('ref;type\nB-1;entreprise\n').digest('hex'));
  assert.is(new TextDecoder().decode(spooled.head), 'ref;type\nB-1;entreprise\n');
  assert.ok(existsSync(spooled.path));
  await spooled.discard();
  assert.not.ok(existsSync(spooled.path));
});

Spool('a body over the limit is refused with 413 while it is read, and nothing is left on disk', async ({ dir }) => {
  try {
    await spoolBody(streamOf('x'.repeat(600), 'y'.repeat(600)), 1000, dir);
    assert.unreachable('should refuse');
  } catch (error) {
    assert.instance(error, AppError);
    assert.is((error as AppError).status, 413);
  }
  assert.equal(readdirSync(dir), [], 'no partial file left behind');
});

Spool('the sweep at start removes files older than an hour only', async ({ dir }) => {
  const spooled = await spoolBody(streamOf('fresh'), 100, dir);
  const old = join(dir, 'left-by-a-dead-process');
  writeFileSync(old, 'half an upload');
  const twoHoursAgo = (Date.now() - 2 * 3600_000) / 1000;
  utimesSync(old, twoHoursAgo, twoHoursAgo);
  assert.is(await sweepSpool(3600_000, Date.now(), dir), 1);
  assert.not.ok(existsSync(old));
  assert.ok(existsSync(spooled.path));
});

Spool.run();
