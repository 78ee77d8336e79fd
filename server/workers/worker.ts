// The worker threads' entry point (piscina): CPU-heavy work that would otherwise hold the event loop, and
// with it every other user's request: parsing and validating uploaded files, judging passwords.
import { basename, dirname } from 'node:path';
import { loadGeography } from '../../geo/load-geography.ts';
import { judgePassword } from '../auth/password-rule.ts';
import { ingestUpload } from '../ingest/index.ts';
import type { WorkerTask } from './tasks.ts';

export default async function run(task: WorkerTask): Promise<unknown> {
  if (task.kind === 'password') return judgePassword(task.password, task.email);
  const geo = loadGeography(basename(task.geographyDir), dirname(task.geographyDir));
  return ingestUpload(task.bytes, task.format, task.limits, {
    geo,
    operatorId: task.operatorId,
    scheme: task.scheme,
    period: task.period,
    rules: task.rules,
    siteIds: new Set(task.siteIds),
    sirenOfRef: new Map(task.sirenOfRef),
  });
}
