import { Hono } from 'hono';
import { z } from 'zod';
import { describeRoute } from 'hono-openapi';
import { changes } from '../admin/changes.ts';
import { findRule, listSchemes, listTargets, readSettings, toRuleView, validateRuleParams, writeSetting } from '../admin/reference-data.ts';
import { RulePatchBody, SchemeParam, SchemePatchBody, SchemeRuleParam, SettingsPatchBody, TargetBody, YearParam } from '../admin/schemas.ts';
import { recordAudit } from '../audit.ts';
import { currentUser, requireRole } from '../auth/middleware.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { AppError, notFound } from '../errors.ts';
import { valid } from '../validation.ts';
import { EssEstablishmentsAnswer, SchemeRuleAnswer, SchemeView, SettingsView, TargetsAnswer, TargetView } from '../admin/answers.ts';
import { jsonAnswer, noContent } from '../openapi.ts';
import { listEssEstablishments, parseEssEstablishments, replaceEssEstablishments } from '../admin/ess-establishments.ts';

// The roadmap's period: targets are shown for these years even before anyone sets them.
const ROADMAP_YEARS = [2024, 2025, 2026, 2027, 2028];

export function adminReferenceRoutes({ db, geo }: AppDeps) {
  return new Hono<AppEnv>()
    .get(
      '/reference/ess-establishments',
      describeRoute({ tags: ['Référentiels'], summary: 'Établissements et emplois de l’ESS par EPCI (panorama CRESS) chargés par la Région', responses: jsonAnswer(EssEstablishmentsAnswer, 'Les établissements par EPCI') }),
      requireRole('region', 'cotech'),
      async (c) => c.json(await listEssEstablishments(db)),
    )
    .put(
      '/reference/ess-establishments',
      describeRoute({
        tags: ['Référentiels'],
        summary: 'Charger les établissements de l’ESS par EPCI (CSV epci_siren;etablissements;emplois), remplace le fichier précédent',
        description: 'Corps : le fichier CSV (text/csv), séparateur ; ou , ; en-tête epci_siren;etablissements;emplois (emplois facultatif). Tout ou rien : une erreur, et rien n’est enregistré. Ces établissements deviennent la base de la couverture attendue.',
        requestBody: { content: { 'text/csv': { schema: { type: 'string' } } } },
        responses: jsonAnswer(EssEstablishmentsAnswer, 'Les établissements chargés'),
      }),
      requireRole('region'),
      async (c) => {
        const user = currentUser(c);
        const rows = parseEssEstablishments(new Uint8Array(await c.req.arrayBuffer()), geo);
        await db.transaction().execute(async (trx) => {
          await replaceEssEstablishments(trx, rows, user.id);
          await recordAudit(trx, { userId: user.id, action: 'ess_establishments.load', entity: 'ess_establishments', entityId: null, details: { epcis: rows.length, establishments: rows.reduce((s, r) => s + r.establishments, 0) } });
        });
        return c.json(await listEssEstablishments(db));
      },
    )
    .delete(
      '/reference/ess-establishments',
      describeRoute({ tags: ['Référentiels'], summary: 'Retirer les établissements chargés (la population redevient la base)', responses: noContent('Établissements retirés') }),
      requireRole('region'),
      async (c) => {
        const user = currentUser(c);
        await db.transaction().execute(async (trx) => {
          await trx.deleteFrom('ess_establishments').execute();
          await recordAudit(trx, { userId: user.id, action: 'ess_establishments.delete', entity: 'ess_establishments', entityId: null, details: {} });
        });
        return c.body(null, 204);
      },
    )
    .get(
      '/targets',
      describeRoute({ tags: ['Objectifs'], summary: 'Objectifs annuels (bénéficiaires, emplois consolidés), défaut pour les années sans objectif propre', responses: jsonAnswer(TargetsAnswer, 'Le défaut et les objectifs par année') }),
      requireRole('region', 'cotech', 'operator'),
      async (c) => c.json({ default: (await readSettings(db)).defaultTargets, years: await listTargets(db, ROADMAP_YEARS) }),
    )
    .get(
      '/targets/:year',
      describeRoute({ tags: ['Objectifs'], summary: 'Objectifs d’une année', responses: jsonAnswer(TargetView, 'Les objectifs de l’année') }),
      requireRole('region', 'cotech', 'operator'),
      valid('param', YearParam),
      async (c) => {
        const { year } = c.req.valid('param');
        return c.json((await listTargets(db, [year])).find((t) => t.year === year));
      },
    )
    .put(
      '/targets/:year',
      describeRoute({ tags: ['Objectifs'], summary: 'Fixer les objectifs d’une année', responses: jsonAnswer(TargetView, 'Les objectifs fixés') }),
      requireRole('region'),
      valid('param', YearParam),
      valid('json', TargetBody),
      async (c) => {
        const user = currentUser(c);
        const { year } = c.req.valid('param');
        const body = c.req.valid('json');
        const before = (await listTargets(db, [year])).find((t) => t.year === year)!;
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('targets')
            .values({ year, beneficiaries: body.beneficiaries, jobs_consolidated: body.jobsConsolidated })
            .onConflict((oc) => oc.column('year').doUpdateSet({ beneficiaries: body.beneficiaries, jobs_consolidated: body.jobsConsolidated }))
            .execute();
          await recordAudit(trx, { userId: user.id, action: 'target.set', entity: 'target', entityId: year, details: changes(before, body) });
        });
        return c.json({ year, ...body, isDefault: false });
      },
    )
    .get('/settings', describeRoute({ tags: ['Paramètres'], summary: 'Paramètres (délai de dépôt des rapports, objectifs par défaut)', responses: jsonAnswer(SettingsView, 'Les paramètres') }), requireRole('region'), async (c) =>
      c.json(await readSettings(db)),
    )
    .patch(
      '/settings',
      describeRoute({ tags: ['Paramètres'], summary: 'Modifier les paramètres', responses: jsonAnswer(SettingsView, 'Les paramètres modifiés') }),
      requireRole('region'),
      valid('json', SettingsPatchBody),
      async (c) => {
        const user = currentUser(c);
        const body = c.req.valid('json');
        const before = await readSettings(db);
        await db.transaction().execute(async (trx) => {
          if (body.reportDueDays !== undefined) await writeSetting(trx, 'report_due_days', body.reportDueDays);
          if (body.defaultTargets !== undefined) await writeSetting(trx, 'default_targets', body.defaultTargets);
          if (body.smallCountThreshold !== undefined) await writeSetting(trx, 'small_count_threshold', body.smallCountThreshold);
          if (body.cotechDisclosure !== undefined) await writeSetting(trx, 'cotech_disclosure', body.cotechDisclosure);
          if (body.expectedCoverageThreshold !== undefined) await writeSetting(trx, 'expected_coverage_threshold', body.expectedCoverageThreshold);
          await recordAudit(trx, { userId: user.id, action: 'settings.update', entity: 'settings', details: changes(before, body) });
        });
        return c.json(await readSettings(db));
      },
    )
    .get(
      '/schemes',
      describeRoute({ tags: ['Dispositifs'], summary: 'Dispositifs, stades servis et règles de contrôle des rapports', responses: jsonAnswer(z.array(SchemeView), 'Les dispositifs') }),
      requireRole('region', 'cotech', 'operator'),
      async (c) => c.json(await listSchemes(db)),
    )
    .get(
      '/schemes/:code',
      describeRoute({ tags: ['Dispositifs'], summary: 'Un dispositif et ses règles', responses: jsonAnswer(SchemeView, 'Le dispositif') }),
      requireRole('region', 'cotech', 'operator'),
      valid('param', SchemeParam),
      async (c) => {
        const [scheme] = await listSchemes(db, c.req.valid('param').code);
        if (!scheme) throw notFound('Dispositif');
        return c.json(scheme);
      },
    )
    .patch(
      '/schemes/:code',
      describeRoute({ tags: ['Dispositifs'], summary: 'Fixer la capacité annuelle d’une aide directe de la Région (les dispositifs opérateurs la portent par convention)', responses: jsonAnswer(SchemeView, 'Le dispositif') }),
      requireRole('region'),
      valid('param', SchemeParam),
      valid('json', SchemePatchBody),
      async (c) => {
        const user = currentUser(c);
        const { code } = c.req.valid('param');
        const [before] = await listSchemes(db, code);
        if (!before) throw notFound('Dispositif');
        if (before.kind !== 'direct_aid') {
          const message = `${before.name} est un dispositif opérateur : sa capacité annuelle se fixe dans chacune de ses conventions`;
          throw new AppError(422, 'capacity_by_agreement', message, [{ field: 'capacityPerYear', message }]);
        }
        const { capacityPerYear } = c.req.valid('json');
        await db.transaction().execute(async (trx) => {
          await trx.updateTable('schemes').set({ capacity_per_year: capacityPerYear }).where('code', '=', code).execute();
          await recordAudit(trx, { userId: user.id, action: 'scheme.update', entity: 'scheme', entityId: code, details: { capacityPerYear: { before: before.capacityPerYear, after: capacityPerYear } } });
        });
        const [after] = await listSchemes(db, code);
        return c.json(after);
      },
    )
    .patch(
      '/schemes/:code/rules/:rule',
      describeRoute({ tags: ['Dispositifs'], summary: 'Modifier une règle : gravité (erreur ou avertissement), paramètres, activation', responses: jsonAnswer(SchemeRuleAnswer, 'La règle modifiée') }),
      requireRole('region'),
      valid('param', SchemeRuleParam),
      valid('json', RulePatchBody),
      async (c) => {
        const user = currentUser(c);
        const { code, rule } = c.req.valid('param');
        const body = c.req.valid('json');
        const before = await findRule(db, code, rule);
        if (!before) throw notFound('Règle');
        const params = body.params === undefined ? JSON.parse(before.params) : validateRuleParams(rule, body.params);
        const after = { severity: body.severity ?? before.severity, params, enabled: body.enabled ?? before.enabled === 1 };
        const row = await db.transaction().execute(async (trx) => {
          const updated = await trx
            .updateTable('scheme_rules')
            .set({ severity: after.severity, params: JSON.stringify(after.params), enabled: after.enabled ? 1 : 0 })
            .where('id', '=', before.id)
            .returningAll()
            .executeTakeFirstOrThrow();
          await recordAudit(trx, { userId: user.id, action: 'rule.update', entity: 'scheme_rule', entityId: `${code}/${rule}`, details: changes(toRuleView(before), after) });
          return updated;
        });
        return c.json({ scheme: code, ...toRuleView(row) });
      },
    );
}
