// Equity as the roadmap asks (issue 13), on the three-EPCI world of helpers.ts (A 100,000 inhabitants in
// département 80; B 20,000 and C 2,000 in 02; region 122,000), every figure computed by hand in the comments.
import { sql } from 'kysely';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Db } from '../../db/database.ts';
import { agreementCoverage } from '../../server/figures/agreements.ts';
import { poissonLowerTail, poissonMidP } from '../../server/figures/coverage.ts';
import { coverageProbability, coveredQuarters, expectedCounts, territoryWeights } from '../../server/figures/equity.ts';
import { discloseTargets } from '../../server/figures/disclosure.ts';
import { coverageFigures, targetsFigures } from '../../server/figures/service.ts';
import { EPCI_A, EPCI_B, EPCI_C, freshDb, type LineSpec, report, smallGeography } from './helpers.ts';

const geo = smallGeography();
const TODAY = '2026-11-20';
const Equity = suite<{ db: Db }>('equity: capacity, agreed territories, reach, who is reached');
Equity.before.each(async (ctx) => {
  ctx.db = await freshDb();
});
Equity.after.each(async ({ db }) => {
  await db.destroy();
});

async function agreement(db: Db, operator: string, scheme: string, start: string, end: string, capacity: number | null, territory: Array<['epci' | 'departement', string]> = []) {
  const { id } = await db
    .insertInto('agreements')
    .values({ operator_id: operator, scheme, start_date: start, end_date: end, capacity_per_year: capacity, created_at: '2024-01-01T00:00:00.000Z' })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [kind, code] of territory) await db.insertInto('agreement_territories').values({ agreement_id: id, kind, code }).execute();
  return id;
}

const coverage = (db: Db, schemes: string[], from = 2025, to = 2025) =>
  coverageFigures(db, geo, { basis: 'validated', from, to, schemes, distanceKm: 20, operatorId: null, today: TODAY });

Equity('the model by hand: weights, quarters, λ and the probability of at least one beneficiary', () => {
  // Territory « département 02 »: B 20,000 and C 2,000; the whole region adds A.
  assert.equal([...territoryWeights(geo, { epcis: [], departements: ['02'] }, null)].sort(), [[EPCI_B, 20000], [EPCI_C, 2000]]);
  assert.equal(territoryWeights(geo, { epcis: [], departements: [] }, null).get(EPCI_A), 100000);
  // ESS establishments as the base: A 50, B 10, C none loaded → 0.
  const base = new Map([[EPCI_A, 50], [EPCI_B, 10]]);
  assert.equal([...territoryWeights(geo, { epcis: [], departements: [] }, base)].sort(), [[EPCI_A, 50], [EPCI_B, 10], [EPCI_C, 0]]);
  // An agreement from 2025-04-01 to 2025-12-31 covers Q2–Q4 of 2025; on 20 November 2026 all are due.
  assert.is(coveredQuarters(2025, 2025, '2025-04-01', '2025-12-31', TODAY, 30), 3);
  // 2026-Q3 is due on 30 October, 2026-Q4 on 30 January 2027: 3 quarters of 2026 by 20 November.
  assert.is(coveredQuarters(2026, 2026, '2024-01-01', '2026-12-31', TODAY, 30), 3);
  // 22 supports over B and C: λ_B = 22 × 20,000 / 22,000 = 20, λ_C = 2; 6 over the region: λ_A = 6 × 100/122 = 4.918.
  const lambda = expectedCounts([
    { supports: 22, weights: territoryWeights(geo, { epcis: [], departements: ['02'] }, null) },
    { supports: 6, weights: territoryWeights(geo, { epcis: [], departements: [] }, null) },
  ]);
  assert.is(Math.round(lambda.get(EPCI_A)! * 1000) / 1000, 4.918);
  assert.is(Math.round(lambda.get(EPCI_C)! * 10000) / 10000, 2.0984); // 2 + 6 × 2/122
  // P(≥ 1) = 1 − e^−λ: λ = 2 → 0.8647; λ = 0.5 → 0.3935; nothing expected → 0.
  assert.is(Math.round(coverageProbability(2) * 10000) / 10000, 0.8647);
  assert.is(Math.round(coverageProbability(0.5) * 10000) / 10000, 0.3935);
  assert.is(coverageProbability(0), 0);
});

