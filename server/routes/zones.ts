import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import type { Geography } from '../../geo/geography.ts';
import { recordAudit } from '../audit.ts';
import { currentUser, requireRole } from '../auth/middleware.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { AppError, conflict, notFound } from '../errors.ts';
import { getZone, listZones, zoneSlug } from '../figures/zones.ts';
import { valid } from '../validation.ts';
import { ZoneAnswer } from '../figures/answers.ts';
import { jsonAnswer, noContent } from '../openapi.ts';

const tags = ['Zones de vigilance'];

const name = z.string().trim().min(2, 'nom d’au moins 2 caractères').max(120, 'nom de 120 caractères au plus');
const description = z.string().trim().max(2000, 'description de 2 000 caractères au plus');
const epcis = z.array(z.string().trim().regex(/^\d{9}$/, 'SIREN d’EPCI attendu (9 chiffres)')).max(200);

const ZoneParams = z.object({ id: z.string().trim().min(1).max(80) });
const CreateZone = z.object({
  id: z.string().trim().regex(/^[a-z0-9-]{2,60}$/, 'identifiant en minuscules, chiffres et tirets (2 à 60)').optional(),
  name,
  description: description.default(''),
  epcis: epcis.default([]),
});
const UpdateZone = z.object({ name: name.optional(), description: description.optional() }).refine((b) => b.name !== undefined || b.description !== undefined, {
  message: 'indiquez au moins name ou description',
});
const ZoneEpcis = z.object({ epcis });

/** Rejects (422) SIRENs that are not EPCIs of the region, naming them. */
function checkEpcis(geo: Geography, sirens: readonly string[]): string[] {
  const unique = [...new Set(sirens)];
  const unknown = unique.filter((s) => !geo.epcis.has(s));
  if (unknown.length > 0) {
    const details = unknown.map((value) => ({ field: 'epcis', value, message: 'EPCI inconnu dans la région' }));
    throw new AppError(422, 'unknown_epci', `EPCI inconnu dans la région ${geo.regionName} : ${unknown.join(', ')}`, details);
  }
  return unique;
}

export function zoneRoutes(deps: AppDeps) {
  const { db, geo } = deps;
  return new Hono<AppEnv>()
    .get(
      '/zones',
      describeRoute({ tags, summary: 'Zones de vigilance (feuille de route, partie 3 §4b) et leurs EPCI', responses: jsonAnswer(z.array(ZoneAnswer), 'Les zones') }),
      requireRole('region', 'cotech', 'operator'),
      async (c) => c.json(await listZones(db, geo)),
    )
    .post(
      '/zones',
      describeRoute({ tags, summary: 'Crée une zone de vigilance (Région)', responses: jsonAnswer(ZoneAnswer, 'La zone créée', 201) }),
      requireRole('region'),
      valid('json', CreateZone),
      async (c) => {
        const user = currentUser(c);
        const body = c.req.valid('json');
        const members = checkEpcis(geo, body.epcis);
        const id = body.id ?? zoneSlug(body.name);
        await db.transaction().execute(async (trx) => {
          const existing = await trx.selectFrom('vigilance_zones').select('id').where('id', '=', id).executeTakeFirst();
          if (existing) throw conflict(`Une zone porte déjà l’identifiant « ${id} »`, { id });
          await trx.insertInto('vigilance_zones').values({ id, name: body.name, description: body.description, created_at: new Date().toISOString() }).execute();
          if (members.length) await trx.insertInto('vigilance_zone_epcis').values(members.map((siren) => ({ zone_id: id, epci_siren: siren }))).execute();
          await recordAudit(trx, { userId: user.id, action: 'zone.create', entity: 'vigilance_zone', entityId: id, details: { name: body.name, epcis: members } });
        });
        return c.json(await getZone(db, geo, id), 201);
      },
    )
    .patch(
      '/zones/:id',
      describeRoute({ tags, summary: 'Renomme une zone ou change sa description (Région)', responses: jsonAnswer(ZoneAnswer, 'La zone modifiée') }),
      requireRole('region'),
      valid('param', ZoneParams),
      valid('json', UpdateZone),
      async (c) => {
        const user = currentUser(c);
        const { id } = c.req.valid('param');
        const body = c.req.valid('json');
        await db.transaction().execute(async (trx) => {
          const zone = await trx.selectFrom('vigilance_zones').selectAll().where('id', '=', id).executeTakeFirst();
          if (!zone) throw notFound('Zone de vigilance');
          await trx
            .updateTable('vigilance_zones')
            .set({ ...(body.name !== undefined ? { name: body.name } : {}), ...(body.description !== undefined ? { description: body.description } : {}) })
            .where('id', '=', id)
            .execute();
          await recordAudit(trx, {
            userId: user.id,
            action: 'zone.update',
            entity: 'vigilance_zone',
            entityId: id,
            details: { before: { name: zone.name, description: zone.description }, after: body },
          });
        });
        return c.json(await getZone(db, geo, id));
      },
    )
    .put(
      '/zones/:id/epcis',
      describeRoute({ tags, summary: 'Remplace la liste des EPCI d’une zone (Région)', responses: jsonAnswer(ZoneAnswer, 'La zone et ses nouveaux EPCI') }),
      requireRole('region'),
      valid('param', ZoneParams),
      valid('json', ZoneEpcis),
      async (c) => {
        const user = currentUser(c);
        const { id } = c.req.valid('param');
        const members = checkEpcis(geo, c.req.valid('json').epcis);
        await db.transaction().execute(async (trx) => {
          const zone = await trx.selectFrom('vigilance_zones').select('id').where('id', '=', id).executeTakeFirst();
          if (!zone) throw notFound('Zone de vigilance');
          const before = (await trx.selectFrom('vigilance_zone_epcis').select('epci_siren').where('zone_id', '=', id).execute()).map((r) => r.epci_siren);
          await trx.deleteFrom('vigilance_zone_epcis').where('zone_id', '=', id).execute();
          if (members.length) await trx.insertInto('vigilance_zone_epcis').values(members.map((siren) => ({ zone_id: id, epci_siren: siren }))).execute();
          await recordAudit(trx, {
            userId: user.id,
            action: 'zone.epcis',
            entity: 'vigilance_zone',
            entityId: id,
            details: { added: members.filter((s) => !before.includes(s)), removed: before.filter((s) => !members.includes(s)) },
          });
        });
        return c.json(await getZone(db, geo, id));
      },
    )
    .delete(
      '/zones/:id',
      describeRoute({ tags, summary: 'Supprime une zone de vigilance (Région)', responses: noContent('Zone supprimée') }),
      requireRole('region'),
      valid('param', ZoneParams),
      async (c) => {
        const user = currentUser(c);
        const { id } = c.req.valid('param');
        await db.transaction().execute(async (trx) => {
          const zone = await trx.selectFrom('vigilance_zones').selectAll().where('id', '=', id).executeTakeFirst();
          if (!zone) throw notFound('Zone de vigilance');
          const members = (await trx.selectFrom('vigilance_zone_epcis').select('epci_siren').where('zone_id', '=', id).execute()).map((r) => r.epci_siren);
          await trx.deleteFrom('vigilance_zone_epcis').where('zone_id', '=', id).execute();
          await trx.deleteFrom('vigilance_zones').where('id', '=', id).execute();
          await recordAudit(trx, { userId: user.id, action: 'zone.delete', entity: 'vigilance_zone', entityId: id, details: { name: zone.name, epcis: members } });
        });
        return c.body(null, 204);
      },
    );
}
