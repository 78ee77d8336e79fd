// The shapes of the figure routes' JSON answers, as zod schemas: the OpenAPI document states them as success
// schemas and the routes check their answers against them at compile time (`satisfies`), so the engine's
// types (targets.ts, coverage.ts, completeness.ts) and the published contract cannot drift (issue 9).
import { z } from 'zod';

const count = z.number().int().min(0);
const pct = z.number().describe('Pourcentage, 0–100');
const basis = z.enum(['validated', 'submitted']).describe('validated : chiffres officiels ; submitted : validés et soumis (provisoire)');
const stageCounts = z.object({ emergence: count, creation: count, developpement: count, consolidation: count });

const YearFigures = z.object({
  year: z.number().int(),
  beneficiaries: z.object({
    distinct: count.describe('Bénéficiaires distincts (SIREN, sinon opérateur + référence)'),
    accompaniments: count.describe('Somme des bénéficiaires distincts de chaque dispositif'),
    byScheme: z.record(z.string(), count),
  }),
  byStage: stageCounts.describe('Chaque bénéficiaire une fois, à son dernier stade de l’année'),
  jobsConsolidated: z.number(),
  jobsCreated: z.number(),
  quarters: z.array(z.object({ quarter: z.number().int().min(1).max(4), beneficiaries: count, jobsConsolidated: z.number() })),
  targets: z.object({ beneficiaries: z.number(), jobsConsolidated: z.number() }),
  share: z.object({ beneficiaries: pct.nullable(), jobsConsolidated: pct.nullable() }).describe('Part de l’objectif atteinte'),
  projection: z
    .object({
      beneficiaries: z.number(),
      jobsConsolidated: z.number(),
      method: z.string().describe('share_of_previous_years ou linear'),
      description: z.string(),
      basedOnQuarter: z.number().int(),
    })
    .nullable()
    .describe('Projection de fin d’année (année en cours seulement)'),
});

export const TargetsAnswer = z.object({
  basis,
  from: z.number().int(),
  to: z.number().int(),
  generatedAt: z.string(),
  operator: z.string().nullable(),
  years: z.array(YearFigures),
  regional: z
    .array(z.object({ year: z.number().int(), distinct: count, accompaniments: count, jobsConsolidated: z.number(), jobsCreated: z.number() }))
    .optional()
    .describe('Avec un opérateur : les totaux régionaux par année'),
  notes: z.object({ distinct: z.string(), accompaniments: z.string(), byStage: z.string(), jobs: z.string(), basis: z.string() }),
});

const GroupSummary = z.object({
  epciTotal: count,
  epciCovered: count,
  population: count,
  beneficiaries: count,
  populationCoveredPct: pct,
  populationWithinDistancePct: pct,
  underserved: count,
});

const EpciCoverage = z.object({
  siren: z.string(),
  name: z.string(),
  type: z.enum(['METRO', 'CU', 'CA', 'CC']),
  typeLabel: z.string(),
  population: count,
  departements: z.array(z.string()),
  interregional: z.boolean(),
  beneficiaries: count,
  per10k: z.number(),
  jobsConsolidated: z.number(),
  covered: z.boolean(),
  sites: z.object({ hq: count, branch: count, outreach: count }),
  nearestSiteKm: z.number().nullable().describe('Moyenne, pondérée par la population des communes, de la distance au site ouvert le plus proche'),
  populationWithinDistancePct: pct,
  expected: z.number(),
  pValue: z.number(),
  underserved: z.boolean(),
  zones: z.array(z.string()),
  regionalBeneficiaries: count.optional(),
  regionalCovered: z.boolean().optional(),
});

export const CoverageAnswer = z.object({
  cohort: z.object({ from: z.number().int(), to: z.number().int(), start: z.string(), end: z.string() }),
  schemes: z.array(z.string()),
  basis,
  distanceKm: z.number(),
  summary: GroupSummary.extend({
    byType: z.array(GroupSummary.extend({ type: z.enum(['METRO', 'CU', 'CA', 'CC']), label: z.string() })),
    byDepartement: z.array(GroupSummary.extend({ departement: z.string() })),
    byZone: z.array(GroupSummary.extend({ id: z.string(), name: z.string(), epcis: z.array(z.string()) })),
  }),
  epcis: z.array(EpciCoverage),
  test: z.object({ name: z.string(), alpha: z.number(), description: z.string() }),
  regional: GroupSummary.optional().describe('Avec un opérateur : le résumé régional'),
  operator: z.string().nullable(),
  generatedAt: z.string(),
});

const CompletenessTotals = z.object({
  expected: count,
  due: count,
  submitted: count,
  validated: count,
  late: count,
  missing: count,
  outsideAgreement: count.describe('Rapports déposés sans convention en vigueur (hors taux)'),
  onTimeRatePct: pct.nullable(),
  overallRatePct: pct.nullable(),
});

export const CompletenessAnswer = z.object({
  year: z.number().int(),
  today: z.string(),
  dueDays: z.number().int(),
  rows: z.array(
    z.object({
      operatorId: z.string(),
      operatorName: z.string(),
      scheme: z.string(),
      period: z.string(),
      quarter: z.number().int(),
      due: z.string(),
      expected: z.number().int(),
      isDue: z.number().int(),
      status: z.enum(['draft', 'submitted', 'validated', 'returned', 'expected']),
      firstSubmittedOn: z.string().nullable(),
      submitted: z.number().int(),
      validated: z.number().int(),
      late: z.number().int(),
      missing: z.number().int(),
    }),
  ),
  totals: CompletenessTotals,
  byScheme: z.array(CompletenessTotals.extend({ scheme: z.string() })),
  byQuarter: z.array(CompletenessTotals.extend({ quarter: z.number().int() })),
  regional: CompletenessTotals.optional(),
  operator: z.string().nullable(),
  generatedAt: z.string(),
});

export const ZoneAnswer = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  createdAt: z.string(),
  epcis: z.array(z.object({ siren: z.string(), name: z.string() })),
});
