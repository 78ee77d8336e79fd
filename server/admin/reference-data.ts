import type { z } from 'zod';
import type { Db } from '../../db/database.ts';
import type { SchemeRule, Stage } from '../../db/schema.ts';
import { AppError } from '../errors.ts';
import { RULE_PARAMS } from '../ingest/scheme-rules.ts';
import { reportDueDays } from '../reports/expected.ts';
import type { RuleView, SchemeView, SettingsView, TargetValues, TargetView } from './answers.ts';

// 700 beneficiaries, 4,000 consolidated jobs a year: roadmap Part 3 §2a (used if the setting is missing).
const FALLBACK_TARGETS: TargetValues = { beneficiaries: 700, jobsConsolidated: 4000 };
// Counts of 1 or 2 companies point at them in a small EPCI (issue 10; migration 006's default).
const DEFAULT_SMALL_COUNT_THRESHOLD = 3;

async function readSetting(db: Db, key: string): Promise<unknown> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row ? JSON.parse(row.value) : undefined;
}

export async function writeSetting(db: Db, key: string, value: unknown): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value: JSON.stringify(value) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
    .execute();
}

export async function readSettings(db: Db): Promise<SettingsView> {
  const targets = (await readSetting(db, 'default_targets')) as Partial<TargetValues> | undefined;
  return {
    reportDueDays: await reportDueDays(db),
    defaultTargets: { ...FALLBACK_TARGETS, ...targets },
    ...(await readSecrecySettings(db)),
    expectedCoverageThreshold: Number((await readSetting(db, 'expected_coverage_threshold')) ?? 0.8),
  };
}

/** The two settings of the secrecy of small numbers, alone: every figure request reads them. */
export async function readSecrecySettings(db: Db): Promise<Pick<SettingsView, 'smallCountThreshold' | 'cotechDisclosure'>> {
  return {
    smallCountThreshold: Number((await readSetting(db, 'small_count_threshold')) ?? DEFAULT_SMALL_COUNT_THRESHOLD),
    cotechDisclosure: (await readSetting(db, 'cotech_disclosure')) === 'internal' ? 'internal' : 'public',
  };
}

/** Targets of the years that have a row, plus `years` filled with the default where missing. */
export async function listTargets(db: Db, years: number[] = []): Promise<TargetView[]> {
  const rows = await db.selectFrom('targets').selectAll().orderBy('year').execute();
  const { defaultTargets } = await readSettings(db);
  const byYear = new Map<number, TargetView>(
    rows.map((r) => [r.year, { year: r.year, beneficiaries: r.beneficiaries, jobsConsolidated: r.jobs_consolidated, isDefault: false }]),
  );
  for (const year of years) if (!byYear.has(year)) byYear.set(year, { year, ...defaultTargets, isDefault: true });
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

const toRuleView = (r: SchemeRule): RuleView => ({ rule: r.rule, severity: r.severity, params: JSON.parse(r.params), enabled: r.enabled === 1 });

export async function listSchemes(db: Db, code?: string): Promise<SchemeView[]> {
  let query = db.selectFrom('schemes').selectAll().orderBy('sort_order').orderBy('code');
  if (code !== undefined) query = query.where('code', '=', code);
  const schemes = await query.execute();
  const rules = await db.selectFrom('scheme_rules').selectAll().orderBy('id').execute();
  return schemes.map((s) => ({
    code: s.code,
    name: s.name,
    kind: s.kind,
    stages: JSON.parse(s.stages) as Stage[],
    description: s.description,
    capacityPerYear: s.capacity_per_year,
    rules: rules.filter((r) => r.scheme === s.code).map(toRuleView),
  }));
}

/**
 * A rule edited with malformed parameters would silently stop checking anything, so they are validated
 * against the schemas the report validation itself reads them with; unknown rules' parameters are kept as sent.
 */
export function validateRuleParams(rule: string, params: unknown): Record<string, unknown> {
  const schema: z.ZodType | undefined = Object.hasOwn(RULE_PARAMS, rule) ? RULE_PARAMS[rule as keyof typeof RULE_PARAMS] : undefined;
  if (!schema) return params as Record<string, unknown>;
  const result = schema.safeParse(params);
  if (result.success) return result.data as Record<string, unknown>;
  const details = result.error.issues.map((i) => ({ path: ['params', ...i.path].join('.'), message: i.message }));
  throw new AppError(422, 'invalid_rule_params', `Paramètres invalides pour la règle ${rule} : ${details.map((d) => `${d.path} — ${d.message}`).join(' ; ')}`, details);
}

export async function findRule(db: Db, scheme: string, rule: string): Promise<SchemeRule | undefined> {
  return db.selectFrom('scheme_rules').selectAll().where('scheme', '=', scheme).where('rule', '=', rule).executeTakeFirst();
}

export { toRuleView };
