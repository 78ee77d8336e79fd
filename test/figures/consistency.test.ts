// The pre-aggregated figures (trigger-maintained facts + in-memory mirror) must equal a plain
// computation from the report lines, straight from the rules, after every kind of change.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Db } from '../../db/database.ts';
import { sizeClassOf } from '../../server/domain/beneficiary-classes.ts';
import { PASS_THREADS } from '../../server/figures/cohort-pass.ts';
import { claimRange, HELPER_STARTED, HELPER_WAITING } from '../../server/figures/cohort-ranges.ts';
import { computeCoverage } from '../../server/figures/coverage.ts';
import { reachByUnit } from '../../server/figures/equity.ts';
import { IDENTITY_RANGES } from '../../server/figures/identity-marks.ts';
import { targetsFigures } from '../../server/figures/service.ts';
import { EPCI_A, EPCI_B, EPCI_C, freshDb, type LineSpec, moveTo, smallGeography, upload } from './helpers.ts';
import { prng } from '../helpers/prng.ts';

const geo = smallGeography();
const STAGE_RANK: Record<string, number> = { emergence: 1, creation: 2, developpement: 3, consolidation: 4 };
const STAGES = ['emergence', 'creation', 'developpement', 'consolidation'] as const;

interface CountedLine {
  identity: string;
  operator: string;
  scheme: string;
  year: number;
  quarter: number;
  epci: string;
  stage: string;
  jobs: number;
  created: number;
  type: string;
  legalForm: string | null;
  sizeBand: string | null;
  site: string | null;
}

/** Rule 5: the lines of each report's current revision, validated (or also submitted) reports only. */
async function countedLines(db: Db, basis: 'validated' | 'submitted'): Promise<CountedLine[]> {
  const statuses = basis === 'validated' ? ['validated'] : ['validated', 'submitted'];
  const reports = await db.selectFrom('reports').selectAll().execute();
  const lines = await db.selectFrom('report_lines').selectAll().execute();
  const out: CountedLine[] = [];
  for (const r of reports) {
    if (!statuses.includes(r.status)) continue;
    for (const l of lines) {
      if (l.revision_id !== r.current_revision_id) continue;
      out.push({ identity: l.identity, operator: r.operator_id, scheme: r.scheme, year: r.year, quarter: r.quarter, epci: l.epci_siren, stage: l.stage, jobs: l.jobs_consolidated_fte, created: l.jobs_created_fte, type: l.beneficiary_type, legalForm: l.legal_form, sizeBand: l.size_band, site: l.site });
    }
  }
  return out;
}

/** Rules 3 and 4 for one year, written the plain way. */
function referenceYear(lines: CountedLine[], year: number) {
  const ofYear = lines.filter((l) => l.year === year);
  const identities = new Set(ofYear.map((l) => l.identity));
  const byScheme: Record<string, number> = {};
  for (const scheme of new Set(ofYear.map((l) => l.scheme))) byScheme[scheme] = new Set(ofYear.filter((l) => l.scheme === scheme).map((l) => l.identity)).size;
  const maxOf = (ls: CountedLine[], f: (l: CountedLine) => number) => Math.max(0, ...ls.map(f));
  let jobs = 0;
  let created = 0;
  const byStage: Record<string, number> = { emergence: 0, creation: 0, developpement: 0, consolidation: 0 };
  for (const id of identities) {
    const mine = ofYear.filter((l) => l.identity === id);
    jobs += maxOf(mine, (l) => l.jobs);
    created += maxOf(mine, (l) => l.created);
    const latest = mine.reduce((a, b) => (b.quarter * 8 + STAGE_RANK[b.stage] > a.quarter * 8 + STAGE_RANK[a.stage] ? b : a));
    byStage[latest.stage]++;
  }
  const quarters = [1, 2, 3, 4].map((q) => {
    const upTo = ofYear.filter((l) => l.quarter <= q);
    const ids = new Set(upTo.map((l) => l.identity));
    let j = 0;
    for (const id of ids) j += maxOf(upTo.filter((l) => l.identity === id), (l) => l.jobs);
    return { quarter: q, beneficiaries: ids.size, jobsConsolidated: Math.round(j * 100) / 100 };
  });
  const accompaniments = Object.values(byScheme).reduce((a, b) => a + b, 0);
  // Who is reached (issue 13): each beneficiary once, by its form and size band (constant per identity here).
  const byFamily: Record<string, number> = { association: 0, cooperative: 0, mutuelle: 0, fondation: 0, societe_commerciale_ess: 0, en_creation: 0, non_renseigne: 0 };
  const bySize: Record<string, number> = { sans_salarie: 0, tpe: 0, pme: 0, grande: 0, non_renseigne: 0 };
  for (const id of identities) {
    const line = ofYear.find((l) => l.identity === id)!;
    byFamily[line.legalForm ?? (line.type === 'porteur_projet' ? 'en_creation' : 'non_renseigne')]++;
    bySize[sizeClassOf(line.sizeBand)]++;
  }
  return { distinct: identities.size, accompaniments, byScheme, jobs: Math.round(jobs * 100) / 100, created: Math.round(created * 100) / 100, byStage, quarters, byFamily, bySize };
}

