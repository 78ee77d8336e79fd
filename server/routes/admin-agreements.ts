import { Hono } from 'hono';
import { z } from 'zod';
import { describeRoute } from 'hono-openapi';
import {
  assertNoOverlap,
  assertTerritory,
  findAgreement,
  listAgreements,
  reportPeriodsWithin,
  type TerritoryInput,
  writeTerritory,
} from '../admin/agreements.ts';
import { changes } from '../admin/changes.ts';
import { assertActiveOperator, assertSchemes } from '../admin/references.ts';
import { AgreementCreateBody, AgreementIdParam, AgreementListQuery, AgreementPatchBody } from '../admin/schemas.ts';
import { recordAudit } from '../audit.ts';
import { currentUser, requireRole } from '../auth/middleware.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { AppError, conflict, notFound } from '../errors.ts';
import { valid } from '../validation.ts';
import { AgreementView } from '../admin/answers.ts';
import { jsonAnswer, noContent } from '../openapi.ts';

const tags = ['Administration : conventions'];

/**
 * A territory given with no EPCI and no département would be stored as no territory, i.e. the whole region:
 * the opposite of what was meant. The whole region is asked for by leaving the territory out (null in a PATCH).
 */
function assertTerritoryChosen(territory: TerritoryInput | null | undefined): void {
  if (!territory || (territory.epcis?.length ?? 0) + (territory.departements?.length ?? 0) > 0) return;
  const [path, message] =
    territory.epcis !== undefined
      ? ['territory.epcis', 'Choisissez au moins un EPCI, ou « Toute la région »']
      : territory.departements !== undefined
        ? ['territory.departements', 'Choisissez au moins un département, ou « Toute la région »']
        : ['territory', 'Territoire vide : donnez des EPCI ou des départements, ou omettez le territoire pour toute la région'];
  throw new AppError(422, 'invalid_territory', message, [{ path, message }]);
}

