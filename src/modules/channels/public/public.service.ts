import { timingSafeEqual } from "node:crypto";
import sanitizeHtml from "sanitize-html";
import type { AppContext } from "../../../app-context.js";
import type { Db } from "../../../db/database.js";
import type { TicketRow } from "../../../db/schema.js";
import { DomainError } from "../../../domain/errors.js";
import { ticketEvent } from "../../../domain/ticket/ticket-events.js";
import { CITIZEN_RATING_STATUSES, decideCitizenRating } from "../../../domain/ticket/ticket.machine.js";
import type { TicketStatus } from "../../../domain/ticket/ticket.types.js";
import { writeAudit } from "../../audit/audit.repository.js";
import { applyTicketChange } from "../../tickets/ticket-write.js";
import { channelActor } from "../channel-actor.js";
import { channelIntake, hashQueryCode } from "../channel-intake.js";
import type { CitizenRating, Mailbox, RatingSource } from "../channel.types.js";
import { MAILBOX_LABELS } from "../channel.types.js";
import { admitSubmission } from "./public-guard.js";

/** Text, never markup: tags are dropped (a script's body with them), entities decoded; the web shows it as text. */
export function plainText(s: string): string {
  // Fast path: without `<` or `&` there is no markup and no entity (what sanitize-html would return, decoded).
  if (!/[<&]/.test(s)) return s.replace(/>/g, "").trim();
  const stripped = sanitizeHtml(s, { allowedTags: [], allowedAttributes: {}, disallowedTagsMode: "discard" });
  return stripped.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&").replace(/[<>]/g, "").trim();
}

export interface PublicSubmission {
  content: string;
  title?: string;
  name?: string;
  phone?: string;
  address?: string;
  anonymous?: boolean;
  mailbox?: Mailbox;
  business?: boolean;
  companyName?: string;
  smsNotify?: boolean;
  captchaId?: string;
  captchaAnswer?: string;
}

/** A citizen's request from /public: counted per address (captcha past the free ones), then intake as channel web or mailbox. */
export async function submitPublicRequest(ctx: AppContext, ip: string, b: PublicSubmission): Promise<{ number: string; queryCode: string }> {
  const now = ctx.clock.now();
  const content = plainText(b.content);
  if (content.length < 5) throw new DomainError("VALIDATION_FAILED", "content: at least 5 characters of text", "content");
  const business = b.business === true || b.mailbox === "enterprise";
  const title = plainText(b.title ?? "") || content.slice(0, 30);
  const prefix = b.mailbox ? `【${MAILBOX_LABELS[b.mailbox]}】` : "";
  const company = business && b.companyName ? `（企业：${plainText(b.companyName)}）` : "";
  const actor = await channelActor(ctx.db, "web");
  const anonymous = b.anonymous === true;
  const { ticket, queryCode } = await channelIntake(
    ctx,
    actor,
    {
      channel: b.mailbox ? "mailbox" : "web",
      mailbox: b.mailbox ?? null,
      requester: { name: anonymous ? null : b.name ? plainText(b.name) : null, phone: anonymous ? null : b.phone ?? null, anonymous },
      title: `${prefix}${title}`.slice(0, 200),
      content: `${content}${company}`,
      address: b.address ? plainText(b.address) : null,
      business,
      citizenSms: b.smsNotify === true && !anonymous,
    },
    {
      queryCode: true,
      // counted (and the captcha used) in the intake's transaction: one commit per submission
      before: (trx) => admitSubmission(trx, ip, now, ctx.config.channels.publicCaptchaAfter, { id: b.captchaId, answer: b.captchaAnswer }),
    },
  );
  return { number: ticket.number, queryCode: queryCode! };
}

