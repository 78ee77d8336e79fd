// The worker threads' entry point (piscina): CPU-heavy work that would otherwise hold the event loop, and
// with it every other user's request: parsing and validating uploaded files, judging passwords.
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { loadGeography } from '../../geo/load-geography.ts';
import { judgePassword } from '../auth/password-rule.ts';
import { ingestUpload } from '../ingest/index.ts';
import type { IngestResult } from '../ingest/types.ts';
import type { WorkerTask } from './tasks.ts';

/** Rows sent back with a refusal, for the browser's table to fix them; a longer file is fixed in its spreadsheet. */
const MAX_RETURNED_ROWS = 2000;

/**
 * What crosses back to the main thread, whose heap and event loop pay for it: the rows as read only with a
 * refusal and only up to MAX_RETURNED_ROWS, their count always.
 */
function compact(result: IngestResult, keepLines: boolean): IngestResult {
  if (result.ok) return { ...result, lines: keepLines ? result.lines : [], lineCount: result.lines.length, rows: [], rowCount: result.rows.length };
  return { ...result, rows: result.rows.length <= MAX_RETURNED_ROWS ? result.rows : [], rowCount: result.rows.length };
}

export default async function run(task: WorkerTask): Promise<unknown> {
  if (task.kind === 'password') return judgePassword(task.password, task.email);
  const geo = loadGeography(basename(task.geographyDir), dirname(task.geographyDir));
  const bytes = 'path' in task.source ? new Uint8Array(await readFile(task.source.path)) : task.source.bytes;
  return compact(await ingestUpload(bytes, task.format, task.limits, {
    geo,
    operatorId: task.operatorId,
    scheme: task.scheme,
    period: task.period,
    rules: task.rules,
    siteIds: new Set(task.siteIds),
    sirenOfRef: new Map(task.sirenOfRef),
  }), task.keepLines);
}
