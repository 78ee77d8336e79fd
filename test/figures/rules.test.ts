// One small hand-computed dataset per counting rule (DOMAIN.md rules 3–7), read through the engine.
import { sql } from 'kysely';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Db } from '../../db/database.ts';
import { computeCoverage, poissonLowerTail } from '../../server/figures/coverage.ts';
import { dueQuarters } from '../../server/figures/reporting.ts';
import { targetsFigures } from '../../server/figures/service.ts';
import { projectYear, type YearFigures } from '../../server/figures/targets.ts';
import { EPCI_A, EPCI_B, EPCI_C, freshDb, moveTo, report, smallGeography, upload } from './helpers.ts';

const geo = smallGeography();
const year = async (db: Db, y: number, basis: 'validated' | 'submitted' = 'validated') =>
  (await targetsFigures(db, { basis, from: y, to: y, operatorId: null, today: '2030-01-01' })).years[0];
const coverage = (db: Db, from: number, to: number, schemes = ['ACCESS', 'DLA', 'FIDESS', 'DASESS']) =>
  computeCoverage(db, geo, { basis: 'validated', from, to, schemes, distanceKm: 20 }, []);

const Rules = suite<{ db: Db }>('counting rules');
Rules.before.each(async (context) => {
  context.db = await freshDb();
});

Rules('a company followed four quarters counts once', async ({ db }) => {
  for (const q of [1, 2, 3, 4]) await report(db, 'op-a', 'ACCESS', `2025-Q${q}`, 'validated', [{ ref: 'P1' }]);
  const figures = await year(db, 2025);
  assert.is(figures.beneficiaries.distinct, 1);
  assert.is(figures.beneficiaries.accompaniments, 1);
  assert.equal(figures.quarters.map((q) => q.beneficiaries), [1, 1, 1, 1]);
});

Rules('the same SIREN in ACCESS and DASESS counts once in the total and twice in accompaniments', async ({ db }) => {
  await report(db, 'op-a', 'ACCESS', '2025-Q1', 'validated', [{ ref: 'A-1', siren: '123456789' }]);
  await report(db, 'op-b', 'DASESS', '2025-Q2', 'validated', [{ ref: 'D-9', siren: '123456789', stage: 'consolidation', jobs: 3 }]);
  const figures = await year(db, 2025);
  assert.is(figures.beneficiaries.distinct, 1);
  assert.is(figures.beneficiaries.accompaniments, 2);
  assert.is(figures.beneficiaries.byScheme.ACCESS, 1);
  assert.is(figures.beneficiaries.byScheme.DASESS, 1);
  assert.is(figures.beneficiaries.byScheme.DLA, 0);
});

Rules('without a SIREN, the same reference at two operators is two beneficiaries', async ({ db }) => {
  await report(db, 'op-a', 'ACCESS', '2025-Q1', 'validated', [{ ref: 'X' }]);
  await report(db, 'op-b', 'ACCESS', '2025-Q1', 'validated', [{ ref: 'X' }]);
  assert.is((await year(db, 2025)).beneficiaries.distinct, 2);
});

Rules('consolidated jobs are the yearly maximum per beneficiary, not a sum over quarters or schemes', async ({ db }) => {
  await report(db, 'op-a', 'DLA', '2025-Q1', 'validated', [{ ref: 'a', siren: '111111111', stage: 'developpement', jobs: 3, created: 1 }]);
  await report(db, 'op-a', 'DLA', '2025-Q2', 'validated', [{ ref: 'a', siren: '111111111', stage: 'developpement', jobs: 5, created: 2 }]);
  await report(db, 'op-a', 'DLA', '2025-Q3', 'validated', [{ ref: 'a', siren: '111111111', stage: 'consolidation', jobs: 4, created: 0 }]);
  await report(db, 'op-b', 'DASESS', '2025-Q3', 'validated', [{ ref: 'z', siren: '111111111', stage: 'consolidation', jobs: 4.5 }]);
  await report(db, 'op-b', 'DASESS', '2025-Q4', 'validated', [{ ref: 'y', siren: '222222222', stage: 'consolidation', jobs: 2 }]);
  const figures = await year(db, 2025);
  assert.is(figures.jobsConsolidated, 7); // 5 + 2, not 3 + 5 + 4 + 4.5 + 2
  assert.is(figures.jobsCreated, 2);
  assert.equal(figures.quarters.map((q) => q.jobsConsolidated), [3, 5, 5, 7]);
});

