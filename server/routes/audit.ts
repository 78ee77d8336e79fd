import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { AuditQuery } from '../admin/schemas.ts';
import { requireRole } from '../auth/middleware.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { valid } from '../validation.ts';
import { AuditPage } from '../admin/answers.ts';
import { jsonAnswer } from '../openapi.ts';

/** The audit log, newest first, for the Region: who changed what, when, on which report and revision. */
export function auditRoutes({ db }: AppDeps) {
  return new Hono<AppEnv>().get(
    '/audit',
    describeRoute({ tags: ['Journal'], summary: 'Journal des modifications (le plus récent d’abord ; pagination par `before`)', responses: jsonAnswer(AuditPage, 'Une page du journal') }),
    requireRole('region'),
    valid('query', AuditQuery),
    async (c) => {
      const q = c.req.valid('query');
      let query = db
        .selectFrom('audit_log')
        .leftJoin('users', 'users.id', 'audit_log.user_id')
        .select([
          'audit_log.id',
          'audit_log.at',
          'audit_log.user_id',
          'users.email',
          'audit_log.action',
          'audit_log.entity',
          'audit_log.entity_id',
          'audit_log.report_id',
          'audit_log.revision_id',
          'audit_log.details',
        ])
        .orderBy('audit_log.id', 'desc')
        .limit(q.limit + 1);
      if (q.entity) query = query.where('audit_log.entity', '=', q.entity);
      if (q.entityId) query = query.where('audit_log.entity_id', '=', q.entityId);
      if (q.action) query = query.where('audit_log.action', '=', q.action);
      if (q.report) query = query.where('audit_log.report_id', '=', q.report);
      if (q.before) query = query.where('audit_log.id', '<', q.before);
      if (q.from) query = query.where('audit_log.at', '>=', q.from);
      // A bare date as upper bound includes that whole day: 'T99' sorts after any of its ISO times.
      if (q.to) query = q.to.length === 10 ? query.where('audit_log.at', '<', `${q.to}T99`) : query.where('audit_log.at', '<=', q.to);
      if (q.user) {
        const user = q.user;
        query = /^\d+$/.test(user) ? query.where('audit_log.user_id', '=', Number(user)) : query.where('users.email', '=', user.toLowerCase());
      }
      const rows = await query.execute();
      const page = rows.slice(0, q.limit);
      return c.json({
        entries: page.map((r) => ({
          id: r.id,
          at: r.at,
          user: r.user_id === null ? null : { id: r.user_id, email: r.email },
          action: r.action,
          entity: r.entity,
          entityId: r.entity_id,
          reportId: r.report_id,
          revisionId: r.revision_id,
          details: JSON.parse(r.details),
        })),
        // Pass as `before` to read the next (older) page; null on the last page.
        next: rows.length > q.limit ? page[page.length - 1].id : null,
      });
    },
  );
}
