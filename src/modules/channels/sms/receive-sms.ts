import type { AppContext } from "../../../app-context.js";
import { writeAudit } from "../../audit/audit.repository.js";
import { channelActor } from "../channel-actor.js";
import { channelIntake } from "../channel-intake.js";
import { phoneHash } from "../channel-outbox.js";
import { parseSmsRating } from "../channel.types.js";
import { plainText, recordCitizenRating } from "../public/public.service.js";
import { findTicket } from "../../tickets/ticket.repository.js";

/** How long a rating request SMS waits for its answer. */
const RATING_REPLY_DAYS = 10;

export type SmsOutcome = { kind: "rating"; ticketId: number } | { kind: "ticket"; ticketId: number; number: string } | { kind: "rejected"; reason: string };

/**
 * One inbound SMS (from the SMPP adapter): "1 / 2 / 3" answering this phone's latest open rating request is the
 * citizen's rating (beside the center's follow-up, rule 21); anything else is a new request, channel sms.
 * Too long or empty → refused and logged (audit `channel.rejected`, without the text or the number).
 */
export async function receiveSms(ctx: AppContext, from: string, text: string): Promise<SmsOutcome> {
  const actor = await channelActor(ctx.db, "sms");
  const now = ctx.clock.now();
  const body = plainText(text);
  const reject = async (reason: string): Promise<SmsOutcome> => {
    await writeAudit(ctx.db, { at: now, actorId: actor.id, action: "channel.rejected", data: { channel: "sms", reason, chars: text.length } });
    ctx.logger.warn({ channel: "sms", reason, chars: text.length }, "inbound sms refused");
    return { kind: "rejected", reason };
  };
  if (text.length > ctx.config.channels.smsMaxChars) return reject("too_long");
  if (!/^\+?\d{5,20}$/.test(from)) return reject("bad_sender");
  const rating = parseSmsRating(body);
  if (rating) {
    const since = new Date(now.getTime() - RATING_REPLY_DAYS * 86_400_000);
    const done = await ctx.db.transaction().execute(async (trx) => {
      const req = await trx
        .selectFrom("sms_rating_requests")
        .selectAll()
        .where("phone_hash", "=", phoneHash(from))
        .where("answered_at", "is", null)
        .where("sent_at", ">=", since)
        .orderBy("sent_at", "desc")
        .forUpdate()
        .executeTakeFirst();
      if (!req) return null;
      await trx.updateTable("sms_rating_requests").set({ answered_at: now }).where("id", "=", req.id).execute();
      const ticket = await findTicket(trx, req.ticket_id, true);
      const rated = await trx.selectFrom("citizen_ratings").select("id").where("ticket_id", "=", req.ticket_id).executeTakeFirst();
      if (!ticket || rated) return { ticketId: req.ticket_id };
      await recordCitizenRating(trx, ticket, { source: "sms", outcome: rating }, actor.id, now);
      return { ticketId: ticket.id };
    });
    if (done) return { kind: "rating", ...done };
  }
  if (body.length < 2) return reject("empty");
  const { ticket } = await channelIntake(
    ctx,
    actor,
    { channel: "sms", requester: { phone: from.replace(/^\+?86(?=1\d{10}$)/, "") }, title: body.slice(0, 30), content: body, citizenSms: true },
    { queryCode: true },
  );
  return { kind: "ticket", ticketId: ticket.id, number: ticket.number };
}
