import type { FastifyBaseLogger } from "fastify";
import type { Db } from "../../db/database.js";

export interface NotificationInput {
  userIds: readonly number[];
  ticketId: number | null;
  kind: string;
  title: string;
  body?: string;
  at: Date;
}

/** Delivery beyond the in-app list (SMS to leaders, rule 28) is pluggable; the default only logs. */
export interface SmsGateway {
  send(userId: number, text: string): Promise<void>;
}

export class LogSmsGateway implements SmsGateway {
  constructor(private readonly logger: FastifyBaseLogger) {}
  async send(userId: number, text: string): Promise<void> {
    // The text is a ticket's title (a citizen's words): only its length is logged (docs/SECURITY.md).
    this.logger.debug({ userId, chars: text.length }, "sms (log-only gateway)");
  }
}

/** Writes in-app notifications in the caller's transaction. */
export class Notifier {
  constructor(private readonly sms: SmsGateway | null = null) {}

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
    if (this.sms) for (const id of input.userIds) await this.sms.send(id, input.title);
  }

  /** Users of the given units (leaders and handlers), for unit notifications. */
  async unitUserIds(db: Db, unitIds: readonly number[]): Promise<number[]> {
    if (unitIds.length === 0) return [];
    const rows = await db.selectFrom("users").select("id").where("unit_id", "in", unitIds).where("active", "=", true).execute();
    return rows.map((r) => r.id);
  }
}
