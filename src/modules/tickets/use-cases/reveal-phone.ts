import { writeAudit } from "../../audit/audit.repository.js";
import { ticketEvent } from "../../../domain/ticket/ticket-events.js";
import type { Actor } from "../../../http/auth.js";
import { runTicketAction, type TicketDeps } from "../ticket-action.js";

/** Shows a requester's full phone number to an allowed role; every reveal is audited (personal data). */
export async function revealPhone(deps: TicketDeps, actor: Actor, ticketId: number) {
  const { result } = await runTicketAction(deps, actor, ticketId, "reveal_phone", {}, async (s) => ({
    events: [ticketEvent("ticket.phone_revealed", s.now, actor.id, actor.unitId, {})],
    after: async () => {
      await writeAudit(s.trx, { at: s.now, actorId: actor.id, action: "phone.revealed", targetType: "ticket", targetId: s.ticket.id, data: { number: s.ticket.number } });
      return { phone: s.ticket.requester_phone };
    },
  }));
  return result;
}
