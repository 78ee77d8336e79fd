// Who is reached (issue 13): each year's distinct beneficiaries by ESS family (the `legal_form` column) and by
// size class (INSEE's `tranche_effectif`), each beneficiary once, by its latest counted line of the year (as
// the stages are): the families, like the size classes, add up to the distinct total.
import type { Db } from '../../db/database.ts';
import { FAMILIES, type Family, SIZE_CLASSES, type SizeClass } from '../domain/beneficiary-classes.ts';
import { type Basis, type FactStore, factStore, ResultCache, versionStamp } from './facts.ts';
import { lineFacts } from './line-facts.ts';
import { EPCI_SCHEME } from './targets.ts';

export interface YearBreakdown {
  byFamily: Record<Family, number>;
  bySize: Record<SizeClass, number>;
}

const empty = (): YearBreakdown => ({
  byFamily: Object.fromEntries(FAMILIES.map((f) => [f.code, 0])) as Record<Family, number>,
  bySize: Object.fromEntries(SIZE_CLASSES.map((c) => [c.code, 0])) as Record<SizeClass, number>,
});

const cache = new ResultCache<Map<number, YearBreakdown>>(32);

/**
 * Per year, each beneficiary once by its latest counted line among the schemes (and operator) asked for, from
 * the in-memory line facts; cached under the years' fact versions.
 */
export async function yearBreakdowns(
  db: Db,
  params: { basis: Basis; years: readonly number[]; operatorId: string | null; schemes: readonly string[] | null },
): Promise<Map<number, YearBreakdown>> {
  const key = JSON.stringify([params, await versionStamp(db, params.years.map((y) => `facts:${y}`))]);
  const cached = cache.get(db, key);
  if (cached) return cached;
  const store = factStore(db);
  const result = new Map<number, YearBreakdown>();
  const blocks = [];
  for (const year of params.years) blocks.push(await lineFacts(db, params.basis, year));
  // After the reads: they add the schemes and operators they meet to the dictionaries looked up here.
  const wanted = schemeMask(store, params.schemes);
  const operator = params.operatorId === null ? null : (store.operators.ids.get(params.operatorId) ?? -2);
  for (const block of blocks) {
    const year = block.year;
    // identity id → row of its latest line (ties: the first met)
    const latest = new Map<number, number>();
    for (let i = 0; i < block.length; i++) {
      if (!wanted(block.scheme[i]) || (operator !== null && block.operator[i] !== operator)) continue;
      const seen = latest.get(block.identity[i]);
      if (seen === undefined || block.quarter[i] > block.quarter[seen]) latest.set(block.identity[i], i);
    }
    const breakdown = empty();
    for (const i of latest.values()) {
      breakdown.byFamily[FAMILIES[block.family[i]].code]++;
      breakdown.bySize[SIZE_CLASSES[block.size[i]].code]++;
    }
    result.set(year, breakdown);
  }
  cache.set(db, key, result);
  return result;
}

/** Which scheme ids count: the asked schemes (all when null), never TESS, whose lines are EPCIs. */
export function schemeMask(store: FactStore, schemes: readonly string[] | null): (id: number) => boolean {
  const tess = store.schemes.ids.get(EPCI_SCHEME);
  if (schemes === null) return (id) => id !== tess;
  const ids = new Set(schemes.filter((s) => s !== EPCI_SCHEME).map((s) => store.schemes.ids.get(s)).filter((id): id is number => id !== undefined));
  return (id) => ids.has(id);
}
