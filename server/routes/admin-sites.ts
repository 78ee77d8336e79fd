import { Hono } from 'hono';
import { z } from 'zod';
import { describeRoute } from 'hono-openapi';
import { changes } from '../admin/changes.ts';
import { assertActiveOperator, assertSchemes } from '../admin/references.ts';
import { SiteCreateBody, SiteIdParam, SiteListQuery, SitePatchBody } from '../admin/schemas.ts';
import { findSite, listSites, siteCommuneCode, sitePoint, writeSiteSchemes } from '../admin/sites.ts';
import { recordAudit } from '../audit.ts';
import { currentUser, requireRole } from '../auth/middleware.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { AppError, conflict, notFound } from '../errors.ts';
import { valid } from '../validation.ts';
import { SiteView } from '../admin/answers.ts';
import { jsonAnswer, noContent } from '../openapi.ts';

const tags = ['Administration : lieux (sièges, antennes, permanences)'];

export function adminSiteRoutes({ db, geo }: AppDeps) {
  return new Hono<AppEnv>()
    .get(
      '/sites',
      describeRoute({ tags, summary: 'Lieux d’accueil des opérateurs (affichés sur la carte de couverture : tous les rôles)', responses: jsonAnswer(z.array(SiteView), 'Les lieux') }),
      requireRole('region', 'cotech', 'operator'),
      valid('query', SiteListQuery),
      async (c) => c.json(await listSites(db, geo, c.req.valid('query'))),
    )
    .get(
      '/sites/:id',
      describeRoute({ tags, summary: 'Un lieu', responses: jsonAnswer(SiteView, 'Le lieu') }),
      requireRole('region', 'cotech', 'operator'),
      valid('param', SiteIdParam),
      async (c) => {
        const site = await findSite(db, geo, c.req.valid('param').id);
        if (!site) throw notFound('Lieu');
        return c.json(site);
      },
    )
    .post(
      '/sites',
      describeRoute({ tags, summary: 'Créer un lieu (point de la commune si pas de coordonnées)', responses: jsonAnswer(SiteView, 'Le lieu créé', 201) }),
      requireRole('region'),
      valid('json', SiteCreateBody),
      async (c) => {
        const user = currentUser(c);
        const body = c.req.valid('json');
        await assertActiveOperator(db, body.operator);
        await assertSchemes(db, body.schemes, 'schemes');
        const commune = siteCommuneCode(geo, body.commune);
        const point = sitePoint(geo, commune, body.lat, body.lon);
        const id = await db.transaction().execute(async (trx) => {
          const row = await trx
            .insertInto('sites')
            .values({
              operator_id: body.operator,
              kind: body.kind,
              name: body.name,
              address: body.address ?? null,
              commune_code: commune,
              lat: point.lat,
              lon: point.lon,
              opened_on: body.opened,
              closed_on: body.closed ?? null,
              schedule: body.schedule ?? null,
              created_at: new Date().toISOString(),
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await writeSiteSchemes(trx, row.id, body.schemes);
          await recordAudit(trx, { userId: user.id, action: 'site.create', entity: 'site', entityId: row.id, details: { ...body, commune, ...point } });
          return row.id;
        });
        return c.json(await findSite(db, geo, id), 201);
      },
    )
    .patch(
      '/sites/:id',
      describeRoute({ tags, summary: 'Modifier un lieu (fermeture : date `closed`)', responses: jsonAnswer(SiteView, 'Le lieu modifié') }),
      requireRole('region'),
      valid('param', SiteIdParam),
      valid('json', SitePatchBody),
      async (c) => {
        const user = currentUser(c);
        const { id } = c.req.valid('param');
        const body = c.req.valid('json');
        const before = await findSite(db, geo, id);
        if (!before) throw notFound('Lieu');
        if (body.schemes) await assertSchemes(db, body.schemes, 'schemes');
        const commune = body.commune === undefined ? before.commune : siteCommuneCode(geo, body.commune);
        const opened = body.opened ?? before.opened;
        const closed = body.closed === undefined ? before.closed : body.closed;
        if (closed && closed < opened) {
          throw new AppError(422, 'invalid_dates', `La date de fermeture (${closed}) précède la date d’ouverture (${opened})`);
        }
        // New coordinates are checked against the (possibly new) commune; moving to another commune
        // without coordinates, or clearing them, puts the site on the commune's point.
        const point =
          body.lat != null && body.lon != null
            ? sitePoint(geo, commune, body.lat, body.lon)
            : body.lat === null || commune !== before.commune
              ? sitePoint(geo, commune, null, null)
              : { lat: before.lat, lon: before.lon };
        const after = {
          kind: body.kind ?? before.kind,
          name: body.name ?? before.name,
          address: body.address === undefined ? before.address : body.address,
          commune,
          lat: point.lat,
          lon: point.lon,
          schemes: body.schemes ? [...new Set(body.schemes)].sort() : before.schemes,
          opened,
          closed,
          schedule: body.schedule === undefined ? before.schedule : body.schedule,
        };
        await db.transaction().execute(async (trx) => {
          await trx
            .updateTable('sites')
            .set({
              kind: after.kind,
              name: after.name,
              address: after.address,
              commune_code: after.commune,
              lat: after.lat,
              lon: after.lon,
              opened_on: after.opened,
              closed_on: after.closed,
              schedule: after.schedule,
            })
            .where('id', '=', id)
            .execute();
          if (body.schemes) await writeSiteSchemes(trx, id, body.schemes);
          await recordAudit(trx, { userId: user.id, action: 'site.update', entity: 'site', entityId: id, details: changes(before, after) });
        });
        return c.json(await findSite(db, geo, id));
      },
    )
    .delete(
      '/sites/:id',
      describeRoute({ tags, summary: 'Supprimer un lieu saisi par erreur (409 s’il est cité par des lignes de rapport)', responses: noContent('Lieu supprimé') }),
      requireRole('region'),
      valid('param', SiteIdParam),
      async (c) => {
        const user = currentUser(c);
        const { id } = c.req.valid('param');
        const site = await findSite(db, geo, id);
        if (!site) throw notFound('Lieu');
        const cited = await db.selectFrom('report_lines').select('id').where('site', '=', String(id)).executeTakeFirst();
        if (cited) {
          throw conflict('Ce lieu est cité par des lignes de rapport : indiquez plutôt sa date de fermeture (champ closed)');
        }
        await db.transaction().execute(async (trx) => {
          await trx.deleteFrom('site_schemes').where('site_id', '=', id).execute();
          await trx.deleteFrom('sites').where('id', '=', id).execute();
          const { id: _id, createdAt: _at, ...details } = site;
          await recordAudit(trx, { userId: user.id, action: 'site.delete', entity: 'site', entityId: id, details });
        });
        return c.body(null, 204);
      },
    );
}
