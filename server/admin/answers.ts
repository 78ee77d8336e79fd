// The shapes of the administration routes' answers, as zod schemas: the views below are typed from them
// (z.infer) and the OpenAPI document states them as success schemas (issue 9), so the two cannot drift.
import { z } from 'zod';

const isoDate = z.string().describe('Date ISO AAAA-MM-JJ');
const isoTime = z.string().describe('Horodatage ISO 8601');

export const OperatorView = z.object({
  id: z.string(),
  name: z.string(),
  siren: z.string().nullable(),
  isRegion: z.boolean().describe('La Région elle-même, opératrice de ses aides directes'),
  isDemo: z.boolean(),
  createdAt: isoTime,
  archivedAt: isoTime.nullable(),
});
export type OperatorView = z.infer<typeof OperatorView>;

export const AgreementView = z.object({
  id: z.number().int(),
  operator: z.string(),
  scheme: z.string(),
  start: z.string().describe('Premier trimestre couvert, AAAA-Tn'),
  end: z.string().describe('Dernier trimestre couvert, AAAA-Tn'),
  territory: z
    .object({ epcis: z.array(z.string()), departements: z.array(z.string()) })
    .describe('Listes vides : la convention couvre toute la région'),
  capacityPerYear: z.number().int().nullable().describe('Entreprises ou porteurs de projet accompagnés par an (capacité) ; null : non renseignée'),
  createdAt: isoTime,
});
export type AgreementView = z.infer<typeof AgreementView>;

export const SiteView = z.object({
  id: z.number().int(),
  operator: z.string(),
  operatorName: z.string(),
  kind: z.enum(['hq', 'branch', 'outreach']),
  name: z.string(),
  address: z.string().nullable(),
  commune: z.string(),
  communeName: z.string().nullable(),
  epci: z.string().nullable(),
  lat: z.number(),
  lon: z.number(),
  schemes: z.array(z.string()),
  opened: isoDate,
  closed: isoDate.nullable(),
  schedule: z.string().nullable(),
  createdAt: isoTime,
});
export type SiteView = z.infer<typeof SiteView>;

export const UserView = z.object({
  id: z.number().int(),
  email: z.string(),
  role: z.enum(['region', 'operator', 'cotech']),
  operator: z.string().nullable(),
  createdAt: isoTime,
  disabledAt: isoTime.nullable(),
  lockedUntil: isoTime.nullable().describe('Renseigné tant que le compte est verrouillé après trop d’échecs de connexion'),
});
export type UserView = z.infer<typeof UserView>;

export const CreatedUserAnswer = UserView.extend({
  invitation: z
    .union([z.literal('sent'), z.object({ link: z.string().describe('Lien à usage unique, montré cette seule fois : aucun serveur SMTP n’est configuré') })])
    .optional()
    .describe('Compte créé sans mot de passe : l’invitation envoyée, ou son lien à transmettre'),
});

export const TargetValues = z.object({ beneficiaries: z.number().int(), jobsConsolidated: z.number() });
export type TargetValues = z.infer<typeof TargetValues>;

export const TargetView = TargetValues.extend({
  year: z.number().int(),
  isDefault: z.boolean().describe('Vrai quand l’année n’a pas d’objectif propre et prend le défaut'),
});
export type TargetView = z.infer<typeof TargetView>;

export const TargetsAnswer = z.object({ default: TargetValues, years: z.array(TargetView) });

export const SettingsView = z.object({
  reportDueDays: z.number().int().describe('Jours après la fin d’un trimestre pour déposer son rapport'),
  defaultTargets: TargetValues,
  smallCountThreshold: z.number().int().describe('Secret des petits nombres : un compte de bénéficiaires inférieur à ce seuil est masqué hors de la Région'),
  cotechDisclosure: z.enum(['public', 'internal']).describe('public : la vue COTECH applique le secret des petits nombres'),
  expectedCoverageThreshold: z.number().describe('Probabilité de couverture (0–1) au-delà de laquelle un EPCI non couvert est un écart à l’attendu'),
});
export type SettingsView = z.infer<typeof SettingsView>;

export const RuleView = z.object({
  rule: z.string(),
  severity: z.enum(['error', 'warning']),
  params: z.record(z.string(), z.unknown()),
  enabled: z.boolean(),
});
export type RuleView = z.infer<typeof RuleView>;

export const SchemeView = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.enum(['operator', 'direct_aid']),
  stages: z.array(z.enum(['emergence', 'creation', 'developpement', 'consolidation'])),
  description: z.string(),
  capacityPerYear: z.number().int().nullable().describe('Aides directes : entreprises aidées par an par la Région (capacité) ; null pour les dispositifs opérateurs, dont la capacité est celle de leurs conventions'),
  rules: z.array(RuleView),
});
export type SchemeView = z.infer<typeof SchemeView>;

export const EssEstablishmentsAnswer = z.object({
  loadedAt: isoTime.nullable().describe('null : aucun fichier chargé (la population sert de base à la couverture attendue)'),
  epcis: z.array(z.object({ epciSiren: z.string(), establishments: z.number().int(), jobs: z.number().int().nullable() })),
});

export const SchemeRuleAnswer = RuleView.extend({ scheme: z.string() });

export const AuditPage = z.object({
  entries: z.array(
    z.object({
      id: z.number().int(),
      at: isoTime,
      user: z.object({ id: z.number().int(), email: z.string().nullable() }).nullable(),
      action: z.string(),
      entity: z.string(),
      entityId: z.string().nullable(),
      reportId: z.number().int().nullable(),
      revisionId: z.number().int().nullable(),
      details: z.unknown().describe('Ce qui a changé (avant, après), propre à chaque action'),
    }),
  ),
  next: z.number().int().nullable().describe('À passer en `before` pour lire la page suivante (plus ancienne) ; null en dernière page'),
});
