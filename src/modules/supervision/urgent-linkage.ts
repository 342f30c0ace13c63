import type { Db } from "../../db/database.js";
import type { PolicySettings } from "../../domain/policy/policy.js";
import { leaderContactSchema, supervisionOf } from "../../domain/supervision/supervision.js";
import { writeAudit } from "../audit/audit.repository.js";
import { enqueue } from "../outbox/outbox.repository.js";
import type { OutboxMessage } from "../outbox/outbox.types.js";

const URGENCY_WORD: Record<string, string> = { special: "特殊", special_urgent: "特急" };
export const isSpecial = (urgency: string) => urgency === "special" || urgency === "special_urgent";

/**
 * Rules 7–8 (Chengdu): a special or special-urgent ticket notifies the territorial government, the
 * departments concerned, the city operations center and the 110 command center (policy
 * `supervision.linkageContacts`) through the outbox, in the caller's transaction: SMS to a contact's phone,
 * a webhook to its system. Returns the number of messages. The text names the ticket, never the requester.
 */
export async function enqueueLinkage(
  trx: Db,
  settings: PolicySettings,
  ticket: { id: number; number: string; title: string; urgency: string; address: string | null },
  now: Date,
): Promise<number> {
  if (!isSpecial(ticket.urgency)) return 0;
  const contacts = supervisionOf(settings).linkageContacts;
  const text = `【12345${URGENCY_WORD[ticket.urgency]}事项联动】工单 ${ticket.number}：${ticket.title.slice(0, 60)}${ticket.address ? `（${ticket.address.slice(0, 40)}）` : ""}，请即联动处置。`;
  const messages: OutboxMessage[] = contacts.flatMap((c): OutboxMessage[] => [
    ...(c.phone ? [{ kind: "sms" as const, payload: { userId: 0, phone: c.phone, text } }] : []),
    ...(c.url ? [{ kind: "webhook" as const, payload: { url: c.url, body: { event: "urgent_linkage", role: c.role, ticketId: ticket.id, number: ticket.number, urgency: ticket.urgency, title: ticket.title, address: ticket.address, at: now.toISOString() } } }] : []),
  ]);
  if (messages.length === 0) return 0;
  await enqueue(trx, messages);
  await writeAudit(trx, { at: now, actorId: null, action: "supervision.linkage_sent", targetType: "ticket", targetId: ticket.id, data: { contacts: contacts.map((c) => c.name), messages: messages.length } });
  return messages.length;
}

/** At dispatch of a special ticket: SMS to the leaders of the lead and co-units (the departments concerned, rule 7). */
export async function enqueueUnitLinkage(trx: Db, ticket: { number: string; title: string; urgency: string }, unitIds: readonly number[]): Promise<number> {
  if (!isSpecial(ticket.urgency) || unitIds.length === 0) return 0;
  const units = await trx.selectFrom("units").select(["id", "leader_contacts"]).where("id", "in", [...unitIds]).execute();
  const text = `【12345${URGENCY_WORD[ticket.urgency]}事项】工单 ${ticket.number}：${ticket.title.slice(0, 60)}，请立即签收并${ticket.urgency === "special_urgent" ? " 1 小时" : " 2 小时"}内反馈初步响应意见。`;
  const messages: OutboxMessage[] = units.flatMap((u) =>
    (Array.isArray(u.leader_contacts) ? u.leader_contacts : []).flatMap((x): OutboxMessage[] => {
      const p = leaderContactSchema.safeParse(x);
      return p.success ? [{ kind: "sms", payload: { userId: 0, phone: p.data.phone, text } }] : [];
    }),
  );
  await enqueue(trx, messages);
  return messages.length;
}
