// The process's worker threads (piscina): a pool for uploads and passwords, each worker's heap capped so
// that a file that expands beyond the limits checked before parsing kills its worker, not the server; and
// the figures worker, which shares long cohort passes with the main thread (figuresPool, below).
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
let figuresWorkers: Piscina | null = null;

// Under tsx (tests, scripts) a worker is TypeScript, and workers inherit tsx's loader through execArgv;
// compiled (npm start, server/build.ts) it is a .js file beside dist/main.js.
const workerFile = (name: string) => new URL(`./${name}.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url).href;

function getPool(threads: number): Piscina {
  if (!pool) {
    pool = new Piscina({
      filename: workerFile('worker'),
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

/**
 * The figures worker (figures-worker.ts): one thread that shares cohort passes with the main thread. Its
 * own pool, so that a pass never waits behind an upload; a pass that finds it busy goes on without it.
 */
export function figuresPool(): Piscina {
  figuresWorkers ??= new Piscina({
    filename: workerFile('figures-worker'),
    minThreads: 0,
    maxThreads: 1,
    idleTimeout: 300_000,
    maxQueue: 4,
    resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 },
  });
  return figuresWorkers;
}
