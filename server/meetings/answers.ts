// The shapes of the meeting routes' answers (issue 10), stated in the OpenAPI document.
import { z } from 'zod';
import { SiteView } from '../admin/answers.ts';
import { AnnualReportAnswer, CompletenessAnswer, CoverageAnswer, TargetsAnswer } from '../figures/answers.ts';

const cohort = z.object({ from: z.number().int(), to: z.number().int() });

const Parameters = z.object({
  kind: z.enum(['cotech', 'copress']),
  date: z.string().describe('Jour de la séance, AAAA-MM-JJ'),
  title: z.string(),
  cohorts: z.array(cohort),
  schemes: z.array(z.string()).describe('Dispositifs de la couverture ; vide : les dispositifs opérateurs'),
  basis: z.enum(['validated', 'submitted']),
  distanceKm: z.number(),
  disclosure: z.enum(['public', 'internal']).describe('public : montrée avec le secret des petits nombres'),
});

export const MeetingSummaryAnswer = Parameters.extend({
  id: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  frozenAt: z.string().nullable().describe('Heure de l’arrêt des chiffres ; null : séance en préparation'),
  frozenBy: z.string().nullable(),
  sha256: z.string().nullable().describe('SHA-256 du contenu arrêté exact (texte JSON enregistré)'),
});

const Content = z.object({
  format: z.literal(1),
  parameters: Parameters,
  computedAt: z.string(),
  threshold: z.number().int().describe('Seuil du secret des petits nombres à l’arrêt'),
  targets: TargetsAnswer,
  coverage: z.array(CoverageAnswer).describe('Une par cohorte, dans l’ordre des cohortes'),
  completeness: z.array(CompletenessAnswer).describe('Une par année des cohortes'),
  sites: z.array(SiteView),
  revisions: z.array(
    z.object({ reportId: z.number().int(), operator: z.string(), scheme: z.string(), period: z.string(), status: z.string(), revision: z.number().int(), revisionId: z.number().int() }),
  ),
  annualReport: AnnualReportAnswer.nullable().describe('Séance COPRESS : le rapport annuel de la dernière année'),
});

export const MeetingAnswer = MeetingSummaryAnswer.extend({
  masked: z.boolean().describe('Vrai : chiffres montrés avec le secret des petits nombres'),
  figures: Content.nullable().describe('Les chiffres arrêtés ; null tant que la séance n’est pas arrêtée'),
});

const Value = z.union([z.number(), z.boolean(), z.string(), z.null()]);
const FieldChange = z.object({ field: z.string(), before: Value, after: Value });

export const MeetingChangesAnswer = z.object({
  frozenAt: z.string(),
  computedAt: z.string(),
  masked: z.boolean(),
  counts: z.object({ years: z.number().int(), epcis: z.number().int(), completeness: z.number().int(), reports: z.number().int(), sites: z.number().int() }),
  years: z.array(z.object({ year: z.number().int(), changes: z.array(FieldChange) })),
  epcis: z.array(z.object({ cohort, siren: z.string(), name: z.string(), changes: z.array(FieldChange) })),
  completeness: z.array(z.object({ year: z.number().int(), changes: z.array(FieldChange) })),
  reports: z.array(
    z.object({
      reportId: z.number().int(),
      operator: z.string(),
      scheme: z.string(),
      period: z.string(),
      change: z.enum(['now_counted', 'no_longer_counted', 'revised', 'filed']),
      revisionBefore: z.number().int().nullable(),
      revisionAfter: z.number().int().nullable(),
      status: z.string().nullable(),
      events: z.array(z.object({ at: z.string(), from: z.string().nullable(), to: z.string() })),
    }),
  ),
  sites: z.array(z.object({ id: z.number().int(), name: z.string(), operatorName: z.string(), change: z.enum(['added', 'removed', 'changed']), changes: z.array(FieldChange) })),
});
