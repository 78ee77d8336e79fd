import { z } from 'zod';
import { password } from '../accounts/schemas.ts';
import { isValidSiren } from '../domain/siren.ts';

// Request schemas of the administration routes: shared constants, so validation and the OpenAPI
// document (/api/v1/openapi.json) come from the same definitions. Messages are in French: users read them.

const isCalendarDate = (value: string) => {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
};

// `abort`: an empty or malformed date gets one message, not also « n’existe pas dans le calendrier ».
export const isoDate = z
  .string('Date obligatoire')
  .min(1, { error: 'Date obligatoire', abort: true })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Date attendue au format AAAA-MM-JJ (ex. 2025-03-31)', abort: true })
  .refine(isCalendarDate, 'Cette date n’existe pas dans le calendrier');

export const slug = z
  .string('Identifiant obligatoire')
  .min(1, { error: 'Identifiant obligatoire', abort: true })
  .min(2, 'Identifiant trop court (2 caractères au moins)')
  .max(60, 'Identifiant trop long (60 caractères au plus)')
  .regex(/^[a-z0-9-]+$/, 'Identifiant : lettres minuscules sans accent, chiffres et tirets uniquement (ex. bge-picardie)');

export const siren = z
  .string()
  .regex(/^\d{9}$/, 'SIREN : 9 chiffres attendus')
  .refine(isValidSiren, 'SIREN invalide : la clé de contrôle ne correspond pas (faute de frappe ?)');

const name = z.string().trim().min(1, 'Nom requis').max(200, '200 caractères au plus');
const schemeCode = z.string().trim().min(1, 'Code de dispositif requis').max(40);
const atLeastOne = (value: object) => Object.values(value).some((v) => v !== undefined);
const NOTHING_TO_CHANGE = 'Aucun champ à modifier';

// Operators

export const OperatorIdParam = z.object({ id: z.string().min(1).max(60) });

export const OperatorListQuery = z.object({
  archived: z.enum(['0', '1']).optional().describe('1 : inclure les opérateurs archivés'),
});

export const OperatorCreateBody = z.object({
  id: slug,
  name,
  siren: siren.nullish(),
});

export const OperatorPatchBody = z
  .object({
    name: name.optional(),
    siren: siren.nullable().optional(),
    archived: z.boolean().optional().describe('false : désarchiver'),
  })
  .refine(atLeastOne, NOTHING_TO_CHANGE);

// Agreements

export const Territory = z.object({
  epcis: z.array(z.string().regex(/^\d{9}$/, 'SIREN d’EPCI : 9 chiffres attendus')).max(200).optional(),
  departements: z.array(z.string().regex(/^(\d{2}|2A|2B|97\d)$/, 'Code de département attendu (ex. 59)')).max(20).optional(),
});

/** Companies or entrepreneurs supported a year (issue 13): the base of the expected coverage. */
export const CAPACITY = z.number().int('Nombre entier attendu').min(0, 'Capacité positive ou nulle attendue').max(100_000, 'Capacité annuelle irréaliste (au plus 100 000)');

export const AgreementIdParam = z.object({ id: z.coerce.number().int().positive('Identifiant positif attendu') });

export const AgreementListQuery = z.object({
  operator: z.string().max(60).optional(),
  scheme: z.string().max(40).optional(),
});

const startBeforeEnd = (value: { start?: string; end?: string }) => !value.start || !value.end || value.start <= value.end;
const START_AFTER_END = { message: 'La date de fin doit être postérieure ou égale à la date de début', path: ['end'] };

export const AgreementCreateBody = z
  .object({
    operator: z.string().min(1, 'Opérateur requis').max(60),
    scheme: schemeCode,
    start: isoDate,
    end: isoDate,
    territory: Territory.optional(),
    capacityPerYear: CAPACITY.nullable().optional(),
  })
  .refine(startBeforeEnd, START_AFTER_END);

export const AgreementPatchBody = z
  .object({ start: isoDate.optional(), end: isoDate.optional(), territory: Territory.nullable().optional(), capacityPerYear: CAPACITY.nullable().optional() })
  .refine(atLeastOne, NOTHING_TO_CHANGE)
  .refine(startBeforeEnd, START_AFTER_END);

// Sites

export const SITE_KINDS = ['hq', 'branch', 'outreach'] as const;

export const SiteIdParam = AgreementIdParam;

export const SiteListQuery = z.object({
  operator: z.string().max(60).optional(),
  scheme: z.string().max(40).optional(),
  kind: z.enum(SITE_KINDS).optional(),
  openOn: isoDate.optional().describe('Seulement les lieux ouverts à cette date'),
});

const siteFields = {
  kind: z.enum(SITE_KINDS, 'Type de lieu attendu : hq (siège), branch (antenne) ou outreach (permanence)'),
  name,
  address: z.string().trim().max(300).nullish(),
  commune: z.string().trim().min(1, 'Code INSEE de la commune requis').max(10),
  lat: z.number().min(-90).max(90).nullish(),
  lon: z.number().min(-180).max(180).nullish(),
  schemes: z.array(schemeCode).min(1, 'Indiquez au moins un dispositif proposé sur ce lieu').max(20),
  opened: isoDate,
  closed: isoDate.nullish(),
  schedule: z.string().trim().max(500).nullish().describe('Texte libre : « 2e mardi du mois, mairie d’Hirson »'),
};

type LatLon = { lat?: number | null; lon?: number | null };
const bothOrNeither = (value: LatLon) => (value.lat == null) === (value.lon == null);
const LAT_LON = { message: 'Donnez la latitude et la longitude ensemble, ou aucune des deux', path: ['lon'] };
const openedBeforeClosed = (value: { opened?: string; closed?: string | null }) => !value.opened || !value.closed || value.opened <= value.closed;
const CLOSED_BEFORE_OPENED = { message: 'La date de fermeture doit être postérieure ou égale à la date d’ouverture', path: ['closed'] };