Equity('an uncovered EPCI is a gap only where its capacity made coverage likely (≥ 80 %)', async ({ db }) => {
  // ACC'ESS of op-a on département 02, 22 a year, all 2025: λ_B = 20, λ_C = 2 (P = 0.8647 ≥ 0.8).
  await agreement(db, 'op-a', 'ACCESS', '2024-01-01', '2026-12-31', 22, [['departement', '02']]);
  // FIDESS of op-b, the whole region, 4 a year: λ_A = 4 × 100/122 = 3.279, λ_B = 0.656, λ_C = 0.0656.
  await agreement(db, 'op-b', 'FIDESS', '2024-01-01', '2026-12-31', 4);
  await report(db, 'op-a', 'ACCESS', '2025-Q1', 'validated', [{ ref: 'a1', epci: EPCI_B, site: 'visite' }, { ref: 'a2', epci: EPCI_A, site: 'distance' }]);
  await report(db, 'op-b', 'FIDESS', '2025-Q1', 'validated', [{ ref: 'f1', epci: EPCI_A, site: 'distance' }]);

  const access = await coverage(db, ['ACCESS']);
  const by = new Map(access.epcis.map((e) => [e.siren, e]));
  assert.equal([by.get(EPCI_C)!.covered, by.get(EPCI_C)!.coverageProbability, by.get(EPCI_C)!.expectedGap], [false, 0.8647, true]);
  assert.equal([by.get(EPCI_B)!.covered, by.get(EPCI_B)!.expectedGap], [true, false]);
  // A is outside the ACC'ESS territory: nothing expected there, covered by the one beneficiary seen anyway.
  assert.equal([by.get(EPCI_A)!.expectedFromCapacity, by.get(EPCI_A)!.coverageProbability], [0, 0]);
  // Expected covered EPCIs: 0 + (1 − e^−20) + 0.8647 = 1.86.
  assert.is(access.summary.expectedCovered, 1.86);
  assert.is(access.summary.expectedGaps, 1);
  assert.equal([access.expectedModel.capacities, access.expectedModel.supports, access.expectedModel.base], [1, 22, 'population']);

  // FIDESS alone: C expects 0.0656 (P = 0.0635): white, and no gap — « il est normal qu'il ne couvre pas l'ensemble ».
  const fidess = await coverage(db, ['FIDESS']);
  const c = fidess.epcis.find((e) => e.siren === EPCI_C)!;
  assert.equal([c.covered, c.expectedGap, c.coverageProbability], [false, false, 0.0635]);
  // A: λ 3.279 → P 0.9624, covered; B: λ 0.656 → 0.4809, uncovered but no gap.
  assert.equal(fidess.epcis.find((e) => e.siren === EPCI_B)!.coverageProbability, 0.4809);
  assert.is(fidess.summary.expectedGaps, 0);

  // An agreement with no capacity stated is named and left out.
  await agreement(db, 'op-a', 'DLA', '2024-01-01', '2026-12-31', null);
  const dla = await coverage(db, ['DLA']);
  assert.equal(dla.expectedModel.withoutCapacity.map((a) => a.scheme), ['DLA']);
  assert.is(dla.summary.expectedCovered, 0);
});

Equity('the expectation, kept between requests, follows at once every change to what it is computed from', async ({ db }) => {
  const id = await agreement(db, 'op-a', 'ACCESS', '2024-01-01', '2026-12-31', 22, [['departement', '02']]);
  const supports = async () => (await coverage(db, ['ACCESS', 'BUSINESS'])).expectedModel;
  const aid = (await db.selectFrom('schemes').select('capacity_per_year').where('code', '=', 'BUSINESS').executeTakeFirstOrThrow()).capacity_per_year ?? 0;
  assert.is((await supports()).supports, 22 + aid);
  assert.is((await supports()).supports, 22 + aid, 'asked again: the same');
  // Another distance or basis leaves the expectation as it was: kept, not computed again.
  const at = (distanceKm: number, basis: 'validated' | 'submitted') =>
    coverageFigures(db, geo, { basis, from: 2025, to: 2025, schemes: ['ACCESS', 'BUSINESS'], distanceKm, operatorId: null, today: TODAY });
  assert.ok((await at(30, 'submitted')).expectedModel === (await supports()), 'the same expectation at 30 km on the submitted basis');
  await db.updateTable('agreements').set({ capacity_per_year: 44 }).where('id', '=', id).execute();
  assert.is((await supports()).supports, 44 + aid, 'a capacity edited');
  await db.updateTable('schemes').set({ capacity_per_year: aid + 8 }).where('code', '=', 'BUSINESS').execute();
  assert.is((await supports()).supports, 52 + aid, 'a direct aid’s capacity');
  await db.deleteFrom('agreement_territories').where('agreement_id', '=', id).execute();
  const lambdaA = async () => (await coverage(db, ['ACCESS', 'BUSINESS'])).epcis.find((e) => e.siren === EPCI_A)!.expectedFromCapacity;
  assert.ok((await lambdaA()) > 0, 'the territory widened to the region: A now expects some');
  await db.insertInto('ess_establishments').values({ epci_siren: EPCI_B, establishments: 10, jobs: null, loaded_at: '2026-01-01T00:00:00.000Z', loaded_by: null }).execute();
  assert.is((await supports()).base, 'ess_establishments');
  assert.is(await lambdaA(), 0, 'establishments as the base: none loaded for A');
  await db.insertInto('settings').values({ key: 'expected_coverage_threshold', value: '0.5' }).onConflict((oc) => oc.column('key').doUpdateSet({ value: '0.5' })).execute();
  assert.is((await supports()).threshold, 0.5, 'the threshold');
});