Rules('a beneficiary counts once per stage table, at its latest stage of the year', async ({ db }) => {
  await report(db, 'op-a', 'DLA', '2025-Q1', 'validated', [{ ref: 'a', siren: '111111111', stage: 'developpement' }]);
  await report(db, 'op-a', 'DLA', '2025-Q3', 'validated', [{ ref: 'a', siren: '111111111', stage: 'consolidation' }]);
  await report(db, 'op-a', 'ACCESS', '2025-Q2', 'validated', [{ ref: 'p', stage: 'emergence' }]);
  const figures = await year(db, 2025);
  assert.equal(figures.byStage, { emergence: 1, creation: 0, developpement: 0, consolidation: 1 });
});

Rules('drafts and returned reports never count', async ({ db }) => {
  await upload(db, 'op-a', 'ACCESS', '2025-Q1', [{ ref: 'draft' }]);
  await report(db, 'op-a', 'ACCESS', '2025-Q2', 'returned', [{ ref: 'returned' }]);
  for (const basis of ['validated', 'submitted'] as const) {
    const figures = await year(db, 2025, basis);
    assert.is(figures.beneficiaries.distinct, 0, basis);
  }
  assert.is((await coverage(db, 2025, 2025)).summary.epciCovered, 0);
});

Rules('submitted reports count only with basis=submitted', async ({ db }) => {
  await report(db, 'op-a', 'ACCESS', '2025-Q1', 'submitted', [{ ref: 's1' }, { ref: 's2' }]);
  await report(db, 'op-a', 'ACCESS', '2025-Q2', 'validated', [{ ref: 'v1' }]);
  assert.is((await year(db, 2025, 'validated')).beneficiaries.distinct, 1);
  assert.is((await year(db, 2025, 'submitted')).beneficiaries.distinct, 3);
});

Rules('a report validated, reopened, corrected and validated again counts its new lines only', async ({ db }) => {
  const id = await report(db, 'op-a', 'ACCESS', '2025-Q1', 'validated', [{ ref: 'old1' }, { ref: 'old2' }]);
  assert.is((await year(db, 2025)).beneficiaries.distinct, 2);
  await moveTo(db, id, 'draft');
  assert.is((await year(db, 2025)).beneficiaries.distinct, 0);
  await upload(db, 'op-a', 'ACCESS', '2025-Q1', [{ ref: 'new1' }]);
  await moveTo(db, id, 'validated');
  assert.is((await year(db, 2025)).beneficiaries.distinct, 1);
});

Rules('coverage is judged over the cohort, not year by year', async ({ db }) => {
  await report(db, 'op-a', 'ACCESS', '2024-Q2', 'validated', [{ ref: 'b', epci: EPCI_B }]);
  await report(db, 'op-a', 'ACCESS', '2025-Q1', 'validated', [{ ref: 'a', epci: EPCI_A }]);
  const covered = async (from: number, to: number) => (await coverage(db, from, to)).epcis.filter((e) => e.covered).map((e) => e.siren);
  assert.equal(await covered(2024, 2025), [EPCI_A, EPCI_B]);
  assert.equal(await covered(2025, 2025), [EPCI_A]);
  assert.equal(await covered(2024, 2024), [EPCI_B]);
  const cohort = await coverage(db, 2024, 2025);
  assert.is(cohort.summary.epciCovered, 2);
  assert.is(cohort.summary.populationCoveredPct, 98.36); // 120,000 of 122,000
});

