import { createHash } from "node:crypto";
import type { Channel, Urgency } from "../../../domain/ticket/ticket.types.js";
import { DomainError, invalid } from "../../../domain/errors.js";
import { shanghaiDate } from "../../../domain/calendar/calendar.js";
import type { Actor } from "../../../http/auth.js";
import type { TicketRow } from "../../../db/schema.js";
import { INTAKE_ROLES } from "../ticket.policy.js";
import { findTicketByExternalRef, findTicketByIdempotencyKey, insertTicketWithEvents } from "../ticket.repository.js";
import type { TicketDeps } from "../ticket-action.js";
import { reportWrite } from "../ticket-write.js";
import { decideIntake } from "../../../domain/ticket/ticket.machine.js";
import { ticketEvent } from "../../../domain/ticket/ticket-events.js";
import { enqueueLinkage, isSpecial } from "../../supervision/urgent-linkage.js";
import { decideRepeatLinked } from "../../../domain/ticket/ticket.machine.js";
import { factsOf } from "../ticket.presenter.js";
import { loadVisibleTicket } from "../ticket-action.js";
import { linkRepeat } from "./merge-ticket.js";
import { termsOf } from "../../suggestions/suggestion.service.js";
import { checkUsableEntry, recordUsage } from "../../knowledge/use-cases/record-usage.js";

export interface CreateTicketInput {
  channel: Channel;
  requester: { name?: string | null; phone?: string | null; anonymous?: boolean };
  title: string;
  content: string;
  categoryId?: number | null;
  address?: string | null;
  urgency?: Urgency;
  business?: boolean;
  receivedAt?: Date;
  answeredDirectly?: boolean;
  /** Issue 14: the knowledge entry the operator answered from (with answeredDirectly). */
  knowledgeEntryId?: number;
  externalRef?: string | null;
  /** Channel mailbox: which box (mayor, secretary, enterprise); channels/channel.types.ts. */
  mailbox?: string | null;
  /** The citizen asked for SMS notices (docs/CHANNELS.md). */
  citizenSms?: boolean;
  /** Issue 15: the open ticket this request repeats (its repeat_count grows by one). */
  repeatOf?: number | null;
}

