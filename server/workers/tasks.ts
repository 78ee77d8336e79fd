// What the main thread asks of the worker pool: every task is plain data in, plain data out
// (structured clone), so that the worker needs neither the database nor the request.
import type { SchemeRule } from '../../db/schema.ts';
import type { Period } from '../domain/periods.ts';
import type { IngestLimits } from '../ingest/limits.ts';
import type { IngestResult } from '../ingest/types.ts';

export interface IngestTask {
  kind: 'ingest';
  /** The geography's directory (geo/load-geography.ts): the worker loads it once */
  geographyDir: string;
  format: 'csv' | 'xlsx' | 'json';
  /** The body: a spooled file (server/reports/spool.ts), or bytes already in memory (a multipart part) */
  source: { path: string } | { bytes: Uint8Array };
  limits: IngestLimits;
  /** False for a dry run: only the counts and issues come back, not the parsed lines */
  keepLines: boolean;
  operatorId: string;
  scheme: string;
  period: Period;
  rules: SchemeRule[];
  siteIds: string[];
  sirenOfRef: [string, { siren: string; where: string }][];
}

export interface PasswordTask {
  kind: 'password';
  password: string;
  email: string;
}

export type WorkerTask = IngestTask | PasswordTask;

export type TaskResult<T extends WorkerTask> = T extends IngestTask ? IngestResult : T extends PasswordTask ? import('../auth/password-rule.ts').PasswordVerdict : never;
