import type { Db } from '../db/database.ts';

export interface AuditInput {
  userId: number | null;
  /** 'entity.verb', e.g. 'report.upload', 'operator.create' */
  action: string;
  entity: string;
  entityId?: string | number | null;
  reportId?: number | null;
  revisionId?: number | null;
  /** What changed; never a password, a token or a beneficiary's personal data */
  details?: Record<string, unknown>;
}

/** Appends one entry to the audit log. Call it inside the transaction that makes the change. */
export async function recordAudit(db: Db, entry: AuditInput): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: new Date().toISOString(),
      user_id: entry.userId,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId == null ? null : String(entry.entityId),
      report_id: entry.reportId ?? null,
      revision_id: entry.revisionId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}
