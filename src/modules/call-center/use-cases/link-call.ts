import type { Db } from "../../../db/database.js";
import { invalid } from "../../../domain/errors.js";
import type { Actor } from "../../../http/auth.js";
import { writeAudit } from "../../audit/audit.repository.js";
import { findCall, linkCallTicket } from "../call.repository.js";

/** Before intake: the call named by `callId` (the CTI pop-up's `/intake?callId=`) exists and is free. */
export async function assertCallLinkable(db: Db, callId: number): Promise<void> {
  const call = await findCall(db, callId);
  if (!call) throw invalid("callId", "no such call");
}

/**
 * After intake: the call knows the ticket it produced (calls.ticket_id); audited. A call already linked
 * to another ticket keeps its first ticket (the second intake on one call is still recorded).
 */
export async function linkCallToTicket(db: Db, actor: Actor, callId: number, ticketId: number, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (await linkCallTicket(trx, callId, ticketId)) {
      await writeAudit(trx, { at: now, actorId: actor.id, action: "call.ticket_linked", targetType: "call", targetId: callId, data: { ticketId } });
    }
  });
}
