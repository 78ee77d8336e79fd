// The report workflow, in one place:
//
//   expected ──upload──▶ draft ──submit──▶ submitted ──validate──▶ validated
//                          ▲                   │                      │
//                          │               return (comment)      reopen (reason)
//                          │                   ▼                      │
//                          └──────upload─── returned                  │
//                          ▲                                          │
//                          └──────────────────────────────────────────┘
//
// - A draft may receive any number of uploads (each a new revision) and is submitted when it has one.
// - A returned report needs a new upload (→ draft) before it can be submitted again: the Region's
//   comment asks for a correction, so resubmitting the very same lines is refused.
// - A validated report is locked. Reopening (Region, with a reason) puts it back to draft: it leaves the
//   official figures at once, the operator reads the reason and uploads a correction (or resubmits as is).
// - A submitted report is frozen while the Region reviews it: uploads wait for a return.
import type { Db } from '../../db/database.ts';
import type { ReportStatus, Role } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { AppError, conflict } from '../errors.ts';

/** A report's status as users see it: `expected` while no row exists yet. */
export type DisplayStatus = ReportStatus | 'expected';
export type ReportAction = 'submit' | 'validate' | 'return' | 'reopen';

export const STATUS_LABELS: Record<DisplayStatus, string> = {
  expected: 'attendu',
  draft: 'brouillon',
  submitted: 'soumis',
  validated: 'validé',
  returned: 'renvoyé à l’opérateur',
};

interface Transition {
  from: readonly DisplayStatus[];
  to: ReportStatus;
  /** Who may trigger it; operator users only on their own operator (checked by the routes). */
  roles: readonly Role[];
  /** A comment (return) or reason (reopen) is required. */
  needsComment: boolean;
  /** In French, for error messages: "Impossible de <verb> ce rapport" */
  verb: string;
  /** Which statuses it applies to, in French */
  expects: string;
}

export const TRANSITIONS: Record<ReportAction, Transition> = {
  submit: { from: ['draft'], to: 'submitted', roles: ['operator', 'region'], needsComment: false, verb: 'soumettre', expects: 'un rapport en brouillon' },
  validate: { from: ['submitted'], to: 'validated', roles: ['region'], needsComment: false, verb: 'valider', expects: 'un rapport soumis' },
  return: { from: ['submitted'], to: 'returned', roles: ['region'], needsComment: true, verb: 'renvoyer', expects: 'un rapport soumis' },
  reopen: { from: ['validated'], to: 'draft', roles: ['region'], needsComment: true, verb: 'rouvrir', expects: 'un rapport validé' },
};

/** Statuses that accept a new upload (each upload makes the report a draft). */
const UPLOADABLE: readonly DisplayStatus[] = ['expected', 'draft', 'returned'];

export function canUpload(status: DisplayStatus): boolean {
  return UPLOADABLE.includes(status);
}

/** 409 unless the report may receive a new revision. */
export function assertCanUpload(status: DisplayStatus): void {
  if (canUpload(status)) return;
  const why =
    status === 'validated'
      ? 'il est verrouillé ; la Région peut le rouvrir avec un motif'
      : 'la Région est en train de l’examiner ; attendez sa validation ou son renvoi';
  throw conflict(`Impossible de déposer un fichier : le rapport est ${STATUS_LABELS[status]} (${why})`, { status });
}

/** The actions a user may take now on a report in `status` (for the UI's buttons). */
export function allowedActions(status: DisplayStatus, role: Role, hasRevision: boolean): Array<ReportAction | 'upload'> {
  const actions: Array<ReportAction | 'upload'> = [];
  if (role !== 'cotech' && canUpload(status)) actions.push('upload');
  for (const [action, t] of Object.entries(TRANSITIONS) as Array<[ReportAction, Transition]>) {
    if (!t.roles.includes(role) || !t.from.includes(status)) continue;
    if (action === 'submit' && !hasRevision) continue;
    actions.push(action);
  }
  return actions;
}