/** JSON with object keys sorted and undefined left out, so two equal requests give one string. */
function canonicalJson(v: unknown): string {
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(",")}}`;
  }
  return JSON.stringify(v ?? null);
}

/** The SHA-256 of an intake request as validated (trimmed, defaults not yet applied), stored with its key. */
export function requestHash(input: CreateTicketInput): string {
  return createHash("sha256").update(canonicalJson(input)).digest("hex");
}

/**
 * A repeat of a key: the same request answers with its ticket; another request under the same key is
 * refused (issue 12: answering with the first ticket silently dropped the second request). Tickets from
 * before the hash was stored (null) answer as before.
 */
function sameRequest(existing: TicketRow, hash: string): { ticket: TicketRow; created: false } {
  if (existing.idempotency_hash !== null && existing.idempotency_hash !== hash) {
    throw new DomainError("IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was already used for a different request");
  }
  return { ticket: existing, created: false };
}

/**
 * Intake (docs/RULES.md rules 1–5): records the request as a ticket, `pending_dispatch`, or already closed as
 * `answered_directly` when the operator answered on the call (rule 2), with its events, in one atomic
 * statement. With an Idempotency-Key (scoped to the actor) the same key and body return the same ticket
 * (`created: false`); the same key with another body is a 422 IDEMPOTENCY_KEY_REUSED.
 */
export async function createTicket(
  deps: TicketDeps,
  actor: Actor,
  input: CreateTicketInput,
  idempotencyKey?: string,
): Promise<{ ticket: TicketRow; created: boolean }> {
  if (!actor.roles.some((r) => INTAKE_ROLES.includes(r))) {
    throw new DomainError("FORBIDDEN", "only operators, dispatchers and admins take requests");
  }
  const now = deps.clock.now();
  const receivedAt = input.receivedAt ?? now;
  if (receivedAt.getTime() > now.getTime() + 5 * 60_000) throw invalid("receivedAt", "is in the future");
  const anonymous = input.requester.anonymous ?? false;
  if (!anonymous && !input.requester.phone && !input.requester.name) {
    throw invalid("requester", "give a name or phone, or mark the request anonymous");
  }
  const key = idempotencyKey ? `${actor.id}:${idempotencyKey}` : null;
  const hash = key ? requestHash(input) : null;
  if (key && hash) {
    const existing = await findTicketByIdempotencyKey(deps.db, key);
    if (existing) return sameRequest(existing, hash);
  }
  // The same externalRef (a ticket passed down, a mail's Message-ID, a WeChat MsgId) answers the ticket it made.
  const externalRef = input.externalRef ?? null;
  if (externalRef) {
    const existing = await findTicketByExternalRef(deps.db, externalRef);
    if (existing) return { ticket: existing, created: false };
  }
  if (input.categoryId) {
    const cat = await deps.db.selectFrom("categories").select("id").where("id", "=", input.categoryId).executeTakeFirst();
    if (!cat) throw invalid("categoryId", "no such category");
  }
  if (input.knowledgeEntryId !== undefined) {
    if (input.answeredDirectly !== true) throw invalid("knowledgeEntryId", "is for a request answered on the call (answeredDirectly)");
    await checkUsableEntry(deps.db, actor, input.knowledgeEntryId, now);
  }
  const business = input.business ?? false;
  const urgency = input.urgency ?? "ordinary";
  // Intake goes through the state machine too: pending_dispatch, or closed at once (rule 2) with what closing writes.
  const change = decideIntake(input.answeredDirectly === true, { now, actorId: actor.id, unitId: null });
  const closed = change.to === "closed";
  const terms = termsOf(input.title, input.content, input.address ?? null);
  const repeatOf = input.repeatOf ?? null;
  try {
    // One transaction when intake writes more than the ticket: a special ticket's linkage messages (rule 7,
    // issue 13), the open ticket a repeat locks, checks and counts (issue 15), the knowledge entry's use (issue 14).
    // Otherwise the one-statement intake.
    const entryId = input.knowledgeEntryId;
    const linkage = isSpecial(urgency) && !closed;
    const write = async (db: typeof deps.db) => {
      const target = repeatOf === null ? null : await loadVisibleTicket(db, actor, repeatOf, true).catch(() => {
        throw invalid("repeatOf", "no such ticket");
      });
      if (target) decideRepeatLinked(factsOf(target));
      const t = await intake(db);
      if (target) await linkRepeat(db, target, { id: t.id, number: t.number }, false, actor.id, now, await deps.policy.byVersion(db, target.policy_version), await deps.calendar.get(db));
      if (entryId !== undefined) await recordUsage(db, { entryId, ticketId: t.id, actorId: actor.id, at: now });
      if (linkage) await enqueueLinkage(db, (await deps.policy.current(db)).settings, t, now);
      return t;
    };
    // A caller's transaction (channel intake: the public form, upstream, mail) already holds these writes together.
    const needsTransaction = (linkage || repeatOf !== null || entryId !== undefined) && !deps.db.isTransaction;
    const ticket = await (needsTransaction ? deps.db.transaction().execute(write) : write(deps.db));
    reportWrite({ ticketId: ticket.id, action: change.action, from: null, to: change.to, versionBefore: null, versionAfter: ticket.version, events: ["ticket.created", ...change.events.map((e) => e.type)] });
    return { ticket, created: true };
  } catch (err) {
    // Two requests with one key at once: the unique index lets one in; the other returns its ticket.
    // (Inside a caller's transaction the statement after the failure would fail too: the caller retries outside.)
    if (externalRef && !deps.db.isTransaction && (err as { code?: string; constraint?: string }).constraint === "tickets_external_ref_key") {
      const existing = await findTicketByExternalRef(deps.db, externalRef);
      if (existing) return { ticket: existing, created: false };
    }
    if (key && hash && (err as { code?: string }).code === "23505") {
      const existing = await findTicketByIdempotencyKey(deps.db, key);
      if (existing) return sameRequest(existing, hash);
    }
    throw err;
  }

  function intake(db: typeof deps.db) {
    return insertTicketWithEvents(
      db,
      shanghaiDate(now).replace(/-/g, ""),
      {
        status: change.to,
        urgency,
        channel: input.channel,
        title: input.title,
        content: input.content,
        business,
        requester_name: input.requester.name ?? null,
        requester_phone: input.requester.phone ?? null,
        anonymous,
        category_id: input.categoryId ?? null,
        address: input.address ?? null,
        external_ref: externalRef,
        mailbox: input.mailbox ?? null,
        citizen_sms: input.citizenSms ?? false,
        repeat_of: repeatOf,
        idempotency_key: key,
        idempotency_hash: hash,
        received_at: receivedAt,
        created_at: now,
        created_by: actor.id,
        ...change.patch,
        first_contact_state: closed || anonymous ? "not_required" : "pending",
      },
      [ticketEvent("ticket.created", now, actor.id, null, { channel: input.channel, urgency, business, answeredDirectly: closed }), ...change.events],
      terms,
    );
  }
}
