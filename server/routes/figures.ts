import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import { currentUser, requireRole } from '../auth/middleware.ts';
import type { AppDeps, AppEnv, AuthUser } from '../context.ts';
import { AppError } from '../errors.ts';
import { csvResponseHeaders, toFrenchCsv } from '../exports/csv.ts';
import { type Sheet, toXlsx, xlsxResponseHeaders } from '../exports/xlsx.ts';
import { todayInParis } from '../domain/dates.ts';
import { POISSON_TEST } from '../figures/coverage.ts';
import { disclosureFor, discloseAgreements, discloseCoverage, discloseTargets, disclosureNote } from '../figures/disclosure.ts';
import { completenessFigures, coverageFigures, loadSchemes, targetsFigures } from '../figures/service.ts';
import { agreementsSheet, completenessSheet, coverageGeoJson, coverageSheets, targetsSheet } from '../figures/tables.ts';
import { valid } from '../validation.ts';
import { AgreementCoverageAnswer, AnnualReportAnswer, CompletenessAnswer, CoverageAnswer, TargetsAnswer } from '../figures/answers.ts';
import { agreementCoverage, type PublicAgreementCoverage } from '../figures/agreements.ts';
import { annualReport, annualReportSheets } from '../figures/annual-report.ts';
import { jsonAnswer } from '../openapi.ts';

const tags = ['Chiffres'];
const FIGURE_ROLES = ['region', 'cotech', 'operator'] as const;
const currentYear = () => Number(todayInParis().slice(0, 4));
// The roadmap 2024–2028 starts the default span (Part 3).
const ROADMAP_START = 2024;

const year = (label: string) => z.coerce.number({ error: `${label} : année attendue, par exemple 2025` }).int().min(2000).max(2100);
const basis = z.enum(['validated', 'submitted'], { error: 'base attendue : validated (officiel) ou submitted (provisoire)' }).default('validated');
const operator = z.string().trim().min(1).max(120).optional();
// Secrecy of small numbers (issue 10): public masks counts below the threshold; the COTECH gets it anyway
// while the Region's setting says so.
const disclosure = z.enum(['public', 'internal'], { error: 'disclosure attendu : public (secret des petits nombres) ou internal' }).optional();

const spanCheck = <T extends { from?: number; to?: number }>(q: T) => (q.from ?? ROADMAP_START) <= (q.to ?? currentYear());
const spanMessage = { message: 'la première année (from) doit précéder ou égaler la dernière (to)', path: ['from'] };

/** Any of the ten tools: ACCESS, DLA, FIDESS, DASESS and the direct aids BUSINESS, INVESS, INSO, COTE, TZCLD, TESS. */
const schemeList = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_]+(,[A-Za-z0-9_]+)*$/, 'liste de codes de dispositifs séparés par des virgules, par exemple ACCESS,DLA,BUSINESS')
  .optional();
const schemeCodes = (list: string | undefined) => (list ? [...new Set(list.split(',').map((s) => s.toUpperCase()))] : undefined);

const TargetsQuery = z
  .object({ from: year('from').optional(), to: year('to').optional(), basis, operator, disclosure, schemes: schemeList })
  .refine(spanCheck, spanMessage);

const CoverageQuery = z
  .object({
    from: year('from').optional(),
    to: year('to').optional(),
    basis,
    operator,
    schemes: schemeList,
    distanceKm: z.coerce.number({ error: 'distance en km attendue' }).positive('distance en km strictement positive').max(200, 'distance au plus 200 km').default(20),
    disclosure,
    /** GeoJSON export only: decimals of the coordinates */
    precision: z.coerce.number({ error: 'précision attendue : 4, 5 ou 6 décimales' }).int('précision attendue : 4, 5 ou 6 décimales').min(4, 'au moins 4 décimales').max(6, 'au plus 6 décimales').optional(),
  })
  .refine(spanCheck, spanMessage);

