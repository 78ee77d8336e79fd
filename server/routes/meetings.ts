// Committee meetings (« séances », issue 10): the Region records a COTECH or COPRESS meeting, freezes
// its figures, and the committee opens them unchanged months later with what changed since. COTECH
// members read; operators have no access. Every action is audited.
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import type { Updateable } from 'kysely';
import type { Meeting, MeetingsTable } from '../../db/schema.ts';
import { isoDate } from '../admin/schemas.ts';
import { recordAudit } from '../audit.ts';
import { currentUser, requireRole } from '../auth/middleware.ts';
import type { AppDeps, AppEnv, AuthUser } from '../context.ts';
import { conflict, notFound } from '../errors.ts';
import { readSecrecySettings } from '../admin/reference-data.ts';
import { checkSchemes, loadSchemes } from '../figures/service.ts';
import { MeetingAnswer, MeetingChangesAnswer, MeetingSummaryAnswer } from '../meetings/answers.ts';
import { meetingChanges } from '../meetings/changes.ts';
import { discloseMeeting } from '../meetings/disclosure.ts';
import { type MeetingContent, meetingFigures, meetingParameters, sealContent } from '../meetings/snapshot.ts';
import { jsonAnswer, noContent } from '../openapi.ts';
import { valid } from '../validation.ts';

const tags = ['Séances des comités'];

const year = z.number({ error: 'année attendue, par exemple 2025' }).int('année entière attendue').min(2000, 'année 2000 au plus tôt').max(2100, 'année 2100 au plus tard');
const Cohort = z
  .object({ from: year, to: year })
  .refine((c) => c.from <= c.to, { message: 'la première année (from) doit précéder ou égaler la dernière (to)', path: ['from'] });
// Each year of the span costs a completeness computation: ten years cover two roadmaps.
const MAX_SPAN_YEARS = 10;
const MeetingFields = {
  kind: z.enum(['cotech', 'copress'], { error: 'type de séance attendu : cotech ou copress' }),
  date: isoDate,
  title: z.string('Titre obligatoire').trim().min(3, 'Titre d’au moins 3 caractères').max(200, 'Titre de 200 caractères au plus'),
  cohorts: z.array(Cohort, { error: 'liste de cohortes attendue, par exemple [{"from":2024,"to":2025}]' }).min(1, 'Au moins une cohorte').max(4, 'Quatre cohortes au plus'),
  schemes: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
  basis: z.enum(['validated', 'submitted'], { error: 'base attendue : validated (officiel) ou submitted (provisoire)' }).optional(),
  distanceKm: z.number({ error: 'distance en km attendue' }).positive('distance strictement positive').max(200, 'distance au plus 200 km').optional(),
  disclosure: z.enum(['public', 'internal'], { error: 'public (secret des petits nombres) ou internal attendu' }).optional(),
};
const spanOk = (m: { cohorts?: Array<{ from: number; to: number }> }) =>
  !m.cohorts?.length || Math.max(...m.cohorts.map((c) => c.to)) - Math.min(...m.cohorts.map((c) => c.from)) < MAX_SPAN_YEARS;
const SPAN = { message: `Les cohortes d’une séance couvrent ${MAX_SPAN_YEARS} ans au plus`, path: ['cohorts'] };
const MeetingCreateBody = z.object(MeetingFields).refine(spanOk, SPAN);
const MeetingPatchBody = z
  .object({ date: MeetingFields.date.optional(), title: MeetingFields.title.optional(), cohorts: MeetingFields.cohorts.optional(), schemes: MeetingFields.schemes, basis: MeetingFields.basis, distanceKm: MeetingFields.distanceKm, disclosure: MeetingFields.disclosure })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'Aucun champ à modifier')
  .refine(spanOk, SPAN);
const MeetingParam = z.object({ id: z.coerce.number({ error: 'numéro de séance attendu' }).int('numéro de séance attendu').positive('numéro de séance attendu') });
const MeetingQuery = z.object({ disclosure: MeetingFields.disclosure });

const DEFAULT_DISTANCE_KM = 20;
const FROZEN = 'Cette séance est arrêtée : ses chiffres ne changent plus. Pour corriger, créez une nouvelle séance.';

