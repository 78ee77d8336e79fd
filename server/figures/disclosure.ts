// Secrecy of small numbers (issue 10) for figures that leave the Region (handouts, partners, the COTECH
// when the Region's setting says so). A count of beneficiaries below the threshold (default 3) points at
// one or two companies in a small EPCI: it is shown as « < 3 » and the figures that reveal it (jobs, rate
// per 10,000, p-value) are hidden with it. Wherever a hidden count could be recomputed from a published
// total — a row or a column that adds up — a second cell of that total is hidden too (complementary
// suppression), the smallest one, so that every total has either no hidden part or at least two.
//
// The figures are computed exactly, then masked: the engine never sees the mode, and a masked value is
// `null` with the reason in the row's `hidden` map ('small' or 'complement').
import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import { readSecrecySettings } from '../admin/reference-data.ts';
import type { AgreementCoverage, PublicAgreementCoverage } from './agreements.ts';
import type { Coverage, EpciCoverage, GroupSummary } from './coverage.ts';
import type { TargetsResult } from './service.ts';
import { STAGES } from './targets.ts';

export type Disclosure = 'public' | 'internal';
export type HiddenReason = 'small' | 'complement';
/** Per row: which fields are masked and why. */
export type HiddenFields = Record<string, HiddenReason>;

export interface DisclosureNote {
  mode: 'public';
  threshold: number;
  rule: string;
}

export const disclosureNote = (threshold: number): DisclosureNote => ({
  mode: 'public',
  threshold,
  rule:
    `Secret des petits nombres : un nombre de bénéficiaires inférieur à ${threshold} est affiché « < ${threshold} » et les ` +
    'chiffres qui le dévoileraient (emplois, taux pour 10 000 habitants, p) sont masqués ; quand un total publié permettrait de ' +
    'le retrouver par soustraction, une seconde case de ce total est masquée (« secret »). Le mode d’accompagnement ' +
    '(sur site, visite, à distance) n’est publié que pour la région entière.',
});

/** A cell of a table that adds up: its value and where to write the verdict. */
interface Cell {
  value: number;
  hidden: HiddenReason | null;
}

/** `total` is published and equals (or bounds) the sum of `parts`. */
interface Relation {
  total: Cell;
  parts: Cell[];
}

const isSmall = (value: number, threshold: number) => value > 0 && value < threshold;

/**
 * Primary suppression of the small cells, then complementary suppression until every relation has 0 or
 * ≥ 2 hidden members. Each pass hides at least one more cell, so it ends (at worst with all hidden).
 */
export function suppressCells(cells: readonly Cell[], relations: readonly Relation[], threshold: number): void {
  for (const cell of cells) if (cell.hidden === null && isSmall(cell.value, threshold)) cell.hidden = 'small';
  let changed = true;
  while (changed) {
    changed = false;
    for (const { total, parts } of relations) {
      const members = [total, ...parts];
      if (members.filter((m) => m.hidden !== null).length !== 1) continue;
      // Hide the smallest visible part (a positive one first: hiding a zero protects less), else the total.
      const visible = parts.filter((p) => p.hidden === null);
      const positive = visible.filter((p) => p.value > 0);
      const pool = positive.length ? positive : visible;
      const chosen = pool.length ? pool.reduce((a, b) => (b.value < a.value ? b : a)) : total;
      chosen.hidden = 'complement';
      changed = true;
    }
  }
}

const cell = (value: number): Cell => ({ value, hidden: null });

type Masked<T> = { [K in keyof T]: T[K] extends number ? number | null : T[K] extends number | undefined ? number | null | undefined : T[K] };

export type PublicEpciCoverage = Masked<EpciCoverage> & { hidden?: HiddenFields };
export type PublicGroup = Masked<GroupSummary> & { hidden?: HiddenFields };

