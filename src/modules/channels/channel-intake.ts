import { randomInt, scrypt } from "node:crypto";
import { promisify } from "node:util";
import type { TicketRow } from "../../db/schema.js";
import type { Actor } from "../../http/auth.js";
import type { TicketDeps } from "../tickets/ticket-action.js";
import { findTicketByExternalRef } from "../tickets/ticket.repository.js";
import { createTicket, type CreateTicketInput } from "../tickets/use-cases/create-ticket.js";
import { enqueueSms } from "./channel-outbox.js";

const scryptAsync = promisify(scrypt) as (password: string, salt: string, keylen: number, options: { N: number }) => Promise<Buffer>;

/** Query codes: 8 characters without look-alikes (0/O, 1/I/L), about 40 random bits. */
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export function newQueryCode(): string {
  let code = "";
  for (let i = 0; i < 8; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** The stored form of a query code: scrypt, salted with the ticket number (a lookup costs about a millisecond). */
export async function hashQueryCode(number: string, code: string): Promise<string> {
  return (await scryptAsync(code.trim().toUpperCase(), `huying-query:${number}`, 32, { N: 1024 })).toString("hex");
}

export interface ChannelIntakeResult {
  ticket: TicketRow;
  created: boolean;
  /** The citizen's query code (only when the ticket was created now). */
  queryCode: string | null;
}

/**
 * Intake from a channel (citizen web, Open311, upstream, mail, SMS, WeChat): the ticket through the one intake
 * path (createTicket), its query code (hashed) and the intake SMS (when the citizen asked for it), in one
 * transaction. The same externalRef answers its first ticket: a concurrent duplicate loses on the unique index
 * and answers the winner's ticket.
 */
export async function channelIntake(
  deps: TicketDeps,
  actor: Actor,
  input: CreateTicketInput,
  /**
   * `before`: a check with writes of its own that must commit with the ticket or not at all (the citizen form's
   * per-address counter and captcha: one transaction, one commit). `withinTransaction`: more writes of a new
   * ticket in its intake transaction (a mail's attachments).
   */
  options: { queryCode?: boolean; before?: (trx: TicketDeps["db"]) => Promise<void>; withinTransaction?: (trx: TicketDeps["db"], ticket: TicketRow) => Promise<void> } = {},
): Promise<ChannelIntakeResult> {
  try {
    return await deps.db.transaction().execute(async (trx) => {
      if (options.before) await options.before(trx);
      const { ticket, created } = await createTicket({ ...deps, db: trx }, actor, input);
      if (!created) return { ticket, created, queryCode: null };
      const queryCode = options.queryCode ? newQueryCode() : null;
      if (queryCode) {
        await trx.insertInto("public_access").values({ ticket_id: ticket.id, code_hash: await hashQueryCode(ticket.number, queryCode), created_at: ticket.created_at }).execute();
      }
      if (ticket.citizen_sms && ticket.requester_phone && !ticket.anonymous) {
        await enqueueSms(trx, ticket.requester_phone, "intake", { number: ticket.number, code: queryCode ?? undefined });
      }
      if (options.withinTransaction) await options.withinTransaction(trx, ticket);
      return { ticket, created, queryCode };
    });
  } catch (err) {
    if (input.externalRef && (err as { constraint?: string }).constraint === "tickets_external_ref_key") {
      const existing = await findTicketByExternalRef(deps.db, input.externalRef);
      if (existing) return { ticket: existing, created: false, queryCode: null };
    }
    throw err;
  }
}
