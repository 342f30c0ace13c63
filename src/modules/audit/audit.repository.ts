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
  | "call.recorded"
  | "calls.imported"
  | "call.ticket_linked"
  | "call_center.settings_changed"
  | "qa.sampled"
  | "qa.reviewed"
  | "training.recorded"
  // issue 13 (docs/SUPERVISION.md)
  | "supervision.alert_raised"
  | "supervision.alert_handled"
  | "supervision.notice_issued"
  | "supervision.notice_answered"
  | "supervision.order_issued"
  | "supervision.order_answered"
  | "supervision.order_closed"
  | "supervision.report_made"
  | "supervision.talk_recorded"
  | "supervision.evaluation_filed"
  | "supervision.linkage_sent"
  | "unit.leaders_set"
  | "partitions.detach"
  | "partitions.drop"
  // issue 18 point 8: admin edits of the organisation
  | "unit.updated"
  | "unit.deleted"
  | "category.updated"
  | "category.deleted"
  | "user.deleted"
  | "user.password_reset"
  // Channels (issue 16): citizen ratings, tickets passed down, refused inbound messages, units' duty phones.
  | "ticket.citizen_rated"
  | "channel.ticket_received"
  | "channel.rejected"
  | "unit.duty_phone_set"
  // issue 18 part A (docs/WORKDAY.md)
  | "co_unit.signed"
  | "co_unit.submitted"
  | "ticket.assigned"
  | "reply_template.saved"
  | "reply_template.deleted"
  | "notifications.read_all"
  | "suggestions.trained"
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