Rules('changing only the distance keeps the beneficiaries; a validation made after it shows at once', async ({ db }) => {
  await addSite(db, '80001', 2.0, 50.0, '2020-01-01', null); // in A; B is 70 km east
  await report(db, 'op-a', 'ACCESS', '2025-Q1', 'validated', [{ ref: 'a', epci: EPCI_A }]);
  const at = (distanceKm: number) => computeCoverage(db, geo, { basis: 'validated', from: 2025, to: 2025, schemes: ['ACCESS'], distanceKm }, []);
  const near = await at(20);
  const far = await at(80);
  assert.is(near.summary.beneficiaries, 1);
  assert.is(far.summary.beneficiaries, 1);
  assert.is(near.epcis.find((e) => e.siren === EPCI_B)!.populationWithinDistancePct, 0);
  assert.is(far.epcis.find((e) => e.siren === EPCI_B)!.populationWithinDistancePct, 100);
  // A new beneficiary in B: the cached cohort tally must not hide it, whatever the distance asked next.
  await report(db, 'op-a', 'ACCESS', '2025-Q2', 'validated', [{ ref: 'b', epci: EPCI_B }]);
  const after = await at(50);
  assert.is(after.summary.beneficiaries, 2);
  assert.is(after.epcis.find((e) => e.siren === EPCI_B)!.beneficiaries, 1);
});

Rules('coverage counts only the chosen schemes', async ({ db }) => {
  await report(db, 'op-a', 'DLA', '2025-Q1', 'validated', [{ ref: 'd', epci: EPCI_C, stage: 'developpement' }]);
  assert.is((await coverage(db, 2025, 2025, ['ACCESS'])).summary.epciCovered, 0);
  assert.is((await coverage(db, 2025, 2025, ['ACCESS', 'DLA'])).summary.epciCovered, 1);
});

async function addSite(db: Db, commune: string, lon: number, lat: number, opened: string, closed: string | null, scheme = 'ACCESS', kind = 'branch') {
  const { rows } = await sql<{ id: number }>`INSERT INTO sites (operator_id, kind, name, commune_code, lat, lon, opened_on, closed_on, created_at)
    VALUES ('op-a', ${kind}, 'Site', ${commune}, ${lat}, ${lon}, ${opened}, ${closed}, '2024-01-01') RETURNING id`.execute(db);
  await sql`INSERT INTO site_schemes (site_id, scheme) VALUES (${rows[0].id}, ${scheme})`.execute(db);
}

Rules('a site closed before the cohort, or opened after it, does not count for presence', async ({ db }) => {
  await addSite(db, '02001', 3.0, 50.0, '2020-01-01', '2023-12-31'); // in B, closed before 2024
  await addSite(db, '80001', 2.0, 50.0, '2027-01-01', null); // in A, opens after the cohort
  const before = await coverage(db, 2024, 2025);
  assert.is(before.summary.populationWithinDistancePct, 0);
  assert.equal(before.epcis.map((e) => e.sites.branch), [0, 0, 0]);
  // The same closed site counts for a cohort it was open in.
  const earlier = await coverage(db, 2023, 2023);
  const b = earlier.epcis.find((e) => e.siren === EPCI_B)!;
  assert.is(b.populationWithinDistancePct, 100);
  assert.is(b.nearestSiteKm, 0);
  assert.is(b.sites.branch, 1);
});

Rules('presence is the share of population within the distance, and the nearest distance is population-weighted', async ({ db }) => {
  await addSite(db, '80001', 2.0, 50.0, '2020-01-01', null); // at commune 80001
  const result = await coverage(db, 2024, 2024);
  const a = result.epcis.find((e) => e.siren === EPCI_A)!;
  // 80002 lies 0.1° of longitude east at 50°N: 7.15 km; weighted by 60,000 × 0 and 40,000 × 7.15.
  assert.is(a.populationWithinDistancePct, 100);
  assert.is(a.nearestSiteKm, 2.86);
  const b = result.epcis.find((e) => e.siren === EPCI_B)!;
  assert.is(b.populationWithinDistancePct, 0); // 71.5 km away
  assert.is(result.summary.populationWithinDistancePct, 81.97); // 100,000 / 122,000
  // Another scheme's site does not count.
  assert.is((await coverage(db, 2024, 2024, ['DLA'])).summary.populationWithinDistancePct, 0);
});