const AgreementsQuery = z
  .object({
    from: year('from').optional(),
    to: year('to').optional(),
    basis,
    operator,
    distanceKm: z.coerce.number({ error: 'distance en km attendue' }).positive('distance en km strictement positive').max(200, 'distance au plus 200 km').default(20),
    disclosure,
  })
  .refine(spanCheck, spanMessage);

const CompletenessQuery = z.object({ year: year('year').optional(), operator, disclosure });
const AnnualReportQuery = z.object({ year: year('year').optional(), basis, disclosure });

/**
 * The operator whose figures are asked for: an operator user always gets its own (asking for another
 * answers 404, as for any other operator's data); Region and COTECH may pick one or none (regional).
 */
async function scopeOperator(deps: AppDeps, user: AuthUser, requested: string | undefined): Promise<string | null> {
  if (user.role === 'operator') {
    if (requested !== undefined && requested !== user.operatorId) throw new AppError(404, 'not_found', 'Opérateur introuvable');
    return user.operatorId;
  }
  if (requested === undefined) return null;
  const row = await deps.db.selectFrom('operators').select('id').where('id', '=', requested).executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found', `Opérateur introuvable : ${requested}`);
  return requested;
}

/** What every span route reads first: whose figures, which years (2024 to this year by default), which disclosure. */
async function spanScope(deps: AppDeps, user: AuthUser, query: { operator?: string; from?: number; to?: number; disclosure?: 'public' | 'internal' }) {
  return {
    operatorId: await scopeOperator(deps, user, query.operator),
    from: query.from ?? ROADMAP_START,
    to: query.to ?? currentYear(),
    shown: await disclosureFor(deps.db, user.role, query.disclosure),
  };
}

type Format = 'json' | 'csv' | 'xlsx';
const FORMATS: Array<[suffix: string, format: Format]> = [['', 'json'], ['.csv', 'csv'], ['.xlsx', 'xlsx']];

async function send(format: Format, filename: string, sheets: Sheet[]): Promise<Response> {
  if (format === 'csv') {
    const [sheet] = sheets;
    return new Response(toFrenchCsv(sheet.header, sheet.rows), { status: 200, headers: csvResponseHeaders(`${filename}.csv`) });
  }
  return new Response(Buffer.from(await toXlsx(sheets)), { status: 200, headers: xlsxResponseHeaders(`${filename}.xlsx`) });
}

