// The shapes of the report routes' answers, as zod schemas: the routes' return types are inferred from them
// and the OpenAPI document describes them from the same definitions (issue 9, an API other tools can read).
import { z } from 'zod';

const isoDate = z.string().describe('Date ISO AAAA-MM-JJ');

/** One stored line, in the JSON form of the upload (English names). */
export const LineAnswer = z.object({
  line: z.number().int().describe('Numéro de ligne dans le fichier déposé (en-tête = 1)'),
  beneficiary_ref: z.string(),
  siret: z.string().nullable().describe('SIRET, ou SIREN quand seul celui-ci a été donné'),
  beneficiary_type: z.enum(['porteur_projet', 'entreprise']),
  legal_form: z.string().nullable(),
  commune: z.string().describe('Code INSEE actuel'),
  commune_input: z.string().nullable(),
  epci_siren: z.string(),
  stage: z.enum(['emergence', 'creation', 'developpement', 'consolidation']),
  start_date: isoDate,
  end_date: isoDate.nullable(),
  jobs_consolidated_fte: z.number(),
  jobs_created_fte: z.number(),
  amount_eur: z.number().nullable(),
  site: z.string().nullable(),
  creation_date: isoDate.nullable(),
  headcount: z.number().int().nullable().describe('DASESS : effectif salarié'),
  difficulty_criteria: z.string().nullable().describe('DASESS : critères de difficulté, codes perte, fonds_propres, financement séparés par des virgules'),
  advance_term_months: z.number().int().nullable().describe('DASESS : durée de l’avance en mois'),
  size_band: z.string().nullable().describe('Tranche d’effectif salarié, code INSEE (NN, 00, 01… 53)'),
});

export const LinesAnswer = z.object({
  revision: z.number().int().nullable(),
  lineCount: z.number().int(),
  lines: z.array(LineAnswer),
});

const Issue = z.object({ line: z.number().int(), column: z.string(), value: z.string(), message: z.string() });

export const UploadAnswer = z.object({
  revision: z.number().int().nullable(),
  lineCount: z.number().int(),
  declaredEmpty: z.boolean(),
  warnings: z.array(Issue),
  status: z.string().optional(),
  unchanged: z.boolean().optional().describe('true : même contenu que la révision courante, ou Idempotency-Key déjà vue'),
  dryRun: z.boolean().optional(),
});

const FieldChange = z.object({
  field: z.string(),
  column: z.string(),
  before: z.union([z.string(), z.number(), z.null()]),
  after: z.union([z.string(), z.number(), z.null()]),
});

export const DiffAnswer = z.object({
  from: z.number().int().nullable(),
  to: z.number().int(),
  counts: z.object({ added: z.number().int(), removed: z.number().int(), changed: z.number().int(), unchanged: z.number().int() }),
  added: z.array(LineAnswer),
  removed: z.array(LineAnswer),
  changed: z.array(z.object({ beneficiary_ref: z.string(), lineBefore: z.number().int(), lineAfter: z.number().int(), changes: z.array(FieldChange) })),
});

/** A workflow action's answer: the report's status after it. */
export const TransitionAnswer = z.object({ status: z.enum(['draft', 'submitted', 'validated', 'returned']) });

const displayStatus = z.enum(['draft', 'submitted', 'validated', 'returned', 'expected']).describe('expected : attendu par une convention, rien de déposé');

/** A report in a list (GET /reports, /review-queue). */
export const ReportSummary = z.object({
  operator: z.string(),
  operatorName: z.string(),
  scheme: z.string(),
  schemeName: z.string(),
  period: z.string().describe('AAAA-Tn, par exemple 2025-T1'),
  label: z.string().describe('« T1 2025 »'),
  status: displayStatus,
  statusLabel: z.string(),
  due: isoDate.describe('Échéance de dépôt'),
  late: z.boolean(),
  submittedLate: z.boolean(),
  lineCount: z.number().int(),
  warningCount: z.number().int().describe('Avertissements de la révision courante, à lire avant de valider'),
  declaredEmpty: z.boolean().describe('La révision courante déclare un trimestre sans bénéficiaire (0 ligne, exprès)'),
  revision: z.number().int().nullable().describe('Numéro de la révision courante, null avant le premier dépôt'),
  submittedAt: z.string().nullable(),
  validatedAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type ReportSummary = z.infer<typeof ReportSummary>;

/** One report with its revisions, history and the Region's pending comment (GET /reports/:operator/:scheme/:period). */
export const ReportDetail = ReportSummary.extend({
  createdAt: z.string().nullable(),
  actions: z.array(z.enum(['upload', 'submit', 'validate', 'return', 'reopen'])).describe('Ce que l’utilisateur peut faire maintenant'),
  regionComment: z.string().nullable(),
  regionCommentKind: z.enum(['return', 'reopen']).nullable(),
  warnings: z.array(Issue),
  revisions: z.array(
    z.object({
      number: z.number().int(),
      createdAt: z.string(),
      createdBy: z.string().nullable(),
      source: z.enum(['csv', 'xlsx', 'json', 'web', 'demo']),
      filename: z.string().nullable(),
      lineCount: z.number().int(),
      declaredEmpty: z.boolean(),
      warnings: z.array(Issue),
    }),
  ),
  events: z.array(
    z.object({
      at: z.string(),
      from: z.string().nullable(),
      to: z.string(),
      comment: z.string().nullable(),
      by: z.string().nullable(),
      byRole: z.enum(['region', 'operator', 'cotech']).nullable(),
    }),
  ),
});