/** How people are reached: per EPCI, each beneficiary × scheme × operator once, by its `lieu`. */
function referenceReach(lines: CountedLine[], from: number, to: number, schemes: readonly string[]) {
  const cohort = lines.filter((l) => l.year >= from && l.year <= to && schemes.includes(l.scheme));
  const result: Record<string, Record<string, number>> = {};
  const seen = new Set<string>();
  for (const l of cohort) {
    const key = `${l.identity}|${l.scheme}|${l.operator}|${l.epci}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result[l.epci] ??= { site: 0, visit: 0, distance: 0, unspecified: 0 };
    result[l.epci][l.site === 'visite' ? 'visit' : l.site === 'distance' ? 'distance' : l.site ? 'site' : 'unspecified']++;
  }
  return result;
}

/** Rule 7 for a cohort: distinct beneficiaries per EPCI; jobs = per beneficiary × EPCI the cohort maximum. */
function referenceCoverage(lines: CountedLine[], from: number, to: number, schemes: string[]) {
  const cohort = lines.filter((l) => l.year >= from && l.year <= to && schemes.includes(l.scheme));
  const result: Record<string, { beneficiaries: number; jobs: number }> = {};
  for (const epci of [EPCI_A, EPCI_B, EPCI_C]) {
    const here = cohort.filter((l) => l.epci === epci);
    const ids = new Set(here.map((l) => l.identity));
    let jobs = 0;
    for (const id of ids) jobs += Math.max(0, ...here.filter((l) => l.identity === id).map((l) => l.jobs));
    result[epci] = { beneficiaries: ids.size, jobs: Math.round(jobs * 100) / 100 };
  }
  return result;
}

async function assertSameFigures(db: Db, label: string): Promise<void> {
  for (const basis of ['validated', 'submitted'] as const) {
    const lines = await countedLines(db, basis);
    for (const operatorId of [null, 'op-a']) {
      const scoped = operatorId ? lines.filter((l) => l.operator === operatorId) : lines;
      const engine = await targetsFigures(db, { basis, from: 2024, to: 2025, operatorId, today: '2030-01-01' });
      for (const y of engine.years) {
        const ref = referenceYear(scoped, y.year);
        const where = `${label}, ${basis}, ${operatorId ?? 'région'}, ${y.year}`;
        assert.is(y.beneficiaries.distinct, ref.distinct, `distinct — ${where}`);
        assert.is(y.beneficiaries.accompaniments, ref.accompaniments, `accompaniments — ${where}`);
        for (const [scheme, n] of Object.entries(ref.byScheme)) assert.is(y.beneficiaries.byScheme[scheme], n, `${scheme} — ${where}`);
        assert.is(y.jobsConsolidated, ref.jobs, `jobs — ${where}`);
        assert.is(y.jobsCreated, ref.created, `created — ${where}`);
        assert.equal(y.byStage, ref.byStage, `stages — ${where}`);
        assert.equal(y.quarters, ref.quarters, `quarters — ${where}`);
        const who = y as typeof y & { byFamily: Record<string, number>; bySize: Record<string, number> };
        assert.equal(who.byFamily, ref.byFamily, `families — ${where}`);
        assert.equal(who.bySize, ref.bySize, `sizes — ${where}`);
      }
      for (const [from, to, schemes] of [[2024, 2025, ['ACCESS', 'DLA', 'DASESS']], [2025, 2025, ['DLA']]] as const) {
        const engine = await computeCoverage(db, geo, { basis, from, to, schemes, distanceKm: 20, operatorId }, []);
        const ref = referenceCoverage(scoped, from, to, [...schemes]);
        for (const e of engine.epcis) {
          const where = `${label}, ${basis}, ${operatorId ?? 'région'}, ${from}–${to} ${schemes.join('+')}, ${e.siren}`;
          assert.is(e.beneficiaries, ref[e.siren].beneficiaries, `EPCI beneficiaries — ${where}`);
          assert.is(e.jobsConsolidated, ref[e.siren].jobs, `EPCI jobs — ${where}`);
          assert.is(e.covered, ref[e.siren].beneficiaries > 0, `covered — ${where}`);
        }
        // Groups of EPCIs (types, départements): each beneficiary once, whatever how many of their EPCIs it is in.
        const inCohort = scoped.filter((l) => l.year >= from && l.year <= to && (schemes as readonly string[]).includes(l.scheme));
        const distinctIn = (epcis: string[]) => new Set(inCohort.filter((l) => epcis.includes(l.epci)).map((l) => l.identity)).size;
        const epcis = [...geo.epcis.values()];
        for (const t of engine.summary.byType) assert.is(t.beneficiaries, distinctIn(epcis.filter((e) => e.type === t.type).map((e) => e.siren)), `type ${t.type} — ${label}`);
        for (const d of engine.summary.byDepartement) {
          assert.is(d.beneficiaries, distinctIn(epcis.filter((e) => e.departements.includes(d.departement)).map((e) => e.siren)), `département ${d.departement} — ${label}`);
        }
        const reach = await reachByUnit(db, geo, { basis, from, to, schemes, operatorId });
        const refReach = referenceReach(scoped, from, to, schemes);
        for (const siren of [EPCI_A, EPCI_B, EPCI_C]) {
          assert.equal(reach.get(siren)?.total ?? { site: 0, visit: 0, distance: 0, unspecified: 0 }, refReach[siren] ?? { site: 0, visit: 0, distance: 0, unspecified: 0 }, `reach — ${label}, ${basis}, ${operatorId ?? 'région'}, ${from}–${to} ${schemes.join('+')}, ${siren}`);
        }
      }
    }
  }
}

const Consistency = suite('pre-aggregated figures');

// Ranges of 3 identities (4,096 in production): the cohort passes then cross many range boundaries on this
// small dataset, and yield between ranges as they would at a million lines. Every pass is offered to the
// figures worker (40,000 rows in production), so that the main thread and the worker share its ranges.
Consistency.before(() => {
  IDENTITY_RANGES.size = 3;
  PASS_THREADS.minRows = 0;
});
Consistency.after(() => {
  IDENTITY_RANGES.size = 4096;
  PASS_THREADS.minRows = 40_000;
});

Consistency('equal a direct computation from the lines through validations, returns, reopenings and new revisions', async () => {
  const random = prng(20251123);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const db = await freshDb();
  const randomLines = (): LineSpec[] => {
    const refs = new Set<string>();
    const count = 1 + Math.floor(random() * 6);
    const lines: LineSpec[] = [];
    while (lines.length < count) {
      const ref = `R${Math.floor(random() * 12)}`;
      if (refs.has(ref)) continue;
      refs.add(ref);
      const digit = Math.floor(random() * 8);
      const siren = random() < 0.5 ? `10000000${digit}` : null;
      // Form, size and place are the company's (or the reference's): one value per identity.
      const placeOf = siren ? digit : Number(ref.slice(1));
      lines.push({
        ref,
        siren,
        legalForm: siren ? ['association', 'cooperative', null][digit % 3] : null,
        sizeBand: siren ? ['01', '12', null, 'NN', '41'][digit % 5] : null,
        site: ['visite', 'distance', null][placeOf % 3],
        epci: pick([EPCI_A, EPCI_A, EPCI_B, EPCI_C]),
        stage: pick(STAGES),
        jobs: Math.round(random() * 40) / 4,
        created: Math.round(random() * 8) / 4,
      });
    }
    return lines;
  };
  const periods = ['2024-Q1', '2024-Q3', '2025-Q1', '2025-Q2', '2025-Q4'];
  const keys: Array<[string, string, string]> = [];
  for (const operator of ['op-a', 'op-b']) for (const scheme of ['ACCESS', 'DLA', 'DASESS']) for (const period of periods) keys.push([operator, scheme, period]);

  let checks = 0;
  for (let step = 0; step < 60; step++) {
    const [operator, scheme, period] = pick(keys);
    const existing = await db.selectFrom('reports').select(['id', 'status']).where('operator_id', '=', operator).where('scheme', '=', scheme).where('period', '=', period).executeTakeFirst();
    let action: string;
    if (!existing || existing.status === 'draft' || existing.status === 'returned') {
      const id = await upload(db, operator, scheme, period, randomLines());
      action = pick(['draft', 'submitted', 'validated', 'validated']);
      await moveTo(db, id, action as 'draft');
      action = `upload → ${action}`;
    } else if (existing.status === 'submitted') {
      action = pick(['validated', 'returned']);
      await moveTo(db, existing.id, action as 'validated');
    } else {
      // validated: reopen, and half the time replace the lines with a new revision and validate again.
      await moveTo(db, existing.id, 'draft');
      action = 'reopen';
      if (random() < 0.5) {
        await upload(db, operator, scheme, period, randomLines());
        await moveTo(db, existing.id, 'validated');
        action = 'reopen, new revision, validate';
      }
    }
    await assertSameFigures(db, `step ${step} (${operator} ${scheme} ${period}: ${action})`);
    checks++;
  }
  assert.is(checks, 60);
  // The dataset did exercise every status.
  const statuses = new Set((await db.selectFrom('reports').select('status').execute()).map((r) => r.status));
  assert.ok(statuses.has('validated'));
});

Consistency('equal a direct computation when lines are written straight into a validated report', async () => {
  // A bulk loader (demo seeding, benchmark) may insert lines into a report that already counts.
  const db = await freshDb();
  const id = await upload(db, 'op-a', 'ACCESS', '2025-Q2', [{ ref: 'first', jobs: 1 }]);
  await moveTo(db, id, 'validated');
  const report = await db.selectFrom('reports').select('current_revision_id').where('id', '=', id).executeTakeFirstOrThrow();
  await db
    .insertInto('report_lines')
    .values({
      revision_id: report.current_revision_id!,
      line_no: 3,
      beneficiary_ref: 'late',
      siret: null,
      siren: '999999999',
      identity: 'siren:999999999',
      beneficiary_type: 'entreprise',
      legal_form: null,
      commune_input: null,
      commune_code: '02001',
      epci_siren: EPCI_B,
      stage: 'developpement',
      start_date: '2025-04-01',
      end_date: null,
      jobs_consolidated_fte: 6,
      jobs_created_fte: 0,
      amount_eur: null,
      site: null,
      creation_date: null,
    })
    .execute();
  await assertSameFigures(db, 'after a direct insert');
  await db.deleteFrom('report_lines').where('beneficiary_ref', '=', 'late').execute();
  await assertSameFigures(db, 'after a direct delete');
});

Consistency('equal a direct computation when the figures worker dies holding ranges', async () => {
  // The worker begins, takes two ranges and dies before giving back what it counted in them: the main
  // thread, having counted the others, must count the whole pass again rather than answer without them.
  const realHelp = PASS_THREADS.help;
  let died = 0;
  PASS_THREADS.help = async (input) => {
    if (Atomics.compareExchange(input.claims, 1, HELPER_WAITING, HELPER_STARTED) !== HELPER_WAITING) return null;
    claimRange(input);
    claimRange(input);
    died++;
    throw new Error('worker died');
  };
  try {
    const db = await freshDb();
    const lines = (prefix: string, epci: string): LineSpec[] => Array.from({ length: 12 }, (_, i) => ({ ref: `${prefix}${i}`, epci, jobs: i / 2 }));
    for (const [operator, period, epci] of [['op-a', '2024-Q2', EPCI_A], ['op-b', '2025-Q1', EPCI_B], ['op-a', '2025-Q3', EPCI_C]] as const) {
      await moveTo(db, await upload(db, operator, 'ACCESS', period, lines(`${operator}-${period}-`, epci)), 'validated');
    }
    await assertSameFigures(db, 'with a worker that dies');
    assert.ok(died > 0, 'the passes were offered to the dying worker');
  } finally {
    PASS_THREADS.help = realHelp;
  }
});

Consistency.run();
