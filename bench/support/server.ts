// The server as `npm start` runs it, for the benchmarks: compiled (server/build.ts), plain node, a process of
// its own (so that /proc/<pid> is the server and none of the bench's work lands in its heap), on a port the
// system hands out.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { Worker } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { SERVER_DIST } from '../../server/build.ts';
import { freePort } from '../../test/helpers/ports.ts';

export interface BenchServer {
  process: ChildProcess;
  base: string;
  pid: number;
  /** SIGTERM, then the exit code (the server writes its due figure snapshots first) and how long it took */
  stop(): Promise<{ code: number | null; ms: number }>;
}

/** Starts `node dist/main.js` with `env` on a free port; `execArgv` go before the script (profiling, hooks). */
export async function startServer(env: Record<string, string>, options: { execArgv?: string[]; stdout?: 'ignore' | 'pipe' } = {}): Promise<BenchServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [...(options.execArgv ?? []), join(SERVER_DIST, 'main.js')], {
    env: { ...process.env, TERRITOIRES_MAIL_SCHEDULER: '0', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', options.stdout ?? 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    process: child,
    base: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    async stop() {
      const started = performance.now();
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await exited;
      return { code, ms: Math.round(performance.now() - started) };
    },
  };
}

/** Resolves once `/health` answers (a start that migrates or seeds may take a while). */
export async function waitForHealth(base: string, tries = 600): Promise<void> {
  for (let i = 0; i < tries; i++) {
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${base} did not start`);
}

/** Resident memory of a process, MiB, as /proc reports it. */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round((Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024) * 10) / 10;
}

/**
 * A lean HTTP client for latency samples: keep-alive, gzip accepted (as a browser does), the time taken
 * from the request to the answer's last byte; the body is decompressed and parsed afterwards, off the clock.
 * Not fetch(): undici's fetch adds a few ms of the client's own work per answer of a few hundred KB
 * (measured side by side in bench/figures.bench.ts), which is not the server's latency.
 */
export function httpClient(base: string, headers: Record<string, string>) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return (path: string): Promise<{ ms: number; status: number; body: unknown }> =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const request = http.get(`${base}${path}`, { agent, headers: { ...headers, 'accept-encoding': 'gzip' } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const ms = performance.now() - started;
          const raw = Buffer.concat(chunks);
          const text = (response.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
          resolve({ ms, status: response.statusCode ?? 0, body: JSON.parse(text) });
        });
      });
      request.on('error', reject);
    });
}

/**
 * Asks `/health` every `everyMs` from a thread of its own, so that the bench's own work (parsing a large
 * answer) never delays a poll: each latency counts from when the poll was due, so a server that held its
 * event loop is measured even for the polls it kept from being sent. stop() returns the latencies, ms.
 */
export function pollHealth(base: string, everyMs = 10): { stop(): Promise<number[]> } {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const http = require('node:http');
     const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
     const latencies = [];
     let running = true;
     parentPort.on('message', () => { running = false; });
     const ask = () => new Promise((resolve) => {
       const request = http.get(workerData.base + '/api/v1/health', { agent }, (response) => { response.resume(); response.on('end', resolve); });
       request.on('error', resolve);
     });
     (async () => {
       while (running) {
         const due = performance.now() + workerData.everyMs;
         await new Promise((resolve) => setTimeout(resolve, workerData.everyMs));
         await ask();
         latencies.push(Math.max(0, performance.now() - due));
       }
       parentPort.postMessage(latencies);
     })();`,
    { eval: true, workerData: { base, everyMs } },
  );
  return {
    stop: () =>
      new Promise((resolve, reject) => {
        worker.once('message', (latencies: number[]) => {
          void worker.terminate();
          resolve(latencies);
        });
        worker.once('error', reject);
        worker.postMessage('stop');
      }),
  };
}

/**
 * Latency of each of `paths`, asked one after another from a thread of its own (keep-alive, gzip accepted,
 * the answer read to its last byte): the bench's own heap (a million-line dataset, DuckDB) and its garbage
 * collections stay out of the samples, as a browser's would. ms per path, in order.
 */
export function latencies(base: string, headers: Record<string, string>, paths: readonly string[]): Promise<number[]> {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const http = require('node:http');
     const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
     const ask = (path) => new Promise((resolve, reject) => {
       const started = performance.now();
       const request = http.get(workerData.base + path, { agent, headers: { ...workerData.headers, 'accept-encoding': 'gzip' } }, (response) => {
         response.resume();
         response.on('end', () => (response.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(path + ': ' + response.statusCode))));
       });
       request.on('error', reject);
     });
     (async () => {
       const samples = [];
       for (const path of workerData.paths) samples.push(await ask(path));
       parentPort.postMessage(samples);
     })().catch((error) => { throw error; });`,
    { eval: true, workerData: { base, headers, paths } },
  );
  return new Promise((resolve, reject) => {
    worker.once('message', (samples: number[]) => {
      void worker.terminate();
      resolve(samples);
    });
    worker.once('error', reject);
  });
}
