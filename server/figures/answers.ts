// The shapes of the figure routes' JSON answers, as zod schemas: the OpenAPI document states them as success
// schemas and the routes check their answers against them at compile time (`satisfies`), so the engine's
// types (targets.ts, coverage.ts, completeness.ts) and the published contract cannot drift (issue 9).
import { z } from 'zod';

const count = z.number().int().min(0);
/** A count of beneficiaries, or a figure that reveals one: null when masked (disclosure=public), see `hidden`. */
const maskable = count.nullable();
const maskableNumber = z.number().nullable();
const hidden = z
  .record(z.string(), z.enum(['small', 'complement']))
  .optional()
  .describe('Champs masqués par le secret des petits nombres (disclosure=public) : small (« < seuil »), complement (secret complémentaire)');
const disclosure = z
  .object({ mode: z.literal('public'), threshold: z.number().int(), rule: z.string() })
  .optional()
  .describe('Présent quand le secret des petits nombres est appliqué');
const yearReporting = z.object({
  year: z.number().int(),
  quartersDue: z.number().int().min(0).max(4).describe('Trimestres dont les rapports sont échus'),
  complete: z.boolean(),
  label: z.string().nullable().describe('« année en cours : T1–T3 reçus », « pas encore de données », null si complète'),
});
const cohortReporting = z.object({
  complete: z.boolean(),
  noDataYet: z.boolean().describe('Aucun rapport de la cohorte n’est encore échu : pas encore de données'),
  incomplete: z.array(yearReporting),
  label: z.string().nullable(),
});
const pct = z.number().describe('Pourcentage, 0–100');
const basis = z.enum(['validated', 'submitted']).describe('validated : chiffres officiels ; submitted : validés et soumis (provisoire)');
const stageCounts = z.object({ emergence: maskable, creation: maskable, developpement: maskable, consolidation: maskable });

const YearFigures = z.object({
  year: z.number().int(),
  beneficiaries: z.object({
    distinct: maskable.describe('Bénéficiaires distincts (SIREN, sinon opérateur + référence)'),
    accompaniments: maskable.describe('Somme des bénéficiaires distincts de chaque dispositif'),
    byScheme: z.record(z.string(), maskable),
  }),
  tessEpcis: count.describe('EPCI distincts soutenus par TESS (plans d’action ESS) : comptés à part, jamais parmi les bénéficiaires'),
  byStage: stageCounts.describe('Chaque bénéficiaire une fois, à son dernier stade de l’année'),
  byFamily: z.record(z.string(), maskable).optional().describe('Par famille de l’ESS (forme juridique de la dernière ligne de l’année) : association, cooperative, mutuelle, fondation, societe_commerciale_ess, en_creation, non_renseigne ; somme = distincts'),
  bySize: z.record(z.string(), maskable).optional().describe('Par taille (tranche d’effectif INSEE de la dernière ligne) : sans_salarie, tpe, pme, grande, non_renseigne ; somme = distincts'),
  jobsConsolidated: maskableNumber,
  jobsCreated: maskableNumber,
  quarters: z.array(z.object({ quarter: z.number().int().min(1).max(4), beneficiaries: maskable, jobsConsolidated: maskableNumber })),
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
  reporting: yearReporting,
  hidden,
});

export const TargetsAnswer = z.object({
  basis,
  from: z.number().int(),
  to: z.number().int(),
  generatedAt: z.string(),
  operator: z.string().nullable(),
  years: z.array(YearFigures),
  regional: z
    .array(z.object({ year: z.number().int(), distinct: maskable, accompaniments: count, jobsConsolidated: maskableNumber, jobsCreated: maskableNumber }))
    .optional()
    .describe('Avec un opérateur : les totaux régionaux par année'),
  notes: z.object({ distinct: z.string(), accompaniments: z.string(), tess: z.string(), byStage: z.string(), jobs: z.string(), basis: z.string() }),
  disclosure,
});

const GroupSummary = z.object({
  epciTotal: count,
  epciCovered: count,
  population: count,
  beneficiaries: maskable,
  populationCoveredPct: pct,
  populationWithinDistancePct: pct,
  underserved: count,
  hidden,
});