Equity('how people are reached: site, visit, distance per EPCI and per scheme, adding up to the accompaniments', async ({ db }) => {
  await sql`INSERT INTO sites (id, operator_id, kind, name, commune_code, lat, lon, opened_on, created_at) VALUES (7, 'op-a', 'branch', 'Antenne A', '80001', 50.0, 2.0, '2020-01-01', '2024-01-01')`.execute(db);
  await sql`INSERT INTO site_schemes (site_id, scheme) VALUES (7, 'ACCESS')`.execute(db);
  const lines: LineSpec[] = [
    { ref: 's1', epci: EPCI_A, site: '7' },
    { ref: 's2', epci: EPCI_A, site: '7' },
    { ref: 'v1', epci: EPCI_B, site: 'visite' },
    { ref: 'd1', epci: EPCI_C, site: 'distance' },
    { ref: 'u1', epci: EPCI_A },
  ];
  await report(db, 'op-a', 'ACCESS', '2025-Q1', 'validated', lines);
  // d1 comes back in Q2 on a visit: its latest line decides (one accompaniment, counted once).
  await report(db, 'op-a', 'ACCESS', '2025-Q2', 'validated', [{ ref: 'd1', epci: EPCI_C, site: 'visite' }]);
  await report(db, 'op-b', 'DLA', '2025-Q1', 'validated', [{ ref: 'x1', epci: EPCI_B, site: 'distance' }]);
  const both = await coverage(db, ['ACCESS', 'DLA']);
  const by = new Map(both.epcis.map((e) => [e.siren, e]));
  assert.equal(by.get(EPCI_A)!.reach, { site: 2, visit: 0, distance: 0, unspecified: 1 });
  assert.equal(by.get(EPCI_B)!.reach, { site: 0, visit: 1, distance: 1, unspecified: 0 });
  assert.equal(by.get(EPCI_B)!.reachByScheme, { ACCESS: { site: 0, visit: 1, distance: 0, unspecified: 0 }, DLA: { site: 0, visit: 0, distance: 1, unspecified: 0 } });
  assert.equal(by.get(EPCI_C)!.reach, { site: 0, visit: 1, distance: 0, unspecified: 0 });
  // Sum of reach over EPCIs = accompaniments: 3 + 2 + 1 (A's three, B's ACC'ESS and DLA, C's one).
  const sum = (k: 'site' | 'visit' | 'distance' | 'unspecified') => both.epcis.reduce((s, e) => s + e.reach[k], 0);
  assert.is(sum('site') + sum('visit') + sum('distance') + sum('unspecified'), 6);
  assert.equal(both.summary.reach, { site: 2, visit: 2, distance: 1, unspecified: 1 });
  // Presence: A has the site (within 20 km); B and C were visited; none is reached only at a distance.
  assert.equal([by.get(EPCI_A)!.presence, by.get(EPCI_B)!.presence, by.get(EPCI_C)!.presence], ['site', 'visit', 'visit']);
  assert.equal([both.summary.presentEpcis, both.summary.presentWithVisitsEpcis, both.summary.distanceOnlyEpcis], [1, 3, 0]);
  // DLA alone: B reached only at a distance, and named as such.
  const dla = await coverage(db, ['DLA']);
  const b = dla.epcis.find((e) => e.siren === EPCI_B)!;
  assert.equal([b.presence, b.distanceOnly, dla.summary.distanceOnlyEpcis], ['distance', true, 1]);
});

