// One pool of worker threads for the process (piscina). Each worker's heap is capped, so a file that
// expands beyond the limits checked before parsing kills its worker, not the server.
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { AppError } from '../errors.ts';
import type { TaskResult, WorkerTask } from './tasks.ts';

// Heap of one worker, MiB: a 10 MB file at the row limit needs about half of it (bench/hostile.bench.ts).
const WORKER_HEAP_MB = 160;
// Tasks waiting beyond the running ones; past this the server is saturated and says so (503).
const MAX_QUEUE = 64;
// A task still running after this is abandoned and its worker replaced.
const TASK_TIMEOUT_MS = 120_000;

let pool: Piscina | null = null;

function getPool(threads: number): Piscina {
  if (!pool) {
    // Under tsx (tests, scripts) the worker is TypeScript, and workers inherit tsx's loader through execArgv;
    // compiled (npm start, server/build.ts) it is dist/worker.js beside dist/main.js.
    const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
    pool = new Piscina({
      filename: new URL(`./worker.${extension}`, import.meta.url).href,
      minThreads: 0,
      maxThreads: Math.max(1, Math.min(threads, availableParallelism())),
      idleTimeout: 30_000,
      maxQueue: MAX_QUEUE,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 32 },
    });
  }
  return pool;
}

/**
 * Runs a task in a worker thread. A worker that dies (its heap limit reached) or a task that times out
 * is a 422 about the file; a full queue is a 503 asking to retry.
 */
export async function runInWorker<T extends WorkerTask>(task: T, threads: number, transfer: ArrayBuffer[] = []): Promise<TaskResult<T>> {
  const workers = getPool(threads);
  try {
    return (await workers.run(task, { transferList: transfer, signal: AbortSignal.timeout(TASK_TIMEOUT_MS) })) as TaskResult<T>;
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    const message = String((error as Error).message ?? '');
    if (/queue is full/i.test(message)) {
      throw new AppError(503, 'busy', 'Serveur momentanément saturé par des dépôts de fichiers : réessayez dans une minute.', { retryAfterSeconds: 60 });
    }
    if (code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory/i.test(message)) {
      throw new AppError(422, 'file_too_complex', `Fichier trop lourd à lire une fois décompressé (plus de ${WORKER_HEAP_MB} Mo en mémoire) : découpez-le ou enregistrez-le en CSV.`);
    }
    if ((error as Error).name === 'AbortError' || (error as Error).name === 'TimeoutError') {
      throw new AppError(422, 'file_too_slow', `Lecture du fichier interrompue après ${TASK_TIMEOUT_MS / 1000} secondes : découpez-le ou enregistrez-le en CSV.`);
    }
    throw error;
  }
}
