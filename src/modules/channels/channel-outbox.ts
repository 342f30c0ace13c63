import { createHash } from "node:crypto";
import type { Db } from "../../db/database.js";
import type { TicketRow } from "../../db/schema.js";
import type { TicketEventInput } from "../../domain/ticket/ticket-events.js";
import { enqueue } from "../outbox/outbox.repository.js";
import type { ChannelHandlers } from "../outbox/outbox-handlers.js";
import type { OutboxMessage } from "../outbox/outbox.types.js";
import type { ChannelConfig } from "./channel-config.js";
import { SMS_TEMPLATES, type SmsTemplate } from "./channel.types.js";
import type { SmsTransport } from "./sms/sms-transport.js";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signBody } from "./upstream/upstream-signature.js";

/** A phone number as the rating-request table keys it: its SHA-256 (never the number). */
export const phoneHash = (phone: string) => createHash("sha256").update(phone.replace(/[^\d]/g, "").replace(/^86(?=1\d{10}$)/, "")).digest("hex");

/** One SMS to a phone number, from its template, as an outbox row of the caller's transaction. */
export function smsMessage<T extends SmsTemplate>(to: string, template: T, vars: Parameters<(typeof SMS_TEMPLATES)[T]>[0]): OutboxMessage {
  const render = SMS_TEMPLATES[template] as (v: typeof vars) => string;
  return { kind: "phone_sms", payload: { to, template, text: render(vars) } };
}

export async function enqueueSms<T extends SmsTemplate>(trx: Db, to: string, template: T, vars: Parameters<(typeof SMS_TEMPLATES)[T]>[0]): Promise<void> {
  await enqueue(trx, smsMessage(to, template, vars));
}

const URGENT = new Set(["urgent", "special", "special_urgent"]);

/**
 * What leaves the process when a ticket changes (called by the one write path, in its transaction):
 * a ticket passed down (channel upstream, with its externalRef) pushes signing, reply, extension and
 * closure back upstream; a citizen who asked for SMS gets the rating request at the reply and the
 * closure notice; an urgent dispatch texts the lead unit's duty phone. Nothing is read for other tickets.
 */
export async function channelEffects(trx: Db, ticket: TicketRow, events: readonly TicketEventInput[]): Promise<void> {
  const upstream = ticket.channel === "upstream" && ticket.external_ref;
  const sms = ticket.citizen_sms && !ticket.anonymous && !!ticket.requester_phone;
  const urgent = URGENT.has(ticket.urgency);
  if (!upstream && !sms && !urgent) return;
  const out: OutboxMessage[] = [];
  const push = (event: string, at: Date, data: Record<string, unknown>) =>
    out.push({ kind: "upstream", payload: { event, externalRef: ticket.external_ref!, number: ticket.number, at: at.toISOString(), data } });
  for (const e of events) {
    const d = e.data as Record<string, unknown>;
    const replyShown = (e.type === "ticket.replied" && d.awaitingSignOff === false) || (e.type === "ticket.reply_approved" && d.approved === true);
    if (upstream) {
      if (e.type === "ticket.signed") push("signed", e.at, { late: d.late });
      if (e.type === "ticket.extension_approved") push("extended", e.at, { replyDueAt: d.replyDueAt ?? null, workingDays: d.workingDays ?? null });
      if (e.type === "ticket.closed") push("closed", e.at, { kind: d.kind, remark: d.remark ?? null });
      if (replyShown) {
        const reply = await trx.selectFrom("replies").select(["content", "result"]).where("id", "=", Number(d.replyId)).executeTakeFirst();
        push("replied", e.at, { content: reply?.content ?? null, result: reply?.result ?? null });
      }
    }
    if (sms && replyShown) {
      out.push(smsMessage(ticket.requester_phone!, "rating_request", { number: ticket.number }));
      await trx.insertInto("sms_rating_requests").values({ ticket_id: ticket.id, phone_hash: phoneHash(ticket.requester_phone!), sent_at: e.at }).execute();
    }
    if (sms && e.type === "ticket.closed") out.push(smsMessage(ticket.requester_phone!, "closed", { number: ticket.number }));
    if (urgent && e.type === "ticket.dispatched") {
      const unit = await trx.selectFrom("units").select("duty_phone").where("id", "=", Number(d.leadUnitId)).executeTakeFirst();
      if (unit?.duty_phone) out.push(smsMessage(unit.duty_phone, "urgent_dispatch", { number: ticket.number, title: ticket.title.slice(0, 40) }));
    }
  }
  if (out.length > 0) await enqueue(trx, out);
}

/** The channel kinds' delivery: SMS through the configured adapter, upstream pushes signed to HUYING_UPSTREAM_URL. */
export function channelHandlers(config: ChannelConfig, transport: SmsTransport, timeoutMs = 10_000): ChannelHandlers {
  return {
    phone_sms: (m) => transport.submit(m.payload.to, m.payload.text, m.idempotencyId),
    upstream: async (m) => {
      if (!config.upstreamUrl || !config.upstreamSecret) throw new Error("HUYING_UPSTREAM_URL and HUYING_UPSTREAM_SECRET are not set");
      const body = JSON.stringify({ ...m.payload, idempotencyId: m.idempotencyId });
      const timestamp = String(Math.floor(Date.now() / 1000));
      let res: Response;
      try {
        res = await fetch(config.upstreamUrl, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "idempotency-key": m.idempotencyId,
            "x-huying-attempt": String(m.attempt),
            [TIMESTAMP_HEADER]: timestamp,
            [SIGNATURE_HEADER]: signBody(config.upstreamSecret, timestamp, body),
          },
          body,
          signal: AbortSignal.timeout(timeoutMs),
          redirect: "manual",
        });
      } catch (err) {
        throw new Error(`network error: ${err instanceof Error ? err.message : String(err)}`);
      }
      await res.body?.cancel().catch(() => undefined);
      if (res.status < 200 || res.status > 299) throw new Error(`HTTP ${res.status}`);
    },
  };
}
