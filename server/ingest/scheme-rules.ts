// Scheme rules (table scheme_rules, defaults in db/migrations/002-reference-data.ts): each checks a valid
// line and reports with the rule's own severity. Unknown rule codes and malformed params are skipped, so the
// Region can add a rule row before the code that understands it ships.
import { z } from 'zod';
import type { SchemeRule, Stage } from '../../db/schema.ts';
import type { Period } from '../domain/periods.ts';
import { periodEnd, periodLabel } from '../domain/periods.ts';
import type { ColumnKey } from './columns.ts';
import { frenchDate, STAGE_LABELS } from './fields.ts';
import type { ParsedLine } from './types.ts';

export interface RuleFinding {
  column: ColumnKey;
  message: string;
  severity: 'error' | 'warning';
}

const SCHEME_LABELS: Readonly<Record<string, string>> = {
  ACCESS: "ACC'ESS",
  BUSINESS: "BUSIN'ESS",
  INVESS: "INV'ESS",
};
const fte = (n: number) => `${String(n).replace('.', ',')} ETP`;
export const schemeLabel = (code: string) => SCHEME_LABELS[code] ?? code;

const euros = (n: number) => `${new Intl.NumberFormat('fr-FR').format(n)} €`;

const STAGES = ['emergence', 'creation', 'developpement', 'consolidation'] as const satisfies readonly Stage[];
const amount = z.number().min(0, 'Montant positif ou nul attendu');

/**
 * The parameters each rule understands, with French messages: the Region's edits are validated against
 * them (server/admin/reference-data.ts), and a stored row they refuse is skipped here.
 */
export const RULE_PARAMS = {
  allowed_stages: z.object({
    stages: z.array(z.enum(STAGES, `Stade attendu parmi : ${STAGES.join(', ')}`)).min(1, 'Au moins un stade'),
  }),
  amount_range: z.object({ min: amount, max: amount }).refine((p) => p.min <= p.max, { message: 'min doit être inférieur ou égal à max', path: ['max'] }),
  min_jobs_consolidated: z.object({ min: z.number().min(0, 'Valeur positive ou nulle attendue') }),
  // Whole years: the limit date is the quarter's end date with the year moved back.
  max_company_age_years: z.object({ years: z.number().int('Nombre entier d’années attendu').positive('Nombre d’années positif attendu') }),
  // The company's age at the start of the support (INSO: over 36 months), from its creation date.
  min_company_age_years: z.object({ years: z.number().int('Nombre entier d’années attendu').positive('Nombre d’années positif attendu') }),
  min_jobs_created: z.object({ min: z.number().min(0, 'Valeur positive ou nulle attendue') }),
  // TESS supports EPCIs: the line's SIREN is the supported EPCI's, the one of its commune.
  epci_beneficiary: z.object({}),
  // DASESS eligibility (optional columns): checked when the file gives the value.
  min_headcount: z.object({ min: z.number().int('Nombre entier attendu').min(0, 'Valeur positive ou nulle attendue') }),
  difficulty_criteria_required: z.object({}),
  advance_term_months: z.object({ months: z.number().int('Nombre entier de mois attendu').positive('Nombre de mois positif attendu') }),
};

type Check = (line: ParsedLine, scheme: string, period: Period) => Omit<RuleFinding, 'severity'> | null;

