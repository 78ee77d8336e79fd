// An upload's body is written to a temporary file as it arrives, counted and hashed on the way, instead of
// being held in memory while it waits for a worker thread: four 10 MB uploads at once cost the main thread a
// few chunks, not four copies of their bytes (issue 8, bounded memory). The worker reads the file.
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../errors.ts';
import { sizeInFrench } from '../edge/body-limit.ts';

export const SPOOL_DIR = join(tmpdir(), 'territoires-ess-uploads');
/** Bytes kept in memory to recognise the format (magic numbers, first characters). */
const HEAD_BYTES = 2048;

export interface SpooledBody {
  path: string;
  size: number;
  sha256: string;
  /** The first bytes, to tell CSV from XLSX or JSON */
  head: Uint8Array;
  /** Removes the file; safe to call twice */
  discard(): Promise<void>;
}

export async function spoolBody(body: ReadableStream<Uint8Array> | null, limitBytes: number, dir = SPOOL_DIR): Promise<SpooledBody> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${Date.now()}-${randomBytes(8).toString('hex')}`);
  const out = createWriteStream(path, { mode: 0o600 });
  const hash = createHash('sha256');
  const head: Uint8Array[] = [];
  let headSize = 0;
  let size = 0;
  const discard = () => rm(path, { force: true });
  try {
    if (body) {
      const reader = body.getReader();
      for (;;) {
        const { done, value: chunk } = await reader.read();
        if (done) break;
        size += chunk.byteLength;
        if (size > limitBytes) {
          throw new AppError(413, 'payload_too_large', `Fichier trop volumineux : la limite est de ${sizeInFrench(limitBytes)}. Découpez-le ou contactez la Région.`, []);
        }
        hash.update(chunk);
        if (headSize < HEAD_BYTES) {
          head.push(chunk.subarray(0, HEAD_BYTES - headSize));
          headSize += Math.min(chunk.byteLength, HEAD_BYTES - headSize);
        }
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      }
    }
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  } catch (error) {
    // The file is opened asynchronously: removed before its open completes, it would be created after the
    // removal and left behind. Closed first, then removed.
    out.destroy();
    if (!out.closed) await once(out, 'close');
    await discard();
    throw error;
  }
  return { path, size, sha256: hash.digest('hex'), head: Buffer.concat(head), discard };
}

/**
 * Removes spooled files left by a process that died mid-upload (kill -9, power cut): called at start.
 * A file younger than `olderThanMs` may belong to another instance on the same machine and is left alone.
 */
export async function sweepSpool(olderThanMs = 3600_000, now = Date.now(), dir = SPOOL_DIR): Promise<number> {
  let removed = 0;
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (info && now - info.mtimeMs > olderThanMs) {
      await rm(path, { force: true });
      removed++;
    }
  }
  return removed;
}