Equity('agreed territories: covered EPCIs, gaps, and beneficiaries outside the territory counted apart', async ({ db }) => {
  const id = await agreement(db, 'op-a', 'ACCESS', '2024-01-01', '2026-12-31', 20, [['departement', '02']]);
  await agreement(db, 'op-b', 'DLA', '2024-01-01', '2026-12-31', 10, [['epci', EPCI_A]]);
  // op-a: one beneficiary in B (inside 02), one in A (outside its territory); op-b: none.
  await report(db, 'op-a', 'ACCESS', '2025-Q1', 'validated', [{ ref: 'a1', epci: EPCI_B }, { ref: 'a2', epci: EPCI_A }]);
  const rows = await agreementCoverage(db, geo, { basis: 'validated', from: 2025, to: 2025, distanceKm: 20 });
  const access = rows.find((r) => r.id === id)!;
  assert.equal(access.territoryEpcis.sort(), [EPCI_B, EPCI_C].sort());
  assert.equal([access.withBeneficiaries, access.gapEpcis, access.beneficiariesInside, access.beneficiariesOutside], [[EPCI_B], [EPCI_C], 1, 1]);
  const dla = rows.find((r) => r.scheme === 'DLA')!;
  assert.equal([dla.territoryEpcis, dla.gapEpcis], [[EPCI_A], [EPCI_A]]);
  // A site of op-b offering DLA in A closes that gap (presence counts).
  await sql`INSERT INTO sites (id, operator_id, kind, name, commune_code, lat, lon, opened_on, created_at) VALUES (9, 'op-b', 'hq', 'Siège B', '80002', 50.0, 2.1, '2020-01-01', '2024-01-01')`.execute(db);
  await sql`INSERT INTO site_schemes (site_id, scheme) VALUES (9, 'DLA')`.execute(db);
  const again = (await agreementCoverage(db, geo, { basis: 'validated', from: 2025, to: 2025, distanceKm: 20 })).find((r) => r.scheme === 'DLA')!;
  assert.equal([again.withSite, again.gapEpcis], [[EPCI_A], []]);
});

Equity('who is reached: families and size classes each add up to the distinct beneficiaries', async ({ db }) => {
  await report(db, 'op-a', 'ACCESS', '2025-Q1', 'validated', [
    { ref: 'p1' }, // a project holder: « en création »
    { ref: 'c1', siren: '111111111', legalForm: 'association', sizeBand: '01' },
    { ref: 'c2', siren: '222222222', legalForm: 'cooperative', sizeBand: '12' },
    { ref: 'c3', siren: '333333333', legalForm: 'association', sizeBand: '32' },
  ]);
  // c1 again with DLA: one beneficiary; its latest line (Q2) says it became a 3–5 employee association.
  await report(db, 'op-b', 'DLA', '2025-Q2', 'validated', [{ ref: 'x', siren: '111111111', legalForm: 'association', sizeBand: '02' }, { ref: 'y', siren: '444444444', sizeBand: 'NN' }]);
  const year = (await targetsFigures(db, { basis: 'validated', from: 2025, to: 2025, operatorId: null, today: TODAY })).years[0];
  assert.is(year.beneficiaries.distinct, 5);
  const y = year as typeof year & { byFamily: Record<string, number>; bySize: Record<string, number> };
  assert.equal(y.byFamily, { association: 2, cooperative: 1, mutuelle: 0, fondation: 0, societe_commerciale_ess: 0, en_creation: 1, non_renseigne: 1 });
  assert.equal(y.bySize, { sans_salarie: 1, tpe: 1, pme: 1, grande: 1, non_renseigne: 1 });
  const total = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  assert.equal([total(y.byFamily), total(y.bySize)], [5, 5]);
  // The public version: every non-zero family is below 3, so all are hidden, as are the sizes; the distinct 5 stays.
  const all = await targetsFigures(db, { basis: 'validated', from: 2025, to: 2025, operatorId: null, today: TODAY });
  const shown = discloseTargets(all, 3).years[0] as typeof year & { byFamily: Record<string, number | null>; bySize: Record<string, number | null>; hidden: Record<string, string> };
  assert.equal([shown.byFamily.association, shown.hidden['byFamily.association'], shown.byFamily.mutuelle], [null, 'small', 0]);
  assert.equal(Object.values(shown.bySize).filter((v) => v !== null), []);
  assert.is(shown.beneficiaries.distinct, 5);
});

Equity('the underserved test sees zeros: no beneficiary where 2.6 were expected is flagged (mid-p), where 1.3 is not', async ({ db }) => {
  // 160 beneficiaries, all in A: λ_C = 160 × 2,000 / 122,000 = 2.62.
  await report(db, 'op-a', 'ACCESS', '2025-Q1', 'validated', Array.from({ length: 160 }, (_, i) => ({ ref: `r${i}`, epci: EPCI_A })));
  const result = await coverage(db, ['ACCESS']);
  const c = result.epcis.find((e) => e.siren === EPCI_C)!;
  assert.is(c.expected, 2.62);
  // The exact lower tail, e^−2.62 = 0.073, would not flag it; the mid-p, ½ e^−2.62 = 0.036, does.
  assert.ok(poissonLowerTail(0, 2.623) > 0.05);
  assert.is(c.pValue, 0.0363);
  assert.ok(c.underserved);
  // λ = 1.3: zero is seen 27 % of the time (mid-p 0.136): not flagged, and the page says why.
  assert.is(Math.round(poissonMidP(0, 1.3) * 1000) / 1000, 0.136);
  assert.match(result.test.description, /2,3/);
});

Equity.run();
