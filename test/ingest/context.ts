// Shared by the ingest suites: the real geography and scheme rules, and fixture readers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshDatabase } from '../helpers/database.ts';
import type { SchemeRule } from '../../db/schema.ts';
import { loadGeography } from '../../geo/load-geography.ts';
import { parsePeriod } from '../../server/domain/periods.ts';
import type { IngestContext, IngestResult, LineIssue } from '../../server/ingest/index.ts';

export const geo = loadGeography('32');

let seeded: Promise<SchemeRule[]> | undefined;

/** The scheme rules as migration 002 seeds them. */
export function seededRules(): Promise<SchemeRule[]> {
  seeded ??= (async () => {
    const db = await freshDatabase();
    const rules = await db.selectFrom('scheme_rules').selectAll().execute();
    await db.destroy();
    return rules;
  })();
  return seeded;
}

/** An ingest context for operator 'op-test', quarter 2025-Q1 by default, with the seeded rules of `scheme`. */
export async function contextFor(
  scheme: string,
  overrides: Partial<IngestContext> = {},
): Promise<IngestContext> {
  const rules = (await seededRules()).filter((r) => r.scheme === scheme && r.enabled);
  return {
    geo,
    operatorId: 'op-test',
    scheme,
    period: parsePeriod('2025-Q1')!,
    rules,
    siteIds: new Set(['7', '12']),
    ...overrides,
  };
}

export const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'reports', name)));

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The lines of a result that must be valid, or a failure listing its errors. */
export function linesOf(result: IngestResult) {
  if (!result.ok) throw new Error(`expected a valid file, got:\n${result.errors.map(describe).join('\n')}`);
  return result.lines;
}

/** The errors of a result that must be rejected. */
export function errorsOf(result: IngestResult): LineIssue[] {
  if (result.ok) throw new Error('expected the file to be rejected, it was accepted');
  return result.errors;
}

export const describe = (i: LineIssue) => `${i.line} | ${i.column} | ${i.value} | ${i.message}`;
