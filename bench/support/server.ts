// The server as `npm start` runs it, for the benchmarks: compiled (server/build.ts), plain node, a process of
// its own (so that /proc/<pid> is the server and none of the bench's work lands in its heap), on a port the
// system hands out.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