export interface EventInput {
  reportId: number;
  from: DisplayStatus;
  to: ReportStatus;
  comment: string | null;
  userId: number | null;
  at: string;
}

/** Appends one entry to the operator-facing history of a report. */
export async function recordEvent(trx: Db, event: EventInput): Promise<void> {
  await trx
    .insertInto('report_events')
    .values({ report_id: event.reportId, from_status: event.from, to_status: event.to, comment: event.comment, user_id: event.userId, at: event.at })
    .execute();
}

export interface TransitionInput {
  reportId: number;
  action: ReportAction;
  userId: number | null;
  /** The Region's comment (return) or reason (reopen); an optional note otherwise. */
  comment?: string | null;
}

/**
 * Moves a report along the workflow inside `trx`: checks the transition is legal (409 naming the
 * current status otherwise), updates the report and its `updated_at`, and records the event and the
 * audit entry. Role checks belong to the caller (see `TRANSITIONS[action].roles`).
 * Call `assertTransition(status, action)` first where the report may not exist yet (expected).
 */
export async function transitionReport(trx: Db, input: TransitionInput): Promise<{ status: ReportStatus }> {
  const report = await trx
    .selectFrom('reports')
    .select(['id', 'status', 'current_revision_id', 'operator_id', 'scheme', 'period'])
    .where('id', '=', input.reportId)
    .executeTakeFirst();
  if (!report) throw new AppError(404, 'not_found', 'Rapport introuvable');
  const transition = TRANSITIONS[input.action];
  assertTransition(report.status, input.action, report.current_revision_id !== null);
  const comment = input.comment?.trim() || null;
  if (transition.needsComment && !comment) {
    throw new AppError(422, 'comment_required', input.action === 'return' ? 'Un commentaire est requis pour renvoyer un rapport' : 'Un motif est requis pour rouvrir un rapport');
  }

  const now = new Date().toISOString();
  await trx
    .updateTable('reports')
    .set({
      status: transition.to,
      updated_at: now,
      ...(input.action === 'submit' ? { submitted_at: now } : {}),
      ...(input.action === 'validate' ? { validated_at: now } : {}),
      ...(input.action === 'reopen' ? { validated_at: null } : {}),
    })
    .where('id', '=', report.id)
    .execute();
  await recordEvent(trx, { reportId: report.id, from: report.status, to: transition.to, comment, userId: input.userId, at: now });
  await recordAudit(trx, {
    userId: input.userId,
    action: `report.${input.action}`,
    entity: 'report',
    entityId: `${report.operator_id}/${report.scheme}/${report.period}`,
    reportId: report.id,
    revisionId: report.current_revision_id,
    details: { from: report.status, to: transition.to, ...(comment ? { comment } : {}) },
  });
  return { status: transition.to };
}

/**
 * Throws unless `action` is legal from `status`: 409 naming the current status, or 422 when a draft
 * (or an expected report) has no upload to submit.
 */
export function assertTransition(status: DisplayStatus, action: ReportAction, hasRevision: boolean): void {
  const transition = TRANSITIONS[action];
  if (action === 'submit' && (status === 'expected' || (status === 'draft' && !hasRevision))) {
    throw new AppError(422, 'empty_report', 'Impossible de soumettre ce rapport : aucun fichier n’a été déposé. Déposez d’abord les lignes du trimestre ou, si vous n’avez accompagné aucun bénéficiaire, déclarez un trimestre sans bénéficiaire (« Aucun bénéficiaire ce trimestre », ou par l’API {"lines": [], "declareEmpty": true}).', { status });
  }
  if (transition.from.includes(status)) return;
  let hint = `seul ${transition.expects} peut l’être`;
  if (action === 'submit' && status === 'returned') hint = 'déposez d’abord un fichier corrigé tenant compte du commentaire de la Région';
  throw conflict(`Impossible de ${transition.verb} ce rapport : son statut actuel est « ${STATUS_LABELS[status]} » (${hint})`, { status, action });
}
