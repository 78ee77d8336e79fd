import { Hono } from 'hono';
import { z } from 'zod';
import { describeRoute } from 'hono-openapi';
import { changes } from '../admin/changes.ts';
import { findRule, listSchemes, listTargets, readSettings, toRuleView, validateRuleParams, writeSetting } from '../admin/reference-data.ts';
import { RulePatchBody, SchemeParam, SchemeRuleParam, SettingsPatchBody, TargetBody, YearParam } from '../admin/schemas.ts';
import { recordAudit } from '../audit.ts';
import { currentUser, requireRole } from '../auth/middleware.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { notFound } from '../errors.ts';
import { valid } from '../validation.ts';
import { SchemeRuleAnswer, SchemeView, SettingsView, TargetsAnswer, TargetView } from '../admin/answers.ts';
import { jsonAnswer } from '../openapi.ts';

// The roadmap's period: targets are shown for these years even before anyone sets them.
const ROADMAP_YEARS = [2024, 2025, 2026, 2027, 2028];

export function adminReferenceRoutes({ db }: AppDeps) {
  return new Hono<AppEnv>()
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