const Reach = z
  .object({ site: count, visit: count, distance: count, unspecified: count })
  .describe('Accompagnements (bénéficiaire × dispositif × opérateur sur la cohorte) selon le lieu de leur dernière ligne : sur un site, en visite, à distance, non renseigné');
const maskedReach = Reach.nullable().describe('null dans la version publique (publié pour la région seulement)');
const UnitEquity = {
  expectedFromCapacity: z.number().optional().describe('Bénéficiaires attendus des capacités des conventions et aides (λ du modèle)'),
  coverageProbability: z.number().min(0).max(1).optional().describe('Probabilité d’avoir au moins un bénéficiaire si les capacités étaient réparties en proportion : 1 − e^−λ'),
  expectedGap: z.boolean().optional().describe('Non couvert alors que la couverture était attendue (probabilité ≥ seuil)'),
  reach: maskedReach.optional(),
  reachByScheme: z.record(z.string(), Reach).nullable().optional(),
  presence: z.enum(['site', 'visit', 'distance', 'none']).optional().describe('Lieu à distance ; sinon visites ; sinon accompagnements à distance seulement ; sinon aucun'),
  distanceOnly: z.boolean().optional().describe('Bénéficiaires tous accompagnés à distance'),
};

const EpciCoverage = z.object({
  siren: z.string(),
  name: z.string(),
  type: z.enum(['METRO', 'CU', 'CA', 'CC']),
  typeLabel: z.string(),
  population: count,
  departements: z.array(z.string()),
  interregional: z.boolean(),
  beneficiaries: maskable,
  per10k: maskableNumber,
  jobsConsolidated: maskableNumber,
  covered: z.boolean(),
  sites: z.object({ hq: count, branch: count, outreach: count }),
  nearestSiteKm: z.number().nullable().describe('Moyenne, pondérée par la population des communes, de la distance au site ouvert le plus proche'),
  populationWithinDistancePct: pct,
  expected: z.number(),
  pValue: maskableNumber,
  underserved: z.boolean(),
  zones: z.array(z.string()),
  regionalBeneficiaries: maskable.optional(),
  regionalCovered: z.boolean().optional(),
  tess: z.boolean().optional().describe('Plan d’action ESS financé par TESS sur la cohorte (TESS parmi les dispositifs choisis) ; absent des chiffres figés avant son ajout'),
  ...UnitEquity,
  hidden,
});

const OutsideEpciCoverage = z
  .object({
    communes: z.array(z.object({ code: z.string(), name: z.string(), departement: z.string(), population: count })),
    population: count,
    departements: z.array(z.string()),
    beneficiaries: maskable,
    per10k: maskableNumber,
    jobsConsolidated: maskableNumber,
    covered: z.boolean(),
    nearestSiteKm: z.number().nullable(),
    populationWithinDistancePct: pct,
    expected: z.number(),
    pValue: maskableNumber,
    underserved: z.boolean(),
    regionalBeneficiaries: maskable.optional(),
    ...UnitEquity,
    hidden,
  })
  .describe('Communes hors EPCI (L’Île-d’Yeu en Pays de la Loire), comptées ensemble dans les totaux de la région et de leur département, jamais dans un EPCI');