/** Coverage as partners may see it: EPCIs, types, départements, zones and the region add up. */
export function discloseCoverage<T extends Coverage>(coverage: T, threshold: number): T & { disclosure: DisclosureNote } {
  const copy = structuredClone(coverage);
  const epciCells = new Map(copy.epcis.map((e) => [e.siren, cell(e.beneficiaries)]));
  const region = cell(copy.summary.beneficiaries);
  const groupCells = new Map<object, Cell>();
  const relations: Relation[] = [];
  // The communes in no EPCI are one more part of the region's and of their départements' totals.
  const outside = copy.outsideEpci ? cell(copy.outsideEpci.beneficiaries) : null;
  const outsideIn = (departement?: string): Cell[] =>
    outside && (departement === undefined || copy.outsideEpci!.departements.includes(departement)) ? [outside] : [];
  const group = (g: GroupSummary, members: EpciCoverage[], others: Cell[] = []) => {
    const total = cell(g.beneficiaries);
    groupCells.set(g, total);
    relations.push({ total, parts: [...members.map((e) => epciCells.get(e.siren)!), ...others] });
    return total;
  };
  const typeTotals = copy.summary.byType.map((g) => group(g, copy.epcis.filter((e) => e.type === g.type)));
  for (const g of copy.summary.byDepartement) group(g, copy.epcis.filter((e) => e.departements.includes(g.departement)), outsideIn(g.departement));
  for (const g of copy.summary.byZone) group(g, copy.epcis.filter((e) => g.epcis.includes(e.siren)));
  relations.push({ total: region, parts: [...epciCells.values(), ...outsideIn()] }, { total: region, parts: [...typeTotals, ...outsideIn()] });
  suppressCells([...epciCells.values(), ...outsideIn(), ...groupCells.values(), region], relations, threshold);

  // A territory's count masked hides what would reveal it; its regional count (operator scope) is masked alone.
  // How a territory's people were reached (site, visit, distance) splits its count into cells too small to
  // publish one by one: the public version gives it for the region only (the summary), never per territory.
  type MaskedRow = { beneficiaries: number | null; jobsConsolidated: number | null; per10k: number | null; pValue: number | null; regionalBeneficiaries?: number | null; reach?: unknown; reachByScheme?: unknown; hidden?: HiddenFields };
  const maskRow = (row: MaskedRow, reason: HiddenReason | null) => {
    if (reason) {
      row.hidden = { beneficiaries: reason, jobsConsolidated: reason, per10k: reason, pValue: reason };
      row.beneficiaries = row.jobsConsolidated = row.per10k = row.pValue = null;
    }
    if (row.reach !== undefined) row.reach = row.reachByScheme = null;
    if (row.regionalBeneficiaries != null && isSmall(row.regionalBeneficiaries, threshold)) {
      row.hidden = { ...row.hidden, regionalBeneficiaries: 'small' };
      row.regionalBeneficiaries = null;
    }
  };
  for (const e of copy.epcis as PublicEpciCoverage[]) maskRow(e, epciCells.get(e.siren)!.hidden);
  if (copy.outsideEpci && outside) maskRow(copy.outsideEpci as MaskedRow, outside.hidden);
  const maskGroup = (g: PublicGroup, reason: HiddenReason | null | undefined) => {
    if (!reason) return;
    g.hidden = { beneficiaries: reason };
    g.beneficiaries = null;
  };
  for (const g of [...copy.summary.byType, ...copy.summary.byDepartement, ...copy.summary.byZone]) maskGroup(g as PublicGroup, groupCells.get(g)?.hidden);
  maskGroup(copy.summary as PublicGroup, region.hidden);
  const reach = (copy.summary as { reach?: Record<string, number | null> }).reach;
  if (reach) for (const [k, v] of Object.entries(reach)) if (v !== null && isSmall(v, threshold)) reach[k] = null;
  if (copy.regional && isSmall(copy.regional.beneficiaries, threshold)) maskGroup(copy.regional as PublicGroup, 'small');
  return Object.assign(copy, { disclosure: disclosureNote(threshold) });
}

/** Agreements' territorial coverage as partners may see it: small beneficiary counts masked. */
export function discloseAgreements(rows: readonly AgreementCoverage[], threshold: number): PublicAgreementCoverage[] {
  return rows.map((row) => {
    const copy: PublicAgreementCoverage = { ...row };
    for (const field of ['beneficiariesInside', 'beneficiariesOutside'] as const) {
      if (!isSmall(row[field], threshold)) continue;
      copy.hidden = { ...copy.hidden, [field]: 'small' };
      copy[field] = null;
    }
    return copy;
  });
}

/**
 * Targets as partners may see them. Per year, accompaniments is the sum of the per-scheme counts and the
 * distinct total the sum of the per-stage counts: both rows get complementary suppression.
 */
