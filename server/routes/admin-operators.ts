import { Hono } from 'hono';
import { z } from 'zod';
import { describeRoute } from 'hono-openapi';
import { changes } from '../admin/changes.ts';
import { findOperator, listOperators, toOperatorView } from '../admin/operators.ts';
import { OperatorCreateBody, OperatorIdParam, OperatorListQuery, OperatorPatchBody } from '../admin/schemas.ts';
import { recordAudit } from '../audit.ts';
import { currentUser, requireRole } from '../auth/middleware.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { conflict, notFound } from '../errors.ts';
import { valid } from '../validation.ts';
import { OperatorView } from '../admin/answers.ts';
import { jsonAnswer } from '../openapi.ts';

const tags = ['Administration : opérateurs'];

export function adminOperatorRoutes({ db }: AppDeps) {
  async function sirenTaken(siren: string | null | undefined, exceptId?: string): Promise<void> {
    if (!siren) return;
    const other = await db.selectFrom('operators').select(['id', 'name']).where('siren', '=', siren).executeTakeFirst();
    if (other && other.id !== exceptId) throw conflict(`Le SIREN ${siren} est déjà celui de l’opérateur « ${other.name} » (${other.id})`);
  }

  return new Hono<AppEnv>()
    .get(
      '/operators',
      describeRoute({ tags, summary: 'Opérateurs (un utilisateur opérateur ne voit que le sien)', responses: jsonAnswer(z.array(OperatorView), 'Les opérateurs') }),
      requireRole('region', 'cotech', 'operator'),
      valid('query', OperatorListQuery),
      async (c) => {
        const user = currentUser(c);
        const only = user.role === 'operator' ? (user.operatorId ?? '') : undefined;
        return c.json(await listOperators(db, { includeArchived: c.req.valid('query').archived === '1', only }));
      },
    )
    .get(
      '/operators/:id',
      describeRoute({ tags, summary: 'Un opérateur', responses: jsonAnswer(OperatorView, 'L’opérateur') }),
      requireRole('region', 'cotech', 'operator'),
      valid('param', OperatorIdParam),
      async (c) => {
        const user = currentUser(c);
        const { id } = c.req.valid('param');
        const operator = await findOperator(db, id);
        if (!operator || (user.role === 'operator' && user.operatorId !== id)) throw notFound('Opérateur');
        return c.json(toOperatorView(operator));
      },
    )
    .post(
      '/operators',
      describeRoute({ tags, summary: 'Créer un opérateur', responses: jsonAnswer(OperatorView, 'L’opérateur créé', 201) }),
      requireRole('region'),
      valid('json', OperatorCreateBody),
      async (c) => {
        const user = currentUser(c);
        const body = c.req.valid('json');
        if (await findOperator(db, body.id)) throw conflict(`L’identifiant « ${body.id} » est déjà pris par un autre opérateur`);
        await sirenTaken(body.siren);
        const row = await db.transaction().execute(async (trx) => {
          const created = await trx
            .insertInto('operators')
            .values({ id: body.id, name: body.name, siren: body.siren ?? null, created_at: new Date().toISOString(), archived_at: null })
            .returningAll()
            .executeTakeFirstOrThrow();
          await recordAudit(trx, { userId: user.id, action: 'operator.create', entity: 'operator', entityId: body.id, details: { name: body.name, siren: body.siren ?? null } });
          return created;
        });
        return c.json(toOperatorView(row), 201);
      },
    )
    .patch(
      '/operators/:id',
      describeRoute({ tags, summary: 'Modifier, archiver ou désarchiver un opérateur', responses: jsonAnswer(OperatorView, 'L’opérateur modifié') }),
      requireRole('region'),
      valid('param', OperatorIdParam),
      valid('json', OperatorPatchBody),
      async (c) => {
        const user = currentUser(c);
        const { id } = c.req.valid('param');
        const body = c.req.valid('json');
        const before = await findOperator(db, id);
        if (!before) throw notFound('Opérateur');
        await sirenTaken(body.siren, id);
        if (body.archived && before.is_region) throw conflict('L’opérateur Région (aides directes) ne peut pas être archivé');
        const archivedAt = body.archived === undefined ? before.archived_at : body.archived ? (before.archived_at ?? new Date().toISOString()) : null;
        const after = { name: body.name ?? before.name, siren: body.siren === undefined ? before.siren : body.siren, archived_at: archivedAt };
        const row = await db.transaction().execute(async (trx) => {
          const updated = await trx.updateTable('operators').set(after).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
          await recordAudit(trx, { userId: user.id, action: 'operator.update', entity: 'operator', entityId: id, details: changes(before, after) });
          return updated;
        });
        return c.json(toOperatorView(row));
      },
    )
    .delete(
      '/operators/:id',
      describeRoute({
        tags,
        summary: 'Archiver un opérateur (jamais supprimé : ses rapports et conventions restent consultables)',
        responses: jsonAnswer(OperatorView, 'L’opérateur archivé'),
      }),
      requireRole('region'),
      valid('param', OperatorIdParam),
      async (c) => {
        const user = currentUser(c);
        const { id } = c.req.valid('param');
        const before = await findOperator(db, id);
        if (!before) throw notFound('Opérateur');
        if (before.is_region) throw conflict('L’opérateur Région (aides directes) ne peut pas être archivé');
        if (before.archived_at) return c.json(toOperatorView(before));
        const row = await db.transaction().execute(async (trx) => {
          const archivedAt = new Date().toISOString();
          const updated = await trx.updateTable('operators').set({ archived_at: archivedAt }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
          await recordAudit(trx, { userId: user.id, action: 'operator.archive', entity: 'operator', entityId: id, details: { archivedAt } });
          return updated;
        });
        return c.json(toOperatorView(row));
      },
    );
}