/** The ticket of a number and its query code, or 404 (a wrong code looks exactly like an unknown number). */
export async function ticketByCode(db: Db, number: string, code: string, forUpdate = false): Promise<TicketRow> {
  let q = db.selectFrom("tickets").innerJoin("public_access as p", "p.ticket_id", "tickets.id").selectAll("tickets").select("p.code_hash").where("tickets.number", "=", number);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  const given = Buffer.from(await hashQueryCode(number, code), "hex");
  const stored = row ? Buffer.from(row.code_hash, "hex") : Buffer.alloc(given.length);
  if (!row || stored.length !== given.length || !timingSafeEqual(stored, given)) throw new DomainError("NOT_FOUND", "no request with this number and query code");
  const { code_hash: _omit, ...ticket } = row;
  return ticket as TicketRow;
}

/** What a citizen sees: status, the unit's replies once they are out, the rating. No name, phone, unit or internal note. */
export async function lookupPublicRequest(db: Db, number: string, code: string) {
  const t = await ticketByCode(db, number, code);
  const [replies, rating] = await Promise.all([
    db.selectFrom("replies").select(["content", "created_at", "approved_at"]).where("ticket_id", "=", t.id).where("status", "=", "approved").orderBy("id").execute(),
    db.selectFrom("citizen_ratings").select(["outcome", "at"]).where("ticket_id", "=", t.id).executeTakeFirst(),
  ]);
  return {
    number: t.number,
    status: t.status as TicketStatus,
    closed: t.status === "closed",
    title: t.title,
    receivedAt: t.received_at.toISOString(),
    replies: replies.map((r) => ({ content: r.content, at: (r.approved_at ?? r.created_at).toISOString() })),
    rating: rating ? { outcome: rating.outcome as CitizenRating, at: rating.at.toISOString() } : null,
    canRate: !rating && CITIZEN_RATING_STATUSES.includes(t.status as TicketStatus) && t.closure_kind !== "terminated" && t.closure_kind !== "merged",
  };
}

/**
 * Records a citizen's rating (web, or an SMS reply) on a locked ticket, through the machine (no status change, one
 * event) and the one apply function, audited. One rating per ticket: a second → 409 ALREADY_RATED.
 */
export async function recordCitizenRating(
  trx: Db,
  ticket: TicketRow,
  input: { source: RatingSource; outcome: CitizenRating; comment?: string | null },
  actorId: number,
  now: Date,
): Promise<{ id: number; at: Date }> {
  const change = decideCitizenRating({ status: ticket.status as TicketStatus });
  const existing = await trx.selectFrom("citizen_ratings").select("id").where("ticket_id", "=", ticket.id).executeTakeFirst();
  if (existing) throw new DomainError("ALREADY_RATED", "this request has already been rated");
  const row = await trx
    .insertInto("citizen_ratings")
    .values({ ticket_id: ticket.id, source: input.source, outcome: input.outcome, comment: input.comment ? plainText(input.comment) : null, at: now })
    .returning(["id", "at"])
    .executeTakeFirstOrThrow();
  await applyTicketChange(trx, {
    ticket,
    change,
    events: [ticketEvent("ticket.citizen_rated", now, actorId, null, { ratingId: row.id, source: input.source, outcome: input.outcome, withComment: !!input.comment })],
  });
  await writeAudit(trx, { at: now, actorId, action: "ticket.citizen_rated", targetType: "ticket", targetId: ticket.id, data: { source: input.source, outcome: input.outcome } });
  return row;
}

export async function ratePublicRequest(ctx: AppContext, number: string, code: string, body: { outcome: CitizenRating; comment?: string }) {
  const actor = await channelActor(ctx.db, "web");
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const ticket = await ticketByCode(trx, number, code, true);
      const r = await recordCitizenRating(trx, ticket, { source: "web", outcome: body.outcome, comment: body.comment }, actor.id, now);
      return { number, outcome: body.outcome, at: r.at.toISOString() };
    });
  } catch (err) {
    if ((err as { constraint?: string }).constraint === "citizen_ratings_ticket_key") throw new DomainError("ALREADY_RATED", "this request has already been rated");
    throw err;
  }
}