export function figuresRoutes(deps: AppDeps) {
  const { db, geo } = deps;
  const router = new Hono<AppEnv>();

  for (const [suffix, format] of FORMATS) {
    router.get(
      `/figures/targets${suffix}`,
      describeRoute({
        tags,
        summary: format === 'json' ? 'Chiffres annuels face aux objectifs (700 bénéficiaires, 4 000 emplois consolidés)' : `Chiffres annuels, export ${format.toUpperCase()}`,
        ...(format === 'json' ? { responses: jsonAnswer(TargetsAnswer, 'Chiffres par année') } : {}),
        description:
          'Par année : bénéficiaires distincts (SIREN, sinon opérateur + référence), accompagnements (somme par dispositif), ' +
          'par stade (dernier stade de l’année), emplois consolidés et créés (maximum annuel par bénéficiaire, sommé), objectifs, ' +
          'part atteinte (%), cumul par trimestre et, pour l’année en cours, projection avec sa méthode. ' +
          'Un opérateur ne voit que ses propres chiffres, avec les totaux régionaux dans `regional`.',
      }),
      requireRole(...FIGURE_ROLES),
      valid('query', TargetsQuery),
      async (c) => {
        const user = currentUser(c);
        const query = c.req.valid('query');
        const { operatorId, from, to, shown } = await spanScope(deps, user, query);
        const exact = await targetsFigures(db, { basis: query.basis, from, to, operatorId, schemes: schemeCodes(query.schemes) });
        const result = shown.mode === 'public' ? discloseTargets(exact, shown.threshold) : exact;
        if (format === 'json') return c.json(result satisfies z.infer<typeof TargetsAnswer>);
        const schemes = new Map((await loadSchemes(db)).map((s) => [s.code, s.name]));
        const filename = `objectifs-${from}-${to}${operatorId ? `-${operatorId}` : ''}${shown.mode === 'public' ? '-public' : ''}`;
        return send(format, filename, [targetsSheet(result.years, schemes, query.basis, shown.threshold)]);
      },
    );
  }

  for (const [suffix, format] of [...FORMATS, ['.geojson', 'geojson']] as Array<[string, Format | 'geojson']>) {
    router.get(
      `/figures/coverage${suffix}`,
      describeRoute({
        tags,
        summary: format === 'json' ? 'Couverture territoriale d’une cohorte, par EPCI' : `Couverture territoriale, export ${format.toUpperCase()}`,
        ...(format === 'json' ? { responses: jsonAnswer(CoverageAnswer, 'Couverture par EPCI et ses résumés') } : {}),
        description:
          'Un EPCI est couvert quand au moins un bénéficiaire des dispositifs choisis y est situé pendant la cohorte (années from–to). ' +
          'Présence : part de la population (communes, à vol d’oiseau depuis leur point) à moins de distanceKm d’un site (siège, antenne, permanence) ' +
          'de ces dispositifs ouvert pendant la cohorte ; nearestSiteKm est la moyenne, pondérée par la population des communes, de la distance au site le plus proche. ' +
          `Sous-desservi : ${POISSON_TEST.description} Par défaut : dispositifs opérateurs (ACCESS, DLA, FIDESS, DASESS), 2024 à l’année en cours, 20 km.`,
      }),
      requireRole(...FIGURE_ROLES),
      valid('query', CoverageQuery),
      async (c) => {
        const user = currentUser(c);
        const query = c.req.valid('query');
        const { operatorId, from, to, shown } = await spanScope(deps, user, query);
        const schemes = schemeCodes(query.schemes);
        const exact = await coverageFigures(db, geo, { basis: query.basis, from, to, schemes, distanceKm: query.distanceKm, operatorId });
        const coverage = shown.mode === 'public' ? discloseCoverage(exact, shown.threshold) : exact;
        if (format === 'json') return c.json(coverage satisfies z.infer<typeof CoverageAnswer>);
        const filename = `couverture-${from}-${to}${operatorId ? `-${operatorId}` : ''}${shown.mode === 'public' ? '-public' : ''}`;
        if (format === 'geojson') {
          return new Response(JSON.stringify(coverageGeoJson(geo, coverage, query.precision)), {
            status: 200,
            headers: {
            'Content-Type': 'application/geo+json; charset=utf-8',
              'Content-Disposition': `attachment; filename="${filename}.geojson"`,
            },
          });
        }
        return send(format, filename, coverageSheets(coverage, shown.threshold));
      },
    );
  }

  for (const [suffix, format] of FORMATS) {
    router.get(
      `/figures/agreements${suffix}`,
      describeRoute({
        tags,
        summary: format === 'json' ? 'Couverture du territoire de chaque convention et ses écarts' : `Territoires conventionnés, export ${format.toUpperCase()}`,
        ...(format === 'json' ? { responses: jsonAnswer(AgreementCoverageAnswer, 'Par convention : territoire, EPCI couverts et en écart') } : {}),
        description:
          'Pour chaque convention en vigueur sur la cohorte : les EPCI de son territoire (EPCI listés, ou ayant une commune dans un ' +
          'département listé ; toute la région sans territoire), ceux où l’opérateur a eu des bénéficiaires du dispositif sur la cohorte ' +
          'ou a un lieu offrant ce dispositif à moins de distanceKm, et les autres : les écarts de la convention. Les bénéficiaires situés ' +
          'hors du territoire sont comptés à part. Un opérateur ne voit que ses conventions.',
      }),
      requireRole(...FIGURE_ROLES),
      valid('query', AgreementsQuery),
      async (c) => {
        const user = currentUser(c);
        const query = c.req.valid('query');
        const { operatorId, from, to, shown } = await spanScope(deps, user, query);
        const exact = await agreementCoverage(db, geo, { basis: query.basis, from, to, distanceKm: query.distanceKm, operatorId });
        const agreements: PublicAgreementCoverage[] = shown.mode === 'public' ? discloseAgreements(exact, shown.threshold) : exact;
        const result = {
          from, to, basis: query.basis, distanceKm: query.distanceKm, agreements, operator: operatorId, generatedAt: new Date().toISOString(),
          ...(shown.mode === 'public' ? { disclosure: disclosureNote(shown.threshold) } : {}),
        };
        if (format === 'json') return c.json(result satisfies z.infer<typeof AgreementCoverageAnswer>);
        return send(format, `conventions-${from}-${to}${operatorId ? `-${operatorId}` : ''}${shown.mode === 'public' ? '-public' : ''}`, [agreementsSheet(geo, agreements, shown.threshold)]);
      },
    );
  }

  for (const [suffix, format] of FORMATS) {
    router.get(
      `/figures/completeness${suffix}`,
      describeRoute({
        tags,
        summary: format === 'json' ? 'Complétude des rapports d’une année, par opérateur × dispositif × trimestre' : `Complétude, export ${format.toUpperCase()}`,
        ...(format === 'json' ? { responses: jsonAnswer(CompletenessAnswer, 'Complétude par opérateur × dispositif × trimestre') } : {}),
        description:
          'Un rapport est attendu pour chaque trimestre où une convention opérateur × dispositif est en vigueur ; il est dû 30 jours ' +
          '(réglage report_due_days) après la fin du trimestre. En retard : non soumis à l’échéance (première soumission après, ou toujours pas soumis). ' +
          'Manquant : échu et ni soumis ni validé. Taux (à l’heure, global) rapportés aux seuls rapports attendus et échus : jamais plus de 100 %.',
      }),
      requireRole(...FIGURE_ROLES),
      valid('query', CompletenessQuery),
      async (c) => {
        const user = currentUser(c);
        const query = c.req.valid('query');
        const operatorId = await scopeOperator(deps, user, query.operator);
        const year = query.year ?? currentYear();
        // Completeness counts reports, not beneficiaries: the same in both disclosure modes.
        const result = await completenessFigures(db, year, operatorId);
        if (format === 'json') return c.json(result satisfies z.infer<typeof CompletenessAnswer>);
        return send(format, `completude-${year}${operatorId ? `-${operatorId}` : ''}`, [completenessSheet(result)]);
      },
    );
  }

  for (const [suffix, format] of [['', 'json'], ['.xlsx', 'xlsx']] as const) {
    router.get(
      `/figures/annual-report${suffix}`,
      describeRoute({
        tags,
        summary: format === 'json' ? 'Rapport annuel pour le COPRESS (Région, COTECH)' : 'Rapport annuel COPRESS, classeur Excel (une feuille par rubrique)',
        description:
          'Une année face aux objectifs (700 bénéficiaires, 4 000 emplois consolidés) avec la méthode de projection si elle n’est pas close, ' +
          'par dispositif et aide directe, par stade ; couverture par type d’EPCI, zone de vigilance et département ; complétude et ponctualité ' +
          'par opérateur ; la cohorte depuis 2024. Mêmes calculs que les routes /figures.',
        ...(format === 'json' ? { responses: jsonAnswer(AnnualReportAnswer, 'Le rapport annuel') } : {}),
      }),
      requireRole('region', 'cotech'),
      valid('query', AnnualReportQuery),
      async (c) => {
        const user = currentUser(c);
        const query = c.req.valid('query');
        const reportYear = query.year ?? currentYear();
        const shown = await disclosureFor(db, user.role, query.disclosure);
        const report = await annualReport(db, geo, { year: reportYear, basis: query.basis, disclosure: shown });
        if (format === 'json') return c.json(report satisfies z.infer<typeof AnnualReportAnswer>);
        return send('xlsx', `rapport-annuel-copress-${reportYear}${shown.mode === 'public' ? '-public' : ''}`, annualReportSheets(report, shown.threshold));
      },
    );
  }

  return router;
}