export function adminAgreementRoutes({ db, geo }: AppDeps) {
  return new Hono<AppEnv>()
    .get(
      '/agreements',
      describeRoute({ tags, summary: 'Conventions (un utilisateur opérateur ne voit que les siennes)', responses: jsonAnswer(z.array(AgreementView), 'Les conventions') }),
      requireRole('region', 'cotech', 'operator'),
      valid('query', AgreementListQuery),
      async (c) => {
        const user = currentUser(c);
        const filter = c.req.valid('query');
        if (user.role === 'operator') {
          if (filter.operator !== undefined && filter.operator !== user.operatorId) throw notFound('Opérateur');
          filter.operator = user.operatorId ?? '';
        }
        return c.json(await listAgreements(db, filter));
      },
    )
    .get(
      '/agreements/:id',
      describeRoute({ tags, summary: 'Une convention', responses: jsonAnswer(AgreementView, 'La convention') }),
      requireRole('region', 'cotech', 'operator'),
      valid('param', AgreementIdParam),
      async (c) => {
        const user = currentUser(c);
        const agreement = await findAgreement(db, c.req.valid('param').id);
        if (!agreement || (user.role === 'operator' && agreement.operator !== user.operatorId)) throw notFound('Convention');
        return c.json(agreement);
      },
    )
    .post(
      '/agreements',
      describeRoute({ tags, summary: 'Créer une convention opérateur × dispositif (elle définit les rapports attendus)', responses: jsonAnswer(AgreementView, 'La convention créée', 201) }),
      requireRole('region'),
      valid('json', AgreementCreateBody),
      async (c) => {
        const user = currentUser(c);
        const body = c.req.valid('json');
        await assertActiveOperator(db, body.operator);
        await assertSchemes(db, [body.scheme]);
        assertTerritoryChosen(body.territory);
        assertTerritory(geo, body.territory);
        await assertNoOverlap(db, body);
        const id = await db.transaction().execute(async (trx) => {
          const row = await trx
            .insertInto('agreements')
            .values({ operator_id: body.operator, scheme: body.scheme, start_date: body.start, end_date: body.end, capacity_per_year: body.capacityPerYear ?? null, created_at: new Date().toISOString() })
            .returning('id')
            .executeTakeFirstOrThrow();
          await writeTerritory(trx, row.id, body.territory);
          await recordAudit(trx, { userId: user.id, action: 'agreement.create', entity: 'agreement', entityId: row.id, details: { ...body } });
          return row.id;
        });
        return c.json(await findAgreement(db, id), 201);
      },
    )
    .patch(
      '/agreements/:id',
      describeRoute({ tags, summary: 'Modifier les dates, le territoire ou la capacité annuelle d’une convention', responses: jsonAnswer(AgreementView, 'La convention modifiée') }),
      requireRole('region'),
      valid('param', AgreementIdParam),
      valid('json', AgreementPatchBody),
      async (c) => {
        const user = currentUser(c);
        const { id } = c.req.valid('param');
        const body = c.req.valid('json');
        const before = await findAgreement(db, id);
        if (!before) throw notFound('Convention');
        const start = body.start ?? before.start;
        const end = body.end ?? before.end;
        if (start > end) {
          throw new AppError(422, 'invalid_dates', `La date de fin (${end}) doit être postérieure ou égale à la date de début (${start})`);
        }
        assertTerritoryChosen(body.territory);
        assertTerritory(geo, body.territory);
        await assertNoOverlap(db, { operator: before.operator, scheme: before.scheme, start, end }, id);
        const kept = new Set(await reportPeriodsWithin(db, before.operator, before.scheme, start, end));
        const orphaned = (await reportPeriodsWithin(db, before.operator, before.scheme, before.start, before.end)).filter((p) => !kept.has(p));
        if (orphaned.length > 0) {
          throw conflict(`Des rapports existent hors des nouvelles dates : ${orphaned.join(', ')}. Gardez ces trimestres dans la convention.`, { periods: orphaned });
        }
        await db.transaction().execute(async (trx) => {
          await trx
            .updateTable('agreements')
            .set({ start_date: start, end_date: end, ...(body.capacityPerYear !== undefined ? { capacity_per_year: body.capacityPerYear } : {}) })
            .where('id', '=', id)
            .execute();
          if (body.territory !== undefined) await writeTerritory(trx, id, body.territory);
          const after = await findAgreement(trx, id);
          await recordAudit(trx, { userId: user.id, action: 'agreement.update', entity: 'agreement', entityId: id, details: changes(before, after ?? {}) });
        });
        return c.json(await findAgreement(db, id));
      },
    )
    .delete(
      '/agreements/:id',
      describeRoute({ tags, summary: 'Supprimer une convention sans rapport (409 si des rapports existent)', responses: noContent('Convention supprimée') }),
      requireRole('region'),
      valid('param', AgreementIdParam),
      async (c) => {
        const user = currentUser(c);
        const { id } = c.req.valid('param');
        const agreement = await findAgreement(db, id);
        if (!agreement) throw notFound('Convention');
        const periods = await reportPeriodsWithin(db, agreement.operator, agreement.scheme, agreement.start, agreement.end);
        if (periods.length > 0) {
          throw conflict(
            `Cette convention a déjà des rapports (${periods.join(', ')}) : elle ne peut pas être supprimée. Modifiez plutôt sa date de fin.`,
            { periods },
          );
        }
        await db.transaction().execute(async (trx) => {
          await trx.deleteFrom('agreement_territories').where('agreement_id', '=', id).execute();
          await trx.deleteFrom('agreements').where('id', '=', id).execute();
          const { id: _id, createdAt: _at, ...details } = agreement;
          await recordAudit(trx, { userId: user.id, action: 'agreement.delete', entity: 'agreement', entityId: id, details });
        });
        return c.body(null, 204);
      },
    );
}
