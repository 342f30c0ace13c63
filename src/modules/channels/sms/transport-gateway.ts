import type { FastifyBaseLogger } from "fastify";
import type { Db } from "../../../db/database.js";
import type { SmsGateway } from "../../notifications/notifier.js";
import type { SmsTransport } from "./sms-transport.js";

/**
 * Issue 16: the older SMS outbox kinds — `sms` (supervision notices to units' leaders, rule 28; notices to
 * users) and `requester_sms` (a merged ticket's reply to its requester) — go through the same gateway
 * interface as the channels' SMS (the configured SmsTransport: log or SMPP), so there is one way out.
 * A user without a phone, an anonymous requester or one without a number gets nothing (logged, never retried).
 */
export class TransportSmsGateway implements SmsGateway {
  constructor(
    private readonly db: Db,
    private readonly transport: SmsTransport,
    private readonly logger: FastifyBaseLogger,
  ) {}

  async send(userId: number, text: string, idempotencyId: string, phone?: string): Promise<void> {
    const to = phone ?? (await this.db.selectFrom("users").select("phone").where("id", "=", userId).executeTakeFirst())?.phone ?? null;
    if (!to) {
      this.logger.info({ userId, idempotencyId }, "sms not sent: the user has no phone");
      return;
    }
    await this.transport.submit(to, text, idempotencyId);
  }

  async sendToRequester(ticketId: number, text: string, idempotencyId: string): Promise<void> {
    const t = await this.db.selectFrom("tickets").select(["requester_phone", "anonymous"]).where("id", "=", ticketId).executeTakeFirst();
    if (!t?.requester_phone || t.anonymous) {
      this.logger.info({ ticketId, idempotencyId }, "requester sms not sent: no phone to send to");
      return;
    }
    await this.transport.submit(t.requester_phone, text, idempotencyId);
  }
}
