import type { Db } from "../../db/database.js";

/** Actions written to audit_log (things that are not ticket changes but must be traceable). */
export type AuditAction =
  | "phone.revealed"
  | "export.tickets"
  | "export.report"
  | "user.created"
  | "user.updated"
  | "unit.created"
  | "category.created"
  | "calendar.override_set"
  | "policy.changed"
  | "policy.preset_applied"
  | "auth.login"
  | "auth.login_failed"
  | "auth.logout"
  | "report.entry_saved"
  | "outbox.retried"
  | "api_key.created"
  | "api_key.revoked"
  | "api_key.denied"
  | "auth.password_changed"
  | "user.password_reset_forced"
  | "tickets.phone_searched"
  | "retention.anonymised"
  | "purge.ran"
  | "knowledge.created"
  | "knowledge.updated"
  | "knowledge.published"
  | "knowledge.rejected"
  | "knowledge.retired"
  | "knowledge.expiry_flagged"
  | "knowledge.imported"
  | "knowledge.synonyms_changed"
  | "catalogue.saved"
  | "catalogue.retired"
  | "catalogue.imported";

export interface AuditEntry {
  at: Date;
  actorId: number | null;
  action: AuditAction;
  targetType?: string;
  targetId?: string | number;
  data?: Record<string, unknown>;
}

/** Appends one audit row; call it inside the transaction of the change it records. */
export async function writeAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      at: entry.at,
      actor_id: entry.actorId,
      action: entry.action,
      target_type: entry.targetType ?? null,
      target_id: entry.targetId === undefined ? null : String(entry.targetId),
      data: JSON.stringify(entry.data ?? {}),
    })
    .execute();
}
