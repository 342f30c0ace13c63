import type { FastifyBaseLogger } from "fastify";
import type { Db } from "../../db/database.js";
import { enqueue } from "../outbox/outbox.repository.js";

export interface NotificationInput {
  userIds: readonly number[];
  ticketId: number | null;
  kind: string;
  title: string;
  body?: string;
  at: Date;
}

/**
 * Delivery beyond the in-app list (SMS to leaders, rule 28) is pluggable; the default only logs. The
 * outbox worker calls it after commit (src/modules/outbox); `idempotencyId` is the same on every attempt
 * of one message, for a provider that deduplicates. Throw to have the attempt retried.
 */
export interface SmsGateway {
  send(userId: number, text: string, idempotencyId: string): Promise<void>;
}

/** Logs that an SMS would go out: the user id and the text's length only, never a phone or the text. */
export class LogSmsGateway implements SmsGateway {
  constructor(private readonly logger: FastifyBaseLogger) {}
  async send(userId: number, text: string, idempotencyId: string): Promise<void> {
    this.logger.info({ userId, chars: text.length, idempotencyId }, "sms (log-only gateway)");
  }
}

/**
 * Writes in-app notifications in the caller's transaction, and (with `sms`) one outbox SMS per user in
 * the same transaction: nothing is sent while the caller holds its locks, and nothing at all if it rolls back.
 */
export class Notifier {
  /** `null` or `{sms: false}`: in-app only (benches, tests of other things). */
  constructor(private readonly options: { sms: boolean } | null = { sms: true }) {}

  async notify(db: Db, input: NotificationInput): Promise<void> {
    if (input.userIds.length === 0) return;
    await db
      .insertInto("notifications")
      .values(
        input.userIds.map((userId) => ({
          user_id: userId,
          ticket_id: input.ticketId,
          kind: input.kind,
          title: input.title,
          body: input.body ?? null,
          created_at: input.at,
        })),
      )
      .execute();
    if (this.options?.sms) {
      await enqueue(db, input.userIds.map((userId) => ({ kind: "sms" as const, payload: { userId, text: input.title } })));
    }
  }

  /** Users of the given units (leaders and handlers), for unit notifications. */
  async unitUserIds(db: Db, unitIds: readonly number[]): Promise<number[]> {
    if (unitIds.length === 0) return [];
    const rows = await db.selectFrom("users").select("id").where("unit_id", "in", unitIds).where("active", "=", true).execute();
    return rows.map((r) => r.id);
  }
}
