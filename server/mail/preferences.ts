// Which notices each user receives (« Mon compte » → Notifications). Invitations and password resets are
// always sent; the rest can be turned off. Defaults: operators get reminders and workflow notices, Region
// staff the weekly digest; a notice for each submission only for Region reviewers who ask for it.
import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';

export const NOTICE_KINDS = {
  report_reminders: { roles: ['operator'], byDefault: true, label: 'Rappels des rapports à déposer (7 jours avant l’échéance, le jour même, puis chaque semaine de retard)' },
  workflow_notices: { roles: ['operator'], byDefault: true, label: 'Avis de la Région sur vos rapports (renvoyé, validé, rouvert)' },
  review_digest: { roles: ['region'], byDefault: true, label: 'Récapitulatif hebdomadaire des rapports à examiner' },
  submitted_notices: { roles: ['region'], byDefault: false, label: 'Un message à chaque rapport soumis' },
} as const satisfies Record<string, { roles: readonly Role[]; byDefault: boolean; label: string }>;

export type NoticeKind = keyof typeof NOTICE_KINDS;
export const NOTICE_KIND_NAMES = Object.keys(NOTICE_KINDS) as NoticeKind[];

/** The kinds that apply to a role, with the user's choice (or the default). */
export async function preferencesOf(db: Db, user: { id: number; role: Role }): Promise<Array<{ kind: NoticeKind; label: string; enabled: boolean }>> {
  const rows = await db.selectFrom('notification_settings').select(['kind', 'enabled']).where('user_id', '=', user.id).execute();
  const chosen = new Map(rows.map((r) => [r.kind, r.enabled === 1]));
  return NOTICE_KIND_NAMES.filter((kind) => (NOTICE_KINDS[kind].roles as readonly Role[]).includes(user.role)).map((kind) => ({
    kind,
    label: NOTICE_KINDS[kind].label,
    enabled: chosen.get(kind) ?? NOTICE_KINDS[kind].byDefault,
  }));
}

/** Active users of a role (and operator) who receive `kind`; invited users who never set a password are left out. */
export async function recipients(db: Db, kind: NoticeKind, filter: { role: Role; operatorId?: string }): Promise<Array<{ id: number; email: string }>> {
  let query = db
    .selectFrom('users')
    .leftJoin('notification_settings as n', (join) => join.onRef('n.user_id', '=', 'users.id').on('n.kind', '=', kind))
    .select(['users.id', 'users.email', 'n.enabled'])
    .where('users.role', '=', filter.role)
    .where('users.disabled_at', 'is', null)
    .where('users.password_hash', '!=', NO_PASSWORD);
  if (filter.operatorId !== undefined) query = query.where('users.operator_id', '=', filter.operatorId);
  const rows = await query.orderBy('users.id').execute();
  return rows.filter((r) => (r.enabled === null ? NOTICE_KINDS[kind].byDefault : r.enabled === 1)).map((r) => ({ id: r.id, email: r.email }));
}

/** The password hash of an invited account until its user sets one: matches no password. */
export const NO_PASSWORD = '!';