export const CoverageAnswer = z.object({
  cohort: z.object({ from: z.number().int(), to: z.number().int(), start: z.string(), end: z.string() }),
  schemes: z.array(z.string()),
  basis,
  distanceKm: z.number(),
  summary: GroupSummary.extend({
    byType: z.array(GroupSummary.extend({ type: z.enum(['METRO', 'CU', 'CA', 'CC']), label: z.string() })),
    byDepartement: z.array(GroupSummary.extend({ departement: z.string() })),
    byZone: z.array(GroupSummary.extend({ id: z.string(), name: z.string(), epcis: z.array(z.string()) })),
    tessEpcis: count.optional().describe('EPCI distincts dotés d’un plan d’action ESS financé par TESS sur la cohorte (présence locale, pas des bénéficiaires)'),
    expectedCovered: z.number().optional().describe('EPCI couverts attendus des capacités : somme des probabilités de couverture'),
    expectedGaps: count.optional().describe('EPCI en écart à l’attendu'),
    presentEpcis: count.optional().describe('EPCI avec un lieu d’accueil à distance'),
    presentWithVisitsEpcis: count.optional().describe('EPCI avec un lieu d’accueil à distance ou des visites en entreprise sur la cohorte'),
    distanceOnlyEpcis: count.optional().describe('EPCI dont les bénéficiaires sont tous accompagnés à distance'),
    reach: z.object({ site: maskable, visit: maskable, distance: maskable, unspecified: maskable }).optional(),
  }),
  epcis: z.array(EpciCoverage),
  outsideEpci: OutsideEpciCoverage.nullable().optional().describe('null quand toutes les communes de la région sont dans un EPCI ; absent des chiffres figés avant son ajout'),
  test: z.object({ name: z.string(), variant: z.string().optional(), alpha: z.number(), description: z.string() }),
  expectedModel: z
    .object({
      base: z.enum(['population', 'ess_establishments']),
      threshold: z.number(),
      capacities: count,
      withoutCapacity: z.array(z.object({ agreement: z.number().int().nullable(), operator: z.string(), scheme: z.string() })),
      supports: z.number(),
      description: z.string(),
    })
    .optional()
    .describe('Le modèle de la couverture attendue et ses données'),
  regional: GroupSummary.optional().describe('Avec un opérateur : le résumé régional'),
  reporting: cohortReporting,
  operator: z.string().nullable(),
  generatedAt: z.string(),
  disclosure,
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

const CompletenessCounts = CompletenessTotals.extend({ operatorId: z.string(), operatorName: z.string() });

/** The COPRESS yearly report (GET /figures/annual-report). */
export const AnnualReportAnswer = z.object({
  year: z.number().int(),
  basis,
  today: z.string(),
  generatedAt: z.string(),
  reporting: yearReporting,
  targets: YearFigures,
  schemes: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      kind: z.enum(['operator', 'direct_aid']),
      beneficiaries: maskable.describe('null pour TESS, qui soutient des EPCI'),
      epcis: count.optional().describe('TESS : EPCI distincts soutenus'),
      hidden,
    }),
  ),
  coverage: CoverageAnswer.describe('Couverture de l’année, dispositifs opérateurs'),
  completeness: z.object({
    totals: CompletenessTotals,
    byScheme: z.array(CompletenessTotals.extend({ scheme: z.string() })),
    byOperator: z.array(CompletenessCounts),
  }),
  cohort: z.object({ from: z.number().int(), to: z.number().int(), years: z.array(YearFigures), coverage: CoverageAnswer }),
  notes: TargetsAnswer.shape.notes,
  disclosure,
});

export const AgreementCoverageAnswer = z.object({
  from: z.number().int(),
  to: z.number().int(),
  basis,
  distanceKm: z.number(),
  agreements: z.array(
    z.object({
      id: z.number().int(),
      operator: z.string(),
      operatorName: z.string(),
      scheme: z.string(),
      start: z.string(),
      end: z.string(),
      capacityPerYear: z.number().int().nullable(),
      territory: z.object({ epcis: z.array(z.string()), departements: z.array(z.string()) }).describe('Listes vides : toute la région'),
      territoryEpcis: z.array(z.string()).describe('EPCI du territoire conventionné (listés, ou ayant une commune dans un département listé)'),
      withBeneficiaries: z.array(z.string()),
      withSite: z.array(z.string()).describe('EPCI dont une commune est à moins de distanceKm d’un lieu de l’opérateur pour ce dispositif'),
      coveredEpcis: z.array(z.string()),
      gapEpcis: z.array(z.string()).describe('EPCI du territoire sans bénéficiaire ni lieu à distance : écarts de la convention'),
      beneficiariesInside: maskable,
      beneficiariesOutside: maskable.describe('Bénéficiaires de l’opérateur pour ce dispositif situés hors du territoire conventionné'),
      hidden,
    }),
  ),
  operator: z.string().nullable(),
  generatedAt: z.string(),
  disclosure,
});