Rules('the Poisson test flags an EPCI with clearly fewer beneficiaries than its population share', async ({ db }) => {
  const lines = Array.from({ length: 50 }, (_, i) => ({ ref: `r${i}`, epci: EPCI_A }));
  await report(db, 'op-a', 'ACCESS', '2025-Q1', 'validated', lines);
  const result = await coverage(db, 2025, 2025);
  const byEpci = new Map(result.epcis.map((e) => [e.siren, e]));
  // λ_B = 50 × 20,000 / 122,000 = 8.20; mid-p for 0 seen: ½ P(X = 0) = ½ e^−8.20 = 0.00014 < 0.05.
  assert.is(byEpci.get(EPCI_B)!.expected, 8.2);
  assert.ok(byEpci.get(EPCI_B)!.underserved);
  assert.is(byEpci.get(EPCI_B)!.pValue, 0.0001);
  // λ_C = 0.82: seeing none is likely (mid-p ½ e^−0.82 = 0.2203), so C is not flagged.
  assert.not.ok(byEpci.get(EPCI_C)!.underserved);
  assert.is(byEpci.get(EPCI_C)!.pValue, 0.2203);
  assert.not.ok(byEpci.get(EPCI_A)!.underserved);
  assert.is(result.test.name, 'Poisson');
  assert.is(result.test.alpha, 0.05);
  assert.is(poissonLowerTail(0, 0), 1);
});

Rules('the projection uses the share of the year previous years had reached at the same quarter', () => {
  const year = (y: number, q: number[], total: number): YearFigures => ({
    year: y,
    beneficiaries: { distinct: total, accompaniments: total, byScheme: {} },
    tessEpcis: 0,
    byStage: { emergence: 0, creation: 0, developpement: 0, consolidation: 0 },
    jobsConsolidated: total * 2,
    jobsCreated: 0,
    quarters: q.map((b, i) => ({ quarter: i + 1, beneficiaries: b, jobsConsolidated: b * 2 })),
  });
  const previous = [year(2023, [200, 400, 600, 800], 800), year(2024, [300, 500, 700, 1000], 1000)];
  const current = year(2025, [250, 450, 450, 450], 450);
  const projection = projectYear(current, previous, 2)!;
  // Half-year shares: 400/800 = 0.5 and 500/1000 = 0.5 → 450 / 0.5.
  assert.is(projection.method, 'share_of_previous_years');
  assert.is(projection.beneficiaries, 900);
  assert.match(projection.description, /T2/);
  const linear = projectYear(current, [], 1)!;
  assert.is(linear.method, 'linear');
  assert.is(linear.beneficiaries, 1000);
  assert.is(projectYear(current, previous, 0), null);
});

Rules('the projection falls back to a linear share for jobs when earlier years had none at that quarter, and says so', () => {
  const year = (y: number, beneficiaries: number[], jobs: number[]): YearFigures => ({
    year: y,
    beneficiaries: { distinct: beneficiaries[3], accompaniments: beneficiaries[3], byScheme: {} },
    tessEpcis: 0,
    byStage: { emergence: 0, creation: 0, developpement: 0, consolidation: 0 },
    jobsConsolidated: jobs[3],
    jobsCreated: 0,
    quarters: beneficiaries.map((b, i) => ({ quarter: i + 1, beneficiaries: b, jobsConsolidated: jobs[i] })),
  });
  const previous = [year(2024, [100, 200, 300, 400], [0, 10, 20, 40])];
  const current = year(2025, [120, 120, 120, 120], [6, 6, 6, 6]);
  const projection = projectYear(current, previous, 1)!;
  assert.is(projection.beneficiaries, 480); // 120 ÷ 25 %
  assert.is(projection.jobsConsolidated, 24); // 6 × 4 ÷ 1, not 6 ÷ 0 %
  assert.match(projection.description, /aucun emploi consolidé à cette date/);
  assert.not.match(projection.description, /25,0 % des emplois/);
});

Rules('the projection rests on the last quarter whose reports are due, not the last one ended', () => {
  // T1 2025 ends on 31 March; with 30 days its reports are due on 30 April.
  assert.is(dueQuarters(2025, '2025-04-20', 30), 0);
  assert.is(dueQuarters(2025, '2025-05-01', 30), 1);
  assert.is(dueQuarters(2025, '2025-12-01', 30), 3);
  assert.is(dueQuarters(2025, '2025-04-02', 0), 1);
});

Rules.run();