const RULES: Record<keyof typeof RULE_PARAMS, (params: unknown) => Check | null> = {
  allowed_stages(params) {
    const parsed = RULE_PARAMS.allowed_stages.safeParse(params);
    if (!parsed.success) return null;
    const stages = parsed.data.stages;
    return (line, scheme) =>
      stages.includes(line.stage)
        ? null
        : {
            column: 'stage',
            message: `${schemeLabel(scheme)} accompagne le${stages.length > 1 ? 's' : ''} stade${stages.length > 1 ? 's' : ''} ${stages.map((s) => STAGE_LABELS[s]).join(', ')} : « ${STAGE_LABELS[line.stage]} » n'en fait pas partie`,
          };
  },
  amount_range(params) {
    const parsed = RULE_PARAMS.amount_range.safeParse(params);
    if (!parsed.success) return null;
    const { min, max } = parsed.data;
    // Only a given amount is checked: follow-up quarters of an advance paid earlier leave it empty.
    return (line, scheme) =>
      line.amountEur === null || (line.amountEur >= min && line.amountEur <= max)
        ? null
        : {
            column: 'amount_eur',
            message: `montant hors des limites de ${schemeLabel(scheme)} : attendu entre ${euros(min)} et ${euros(max)}`,
          };
  },
  min_jobs_consolidated(params) {
    const parsed = RULE_PARAMS.min_jobs_consolidated.safeParse(params);
    if (!parsed.success) return null;
    const { min } = parsed.data;
    return (line, scheme) =>
      line.jobsConsolidatedFte >= min
        ? null
        : {
            column: 'jobs_consolidated_fte',
            message: `${schemeLabel(scheme)} s'adresse aux employeurs : au moins ${String(min).replace('.', ',')} emploi${min > 1 ? 's' : ''} consolidé${min > 1 ? 's' : ''} (ETP) attendu${min > 1 ? 's' : ''}`,
          };
  },
  max_company_age_years(params) {
    const parsed = RULE_PARAMS.max_company_age_years.safeParse(params);
    if (!parsed.success) return null;
    const { years } = parsed.data;
    // Project holders are always eligible; a company only when its creation date is given (issue 3).
    return (line, scheme, period) => {
      if (line.beneficiaryType !== 'entreprise' || !line.creationDate) return null;
      const end = periodEnd(period);
      const limit = `${Number(end.slice(0, 4)) - years}${end.slice(4)}`;
      if (line.creationDate >= limit) return null;
      return {
        column: 'creation_date',
        message: `entreprise créée le ${frenchDate(line.creationDate)}, plus de ${years} ans avant la fin du trimestre ${periodLabel(period)} (${frenchDate(end)}) : ${schemeLabel(scheme)} accompagne les entreprises de moins de ${years} ans`,
      };
    };
  },
  min_company_age_years(params) {
    const parsed = RULE_PARAMS.min_company_age_years.safeParse(params);
    if (!parsed.success) return null;
    const { years } = parsed.data;
    return (line, scheme) => {
      if (line.beneficiaryType !== 'entreprise') {
        return { column: 'beneficiary_type', message: `${schemeLabel(scheme)} s’adresse aux entreprises de plus de ${years} ans, pas aux porteurs de projet` };
      }
      if (!line.creationDate) return null; // nothing to compare: the date is optional in the file
      const limit = `${Number(line.startDate.slice(0, 4)) - years}${line.startDate.slice(4)}`;
      if (line.creationDate <= limit) return null;
      return {
        column: 'creation_date',
        message: `entreprise créée le ${frenchDate(line.creationDate)}, moins de ${years} ans avant le début de l’aide (${frenchDate(line.startDate)}) : ${schemeLabel(scheme)} s’adresse aux entreprises de plus de ${years} ans`,
      };
    };
  },
  epci_beneficiary(params) {
    if (!RULE_PARAMS.epci_beneficiary.safeParse(params).success) return null;
    return (line, scheme) => {
      if (line.siren === line.epciSiren) return null;
      return {
        column: 'siret',
        message: line.siren
          ? `${schemeLabel(scheme)} soutient des EPCI : le SIREN ${line.siren} n’est pas celui de l’EPCI de la commune indiquée (${line.epciSiren})`
          : `${schemeLabel(scheme)} soutient des EPCI : indiquez dans la colonne SIRET le SIREN de l’EPCI soutenu (celui de la commune indiquée : ${line.epciSiren})`,
      };
    };
  },
  min_headcount(params) {
    const parsed = RULE_PARAMS.min_headcount.safeParse(params);
    if (!parsed.success) return null;
    const { min } = parsed.data;
    return (line, scheme) =>
      line.headcount === null || line.headcount >= min
        ? null
        : { column: 'headcount', message: `${schemeLabel(scheme)} s’adresse aux employeurs : au moins ${min} salarié${min > 1 ? 's' : ''} attendu${min > 1 ? 's' : ''}, ${line.headcount} déclaré${line.headcount > 1 ? 's' : ''}` };
  },
  difficulty_criteria_required(params) {
    if (!RULE_PARAMS.difficulty_criteria_required.safeParse(params).success) return null;
    // The columns are optional: a line that fills the eligibility columns (headcount or term) must also
    // name a criterion; a line that fills none of them is not checked.
    return (line, scheme) =>
      line.difficultyCriteria || (line.headcount === null && line.advanceTermMonths === null)
        ? null
        : { column: 'difficulty_criteria', message: `${schemeLabel(scheme)} s’adresse aux entreprises en difficulté : indiquez au moins un critère (« perte », « fonds propres » ou « financement »)` };
  },
  advance_term_months(params) {
    const parsed = RULE_PARAMS.advance_term_months.safeParse(params);
    if (!parsed.success) return null;
    const { months } = parsed.data;
    return (line, scheme) =>
      line.advanceTermMonths === null || line.advanceTermMonths === months
        ? null
        : { column: 'advance_term_months', message: `avance ${schemeLabel(scheme)} sur ${months} mois attendue, ${line.advanceTermMonths} mois déclarés` };
  },
  min_jobs_created(params) {
    const parsed = RULE_PARAMS.min_jobs_created.safeParse(params);
    if (!parsed.success) return null;
    const { min } = parsed.data;
    return (line, scheme) =>
      line.jobsCreatedFte >= min
        ? null
        : { column: 'jobs_created_fte', message: `${schemeLabel(scheme)} finance une création d’emploi : au moins ${fte(min)} créé${min > 1 ? 's' : ''} attendu${min > 1 ? 's' : ''}, ${fte(line.jobsCreatedFte)} déclaré${line.jobsCreatedFte > 1 ? 's' : ''}` };
  },
};

/** Compiles the enabled rules once per upload. */
export function compileRules(
  rules: readonly SchemeRule[],
): Array<{ check: Check; severity: 'error' | 'warning' }> {
  const compiled: Array<{ check: Check; severity: 'error' | 'warning' }> = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const factory = Object.hasOwn(RULES, rule.rule) ? RULES[rule.rule as keyof typeof RULES] : undefined;
    if (!factory) continue;
    let params: unknown;
    try {
      params = JSON.parse(rule.params || '{}');
    } catch {
      continue;
    }
    const check = factory(params);
    if (check) compiled.push({ check, severity: rule.severity === 'warning' ? 'warning' : 'error' });
  }
  return compiled;
}

export function checkSchemeRules(
  line: ParsedLine,
  rules: ReturnType<typeof compileRules>,
  scheme: string,
  period: Period,
): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const { check, severity } of rules) {
    const finding = check(line, scheme, period);
    if (finding) findings.push({ ...finding, severity });
  }
  return findings;
}
