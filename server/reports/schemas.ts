// Validators of the reports API: the routes use them through `valid()`, and the OpenAPI document is
// generated from them.
import { z } from 'zod';
import { parsePeriod } from '../domain/periods.ts';

const operatorId = z.string().trim().min(1, 'identifiant d’opérateur requis').max(120);
const schemeCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_]{1,40}$/, 'code de dispositif attendu (ex. ACCESS, DLA, FIDESS, DASESS)')
  .transform((s) => s.toUpperCase());
const period = z
  .string()
  .regex(/^\d{4}-Q[1-4]$/, 'période attendue au format AAAA-Qn (Q pour trimestre), par exemple 2025-Q1')
  .transform((s) => parsePeriod(s)!);

export const ReportParams = z.object({ operator: operatorId, scheme: schemeCode, period });

const flag = z
  .enum(['0', '1', 'true', 'false'], { error: 'valeur attendue : 0 ou 1' })
  .transform((v) => v === '1' || v === 'true');

export const ReportListQuery = z.object({
  year: z.coerce.number({ error: 'année attendue, par exemple 2025' }).int().min(2000).max(2100).optional(),
  operator: operatorId.optional(),
  scheme: schemeCode.optional(),
  status: z
    .enum(['expected', 'draft', 'submitted', 'validated', 'returned'], {
      error: 'statut attendu : expected, draft, submitted, validated ou returned',
    })
    .optional(),
  late: flag.optional(),
});

export const UploadQuery = z.object({
  /** Validate without storing (the browser's "re-check") */
  dryRun: flag.optional(),
  /** The file's name, kept with the revision, when the body is sent raw */
  filename: z.string().trim().max(255).optional(),
});

export const RevisionQuery = z.object({
  revision: z.coerce.number({ error: 'numéro de révision attendu' }).int().min(1).optional(),
});

const revisionNumber = z.coerce.number({ error: 'numéro de révision attendu' }).int('numéro de révision entier attendu').min(1, 'numéro de révision à partir de 1');

export const DiffQuery = z.object({
  /** Default: the revision before `to` */
  from: revisionNumber.optional(),
  /** Default: the current revision */
  to: revisionNumber.optional(),
});

export const SubmitBody = z.object({
  /** An optional note to the Region, kept in the report's history */
  comment: z.string().trim().max(2000).optional(),
});

export const ReturnBody = z.object({
  comment: z
    .string({ error: 'un commentaire est requis pour renvoyer un rapport' })
    .trim()
    .min(1, 'un commentaire est requis pour renvoyer un rapport')
    .max(2000),
});

export const ReopenBody = z.object({
  reason: z
    .string({ error: 'un motif est requis pour rouvrir un rapport validé' })
    .trim()
    .min(1, 'un motif est requis pour rouvrir un rapport validé')
    .max(2000),
});

export const TemplateParams = z.object({
  file: z
    .string()
    .regex(/^[A-Za-z0-9_]{1,40}\.(csv|xlsx)$/, 'fichier attendu : <DISPOSITIF>.csv ou <DISPOSITIF>.xlsx')
    .transform((f) => {
      const dot = f.lastIndexOf('.');
      return { scheme: f.slice(0, dot).toUpperCase(), format: f.slice(dot + 1) as 'csv' | 'xlsx' };
    }),
});
