import type { Db } from "../../../db/database.js";
import type { OutboxRow } from "../../../db/schema.js";
import { DomainError, notFound } from "../../../domain/errors.js";
import { requireRole, type Actor } from "../../../http/auth.js";
import { writeAudit } from "../../audit/audit.repository.js";
import { lockOutboxRow, requeue } from "../outbox.repository.js";

/**
 * An admin puts a dead (or waiting) message back in the queue, due now with a fresh set of attempts;
 * audited. A delivered message, or one a worker is delivering right now, answers 409.
 */
export async function retryOutboxMessage(db: Db, actor: Actor, id: number, now: Date, at: Date): Promise<OutboxRow> {
  requireRole(actor, "admin");
  return db.transaction().execute(async (trx) => {
    const row = await lockOutboxRow(trx, id);
    if (!row) throw notFound("outbox message");
    if (row.status === "delivered") throw new DomainError("CONFLICT", "the message was delivered already");
    if (row.status === "pending" && row.locked_until && row.locked_until.getTime() > now.getTime()) {
      throw new DomainError("CONFLICT", "the message is being delivered right now");
    }
    const updated = await requeue(trx, id, now);
    await writeAudit(trx, {
      at,
      actorId: actor.id,
      action: "outbox.retried",
      targetType: "outbox",
      targetId: id,
      data: { kind: row.kind, previousStatus: row.status, attempts: row.attempts },
    });
    return updated;
  });
}