export function meetingRoutes(deps: AppDeps) {
  const { db, geo } = deps;

  async function findMeeting(id: number): Promise<Meeting> {
    const row = await db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Séance');
    return row;
  }

  async function emailOf(id: number | null): Promise<string | null> {
    if (id === null) return null;
    return (await db.selectFrom('users').select('email').where('id', '=', id).executeTakeFirst())?.email ?? null;
  }

  async function summary(row: Meeting) {
    return {
      id: row.id,
      ...meetingParameters(row),
      createdAt: row.created_at,
      createdBy: await emailOf(row.created_by),
      frozenAt: row.frozen_at,
      frozenBy: await emailOf(row.frozen_by),
      sha256: row.sha256,
    };
  }

  /**
   * Whether this viewer sees the meeting masked: a public meeting is shown as presented (the Region may ask
   * for the exact figures), and the COTECH sees masked figures while the Region's setting says so.
   */
  async function maskedFor(user: AuthUser, row: Meeting, requested: 'public' | 'internal' | undefined): Promise<boolean> {
    if (user.role === 'cotech') return row.disclosure === 'public' || (await readSecrecySettings(db)).cotechDisclosure === 'public';
    return (requested ?? row.disclosure) === 'public';
  }

  /**
   * Changes a meeting only while it is unfrozen (the database's trigger refuses the rest anyway), with its
   * audit entry, in one transaction; a meeting frozen meanwhile answers 409.
   */
  async function updateUnfrozen(user: AuthUser, id: number, set: Updateable<MeetingsTable>, action: string, details: (row: Meeting) => Record<string, unknown>): Promise<Meeting> {
    return db.transaction().execute(async (trx) => {
      const updated = await trx.updateTable('meetings').set(set).where('id', '=', id).where('frozen_at', 'is', null).returningAll().executeTakeFirst();
      if (!updated) throw conflict(FROZEN);
      await recordAudit(trx, { userId: user.id, action, entity: 'meeting', entityId: id, details: details(updated) });
      return updated;
    });
  }

  async function assertSchemes(schemes: string[] | undefined) {
    if (schemes?.length) checkSchemes(schemes, await loadSchemes(db));
  }

  return new Hono<AppEnv>()
    .get(
      '/meetings',
      describeRoute({ tags, summary: 'Séances COTECH et COPRESS, la plus récente d’abord', responses: jsonAnswer(z.array(MeetingSummaryAnswer), 'Les séances') }),
      requireRole('region', 'cotech'),
      async (c) => {
        const rows = await db.selectFrom('meetings').selectAll().orderBy('date', 'desc').orderBy('id', 'desc').execute();
        return c.json(await Promise.all(rows.map(summary)));
      },
    )
    .post(
      '/meetings',
      describeRoute({ tags, summary: 'Préparer une séance (Région) : type, date, titre, cohortes, dispositifs, base', responses: jsonAnswer(MeetingSummaryAnswer, 'La séance, non arrêtée', 201) }),
      requireRole('region'),
      valid('json', MeetingCreateBody),
      async (c) => {
        const user = currentUser(c);
        const body = c.req.valid('json');
        await assertSchemes(body.schemes);
        const row = await db.transaction().execute(async (trx) => {
          const created = await trx
            .insertInto('meetings')
            .values({
              kind: body.kind,
              date: body.date,
              title: body.title,
              cohorts: JSON.stringify(body.cohorts.map(({ from, to }) => ({ from, to }))),
              schemes: JSON.stringify(body.schemes ?? []),
              basis: body.basis ?? 'validated',
              distance_km: body.distanceKm ?? DEFAULT_DISTANCE_KM,
              disclosure: body.disclosure ?? 'public',
              created_at: new Date().toISOString(),
              created_by: user.id,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await recordAudit(trx, { userId: user.id, action: 'meeting.create', entity: 'meeting', entityId: created.id, details: { ...meetingParameters(created) } });
          return created;
        });
        return c.json(await summary(row), 201);
      },
    )
    .get(
      '/meetings/:id',
      describeRoute({
        tags,
        summary: 'Une séance ; arrêtée : ses chiffres tels qu’arrêtés (frozenAt, sha256, figures)',
        description: 'sha256 est l’empreinte du contenu arrêté exact ; une séance publique (disclosure=public) est montrée avec le secret des petits nombres, au seuil arrêté avec elle.',
        responses: jsonAnswer(MeetingAnswer, 'La séance'),
      }),
      requireRole('region', 'cotech'),
      valid('param', MeetingParam),
      valid('query', MeetingQuery),
      async (c) => {
        const user = currentUser(c);
        const row = await findMeeting(c.req.valid('param').id);
        const content = row.content ? (JSON.parse(row.content) as MeetingContent) : null;
        const masked = await maskedFor(user, row, c.req.valid('query').disclosure);
        return c.json({ ...(await summary(row)), masked, figures: content && masked ? discloseMeeting(content) : content });
      },
    )
    .patch(
      '/meetings/:id',
      describeRoute({ tags, summary: 'Modifier une séance non arrêtée (409 si arrêtée)', responses: jsonAnswer(MeetingSummaryAnswer, 'La séance modifiée') }),
      requireRole('region'),
      valid('param', MeetingParam),
      valid('json', MeetingPatchBody),
      async (c) => {
        const user = currentUser(c);
        const before = await findMeeting(c.req.valid('param').id);
        if (before.frozen_at) throw conflict(FROZEN);
        const body = c.req.valid('json');
        await assertSchemes(body.schemes);
        const set = {
          ...(body.date !== undefined && { date: body.date }),
          ...(body.title !== undefined && { title: body.title }),
          ...(body.cohorts !== undefined && { cohorts: JSON.stringify(body.cohorts.map(({ from, to }) => ({ from, to }))) }),
          ...(body.schemes !== undefined && { schemes: JSON.stringify(body.schemes) }),
          ...(body.basis !== undefined && { basis: body.basis }),
          ...(body.distanceKm !== undefined && { distance_km: body.distanceKm }),
          ...(body.disclosure !== undefined && { disclosure: body.disclosure }),
        };
        const row = await updateUnfrozen(user, before.id, set, 'meeting.update', (updated) => ({ before: meetingParameters(before), after: meetingParameters(updated) }));
        return c.json(await summary(row));
      },
    )
    .post(
      '/meetings/:id/freeze',
      describeRoute({
        tags,
        summary: 'Arrêter les chiffres d’une séance (Région) : ils sont enregistrés, avec leur empreinte SHA-256, et ne changeront plus',
        responses: jsonAnswer(MeetingSummaryAnswer, 'La séance arrêtée'),
      }),
      requireRole('region'),
      valid('param', MeetingParam),
      async (c) => {
        const user = currentUser(c);
        const before = await findMeeting(c.req.valid('param').id);
        if (before.frozen_at) throw conflict(FROZEN);
        const { text, sha256 } = sealContent(await meetingFigures(db, geo, meetingParameters(before)));
        const frozenAt = new Date().toISOString();
        // Only an unfrozen meeting is frozen: two concurrent freezes store one content, the other gets 409.
        const row = await updateUnfrozen(user, before.id, { frozen_at: frozenAt, frozen_by: user.id, content: text, sha256 }, 'meeting.freeze', () => ({ sha256, frozenAt }));
        return c.json(await summary(row));
      },
    )
    .get(
      '/meetings/:id/changes',
      describeRoute({
        tags,
        summary: 'Ce qui a changé depuis l’arrêt des chiffres : par année, par EPCI, complétude, et les rapports et lieux en cause',
        responses: jsonAnswer(MeetingChangesAnswer, 'Les différences avec les chiffres d’aujourd’hui'),
      }),
      requireRole('region', 'cotech'),
      valid('param', MeetingParam),
      valid('query', MeetingQuery),
      async (c) => {
        const user = currentUser(c);
        const row = await findMeeting(c.req.valid('param').id);
        if (!row.content || !row.frozen_at) throw conflict('Séance non arrêtée : il n’y a pas encore de chiffres auxquels comparer.');
        const frozen = JSON.parse(row.content) as MeetingContent;
        const live = await meetingFigures(db, geo, frozen.parameters);
        const masked = await maskedFor(user, row, c.req.valid('query').disclosure);
        const changes = await meetingChanges(db, masked ? discloseMeeting(frozen) : frozen, row.frozen_at, masked ? discloseMeeting({ ...live, threshold: frozen.threshold }) : live);
        return c.json({ ...changes, masked });
      },
    )
    .delete(
      '/meetings/:id',
      describeRoute({ tags, summary: 'Supprimer une séance non arrêtée (409 si arrêtée)', responses: noContent('Séance supprimée') }),
      requireRole('region'),
      valid('param', MeetingParam),
      async (c) => {
        const user = currentUser(c);
        const before = await findMeeting(c.req.valid('param').id);
        if (before.frozen_at) throw conflict(FROZEN);
        await db.transaction().execute(async (trx) => {
          const gone = await trx.deleteFrom('meetings').where('id', '=', before.id).where('frozen_at', 'is', null).executeTakeFirst();
          if (Number(gone.numDeletedRows) !== 1) throw conflict(FROZEN);
          await recordAudit(trx, { userId: user.id, action: 'meeting.delete', entity: 'meeting', entityId: before.id, details: { ...meetingParameters(before) } });
        });
        return c.body(null, 204);
      },
    );
}