export const SiteCreateBody = z
  .object({ operator: z.string().min(1, 'Opérateur requis').max(60), ...siteFields })
  .refine(bothOrNeither, LAT_LON)
  .refine(openedBeforeClosed, CLOSED_BEFORE_OPENED);

export const SitePatchBody = z
  .object({
    kind: siteFields.kind.optional(),
    name: name.optional(),
    address: siteFields.address,
    commune: siteFields.commune.optional(),
    lat: siteFields.lat,
    lon: siteFields.lon,
    schemes: siteFields.schemes.optional(),
    opened: isoDate.optional(),
    closed: siteFields.closed,
    schedule: siteFields.schedule,
  })
  .refine(atLeastOne, NOTHING_TO_CHANGE)
  .refine(bothOrNeither, LAT_LON)
  .refine(openedBeforeClosed, CLOSED_BEFORE_OPENED);

// Users

export const ROLES = ['region', 'operator', 'cotech'] as const;

const email = z.email('Adresse e-mail invalide').max(320);
/** The roles as the screens name them: messages say « Opérateur », not the API's key. */
export const ROLE_LABELS: Readonly<Record<(typeof ROLES)[number], string>> = { region: 'Région', operator: 'Opérateur', cotech: 'Membre du COTECH' };

const role = z.enum(ROLES, `Rôle attendu : ${ROLES.map((r) => `${r} (« ${ROLE_LABELS[r]} »)`).join(', ')}`);
type RoleOperator = { role?: string; operator?: string | null };
const operatorIffOperatorRole = (value: RoleOperator) => value.role === undefined || (value.role === 'operator') === Boolean(value.operator);
const OPERATOR_IFF_ROLE = {
  message: 'Un compte « Opérateur » doit être rattaché à un opérateur ; un compte « Membre du COTECH » ou « Région » ne l’est pas',
  path: ['operator'],
};

export const UserIdParam = AgreementIdParam;

/** An operator id where one is expected: an empty string is not « no operator » (null is). */
const operatorRef = z.string().trim().min(1, 'Identifiant d’opérateur vide : donnez-en un, ou null pour aucun').max(60);

export const UserListQuery = z.object({ role: role.optional(), operator: z.string().max(60).optional() });

export const UserCreateBody = z
  .object({
    email,
    password: password.optional().describe('Sans mot de passe (par défaut) : une invitation lui est envoyée pour le choisir'),
    role,
    operator: operatorRef.nullish(),
  })
  .refine(operatorIffOperatorRole, OPERATOR_IFF_ROLE);

export const UserPatchBody = z
  .object({
    email: email.optional(),
    role: role.optional(),
    operator: operatorRef.nullish(),
    disabled: z.boolean().optional(),
    password: password.optional().describe('Nouveau mot de passe : ferme les sessions de l’utilisateur'),
    unlock: z.literal(true).optional().describe('Lève le verrouillage après trop d’échecs de connexion'),
  })
  .refine(atLeastOne, NOTHING_TO_CHANGE);

// Targets, settings, schemes

export const YearParam = z.object({ year: z.coerce.number().int().min(2000, 'Année entre 2000 et 2100').max(2100, 'Année entre 2000 et 2100') });

export const TargetBody = z.object({
  beneficiaries: z.number().int('Nombre entier attendu').min(0, 'Valeur positive ou nulle attendue').max(1_000_000),
  jobsConsolidated: z.number().int('Nombre entier attendu').min(0, 'Valeur positive ou nulle attendue').max(10_000_000),
});

export const SettingsPatchBody = z
  .object({
    reportDueDays: z.number().int('Nombre entier de jours attendu').min(0, 'Nombre de jours positif ou nul attendu').max(365, '365 jours au plus').optional(),
    defaultTargets: TargetBody.optional(),
    smallCountThreshold: z.number().int('Nombre entier attendu').min(1, 'Seuil d’au moins 1 (1 : rien n’est masqué)').max(20, 'Seuil de 20 au plus').optional(),
    cotechDisclosure: z.enum(['public', 'internal'], { error: 'public (secret des petits nombres) ou internal attendu' }).optional(),
    expectedCoverageThreshold: z.number('Probabilité attendue, entre 0,5 et 0,99').min(0.5, 'Seuil d’au moins 0,5').max(0.99, 'Seuil de 0,99 au plus').optional(),
  })
  .refine(atLeastOne, NOTHING_TO_CHANGE);

export const SchemeParam = z.object({ code: schemeCode });
export const SchemePatchBody = z.object({ capacityPerYear: CAPACITY.nullable() });
export const SchemeRuleParam = z.object({ code: schemeCode, rule: z.string().min(1).max(60) });

export const RulePatchBody = z
  .object({
    severity: z.enum(['error', 'warning'], 'Gravité attendue : error (bloque le dépôt) ou warning (signalée seulement)').optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    enabled: z.boolean().optional(),
  })
  .refine(atLeastOne, NOTHING_TO_CHANGE);

// Audit

export const AuditQuery = z.object({
  entity: z.string().max(40).optional(),
  entityId: z.string().max(100).optional(),
  action: z.string().max(60).optional(),
  report: z.coerce.number().int().positive().optional(),
  user: z.string().max(320).optional().describe('Identifiant ou adresse e-mail de l’auteur'),
  from: z.iso.datetime({ offset: true }).or(isoDate).optional(),
  to: z.iso.datetime({ offset: true }).or(isoDate).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().positive().optional().describe('Pagination : entrées d’identifiant inférieur'),
});
