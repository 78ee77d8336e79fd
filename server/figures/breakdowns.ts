// Who is reached (issue 13): each year's distinct beneficiaries by ESS family (the `legal_form` column) and by
// size class (INSEE's `tranche_effectif`), each beneficiary once, by its latest counted line of the year (as
// the stages are): the families, like the size classes, add up to the distinct total.
import type { Db } from '../../db/database.ts';
import { FAMILIES, type Family, SIZE_CLASSES, type SizeClass } from '../domain/beneficiary-classes.ts';
import { yieldToEventLoop } from './event-loop.ts';
import { type Basis, type FactStore, factStore, ResultCache, yearVersions } from './facts.ts';
import { IdentityMarks } from './identity-marks.ts';
import { type LineFactsBlock, lineFacts } from './line-facts.ts';
import { EPCI_SCHEME } from './targets.ts';

export interface YearBreakdown {
  byFamily: Record<Family, number>;
  bySize: Record<SizeClass, number>;
}

const empty = (): YearBreakdown => ({
  byFamily: Object.fromEntries(FAMILIES.map((f) => [f.code, 0])) as Record<Family, number>,
  bySize: Object.fromEntries(SIZE_CLASSES.map((c) => [c.code, 0])) as Record<SizeClass, number>,
});

// Per year, not per span: a span's breakdowns are its years', so any span over years already seen is
// answered from here (the varied spans of the targets page).
const cache = new ResultCache<YearBreakdown>(256);
const marks = new IdentityMarks();

/**
 * Per year, each beneficiary once by its latest counted line among the schemes (and operator) asked for, from
 * the in-memory line facts; each year cached under its facts' version.
 */
export async function yearBreakdowns(
  db: Db,
  params: { basis: Basis; years: readonly number[]; operatorId: string | null; schemes: readonly string[] | null },
): Promise<Map<number, YearBreakdown>> {
  const versions = await yearVersions(db, params.years);
  const schemes = params.schemes ? [...params.schemes].sort() : null;
  const result = new Map<number, YearBreakdown>();
  for (const year of params.years) {
    const key = JSON.stringify([params.basis, year, versions.get(year), params.operatorId, schemes]);
    let breakdown = cache.get(db, key);
    if (!breakdown) {
      breakdown = yearBreakdown(factStore(db), await lineFacts(db, params.basis, year), params.operatorId, schemes);
      cache.set(db, key, breakdown);
      await yieldToEventLoop();
    }
    result.set(year, breakdown);
  }
  return result;
}

function yearBreakdown(store: FactStore, block: LineFactsBlock, operatorId: string | null, schemes: readonly string[] | null): YearBreakdown {
  // After the read of the block: it adds the schemes and operators it meets to the dictionaries looked up here.
  const wanted = schemeMask(store, schemes);
  const operator = operatorId === null ? null : (store.operators.ids.get(operatorId) ?? -2);
  // identity → row of its latest line (ties: the first met); `touched` lists the identities met, once each
  marks.begin(store.identityBound);
  const touched: number[] = [];
  const { length, scheme, operator: operatorOf, identity, quarter } = block;
  for (let i = 0; i < length; i++) {
    if (!wanted[scheme[i]] || (operator !== null && operatorOf[i] !== operator)) continue;
    const id = identity[i];
    if (!marks.marked(id)) {
      marks.mark(id, i);
      touched.push(id);
    } else if (quarter[i] > quarter[marks.value(id)]) marks.mark(id, i);
  }
  const breakdown = empty();
  for (const id of touched) {
    const i = marks.value(id);
    breakdown.byFamily[FAMILIES[block.family[i]].code]++;
    breakdown.bySize[SIZE_CLASSES[block.size[i]].code]++;
  }
  return breakdown;
}

/** Which scheme ids count (1 at their index): the asked schemes (all when null), never TESS, whose lines are EPCIs. */
export function schemeMask(store: FactStore, schemes: readonly string[] | null): Uint8Array {
  const mask = new Uint8Array(store.schemes.size);
  if (schemes === null) mask.fill(1);
  for (const code of schemes ?? []) {
    const id = store.schemes.ids.get(code);
    if (id !== undefined) mask[id] = 1;
  }
  const tess = store.schemes.ids.get(EPCI_SCHEME);
  if (tess !== undefined) mask[tess] = 0;
  return mask;
}