export function discloseTargets(result: TargetsResult, threshold: number): TargetsResult & { disclosure: DisclosureNote } {
  const copy = structuredClone(result);
  for (const year of copy.years) {
    const distinct = cell(year.beneficiaries.distinct);
    const accompaniments = cell(year.beneficiaries.accompaniments);
    const schemes = Object.entries(year.beneficiaries.byScheme).map(([code, n]) => [code, cell(n)] as const);
    const stages = STAGES.map((stage) => [stage, cell(year.byStage[stage])] as const);
    // Families and size classes add up to the distinct total too (issue 13).
    const breakdown = (counts: Record<string, number> | undefined) => Object.entries(counts ?? {}).map(([key, n]) => [key, cell(n)] as const);
    const families = breakdown((year as { byFamily?: Record<string, number> }).byFamily);
    const sizes = breakdown((year as { bySize?: Record<string, number> }).bySize);
    suppressCells(
      [distinct, accompaniments, ...[...schemes, ...stages, ...families, ...sizes].map(([, c]) => c)],
      [
        { total: accompaniments, parts: schemes.map(([, c]) => c) },
        { total: distinct, parts: stages.map(([, c]) => c) },
        ...(families.length ? [{ total: distinct, parts: families.map(([, c]) => c) }] : []),
        ...(sizes.length ? [{ total: distinct, parts: sizes.map(([, c]) => c) }] : []),
      ],
      threshold,
    );
    const hidden: HiddenFields = {};
    const y = year as unknown as { beneficiaries: Record<string, unknown> & { byScheme: Record<string, number | null> }; byStage: Record<string, number | null> } & Record<string, unknown>;
    if (distinct.hidden) {
      hidden.distinct = hidden.jobsConsolidated = hidden.jobsCreated = distinct.hidden;
      y.beneficiaries.distinct = y.jobsConsolidated = y.jobsCreated = y.projection = null;
      y.share = { beneficiaries: null, jobsConsolidated: null };
    }
    if (accompaniments.hidden) {
      hidden.accompaniments = accompaniments.hidden;
      y.beneficiaries.accompaniments = null;
    }
    for (const [code, c] of schemes) {
      if (!c.hidden) continue;
      hidden[`byScheme.${code}`] = c.hidden;
      y.beneficiaries.byScheme[code] = null;
    }
    for (const [stage, c] of stages) {
      if (!c.hidden) continue;
      hidden[`byStage.${stage}`] = c.hidden;
      y.byStage[stage] = null;
    }
    for (const [field, cells] of [['byFamily', families], ['bySize', sizes]] as const) {
      const shown = y[field] as Record<string, number | null> | undefined;
      for (const [key, c] of cells) {
        if (!c.hidden || !shown) continue;
        hidden[`${field}.${key}`] = c.hidden;
        shown[key] = null;
      }
    }
    for (const q of year.quarters as Array<{ quarter: number; beneficiaries: number | null; jobsConsolidated: number | null }>) {
      if (q.beneficiaries !== null && isSmall(q.beneficiaries, threshold)) {
        hidden[`quarters.${q.quarter}`] = 'small';
        q.beneficiaries = q.jobsConsolidated = null;
      }
    }
    if (Object.keys(hidden).length) y.hidden = hidden;
  }
  for (const r of (copy.regional ?? []) as Array<{ distinct: number | null; jobsConsolidated: number | null; jobsCreated: number | null }>) {
    if (r.distinct !== null && isSmall(r.distinct, threshold)) r.distinct = r.jobsConsolidated = r.jobsCreated = null;
  }
  return Object.assign(copy, { disclosure: disclosureNote(threshold) });
}

/** « < 3 » for a small count, « secret » for a complementary one: how every table for people writes them. */
export function hiddenText(reason: HiddenReason, threshold: number): string {
  return reason === 'small' ? `< ${threshold}` : 'secret';
}

export interface DisclosureChoice {
  mode: Disclosure;
  threshold: number;
}

/**
 * What a viewer gets: the COTECH always sees public figures while the Region's setting says so (default);
 * the Region and operators see exact figures unless they ask for the public version (a handout).
 */
export async function disclosureFor(db: Db, role: Role, requested: Disclosure | undefined): Promise<DisclosureChoice> {
  const settings = await readSecrecySettings(db);
  const forced = role === 'cotech' && settings.cotechDisclosure === 'public';
  return { mode: forced ? 'public' : (requested ?? 'internal'), threshold: settings.smallCountThreshold };
}

/** A table cell for people: the value, or why it is not shown. */
export function shownValue<T>(value: T, row: { hidden?: HiddenFields }, field: string, threshold: number): T | string {
  const reason = row.hidden?.[field];
  return reason ? hiddenText(reason, threshold) : value;
}
