import type { FastifyBaseLogger } from "fastify";
import type { Db } from "../../db/database.js";
import { sql } from "kysely";
import { enqueue } from "../outbox/outbox.repository.js";
import { DEFAULT_MAX_ATTEMPTS } from "../outbox/outbox.types.js";

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
  /** `phone`: a contact who is no user (issue 13: unit leaders, linkage contacts); userId is then 0. */
  send(userId: number, text: string, idempotencyId: string, phone?: string): Promise<void>;
  /** Issue 15: an SMS to a ticket's requester (merged tickets get the master's reply); optional. */
  sendToRequester?(ticketId: number, text: string, idempotencyId: string): Promise<void>;
}

/** Logs that an SMS would go out: the user id and the text's length only, never a phone or the text. */
export class LogSmsGateway implements SmsGateway {
  constructor(private readonly logger: FastifyBaseLogger) {}
    // The text is a ticket's title (a citizen's words): only its length is logged (docs/SECURITY.md).
  async send(userId: number, text: string, idempotencyId: string): Promise<void> {
    this.logger.info({ userId, chars: text.length, idempotencyId }, "sms (log-only gateway)");
  }

  async sendToRequester(ticketId: number, text: string, idempotencyId: string): Promise<void> {
    this.logger.info({ ticketId, chars: text.length, idempotencyId }, "requester sms (log-only gateway)");
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

  /**
   * Notices to whole units (the sweep's warnings and overdue marks): every active user of the unit gets the
   * in-app notice, fanned out in the database, and (with `sms`) an outbox SMS, in the caller's transaction.
   */
  async notifyUnits(db: Db, notices: ReadonlyArray<{ unitId: number; ticketId: number | null; kind: string; title: string }>, at: Date): Promise<void> {
    if (notices.length === 0) return;
    const json = JSON.stringify(notices.map((n, ord) => ({ ...n, ord })));
    if (!this.options?.sms) {
      await sql`
        INSERT INTO notifications (user_id, ticket_id, kind, title, body, created_at)
        SELECT u.id, n."ticketId", n.kind, n.title, NULL, ${at}::timestamptz
        FROM jsonb_to_recordset(${json}::jsonb) AS n("unitId" integer, "ticketId" integer, kind text, title text, ord integer)
        JOIN users u ON u.unit_id = n."unitId" AND u.active
        ORDER BY n.ord, u.id`.execute(db);
      return;
    }
    // The notices and their SMS (what enqueueUnitSms writes) in one statement: one round trip (docs/SCALING.md).
    const now = new Date();
    await sql`
      WITH r AS (
        SELECT u.id AS user_id, n."ticketId" AS ticket_id, n.kind, n.title, n.ord
        FROM jsonb_to_recordset(${json}::jsonb) AS n("unitId" integer, "ticketId" integer, kind text, title text, ord integer)
        JOIN users u ON u.unit_id = n."unitId" AND u.active
      ), w AS (
        INSERT INTO notifications (user_id, ticket_id, kind, title, body, created_at)
        SELECT user_id, ticket_id, kind, title, NULL, ${at}::timestamptz FROM r ORDER BY ord, user_id
      )
      INSERT INTO outbox (idempotency_id, kind, payload, max_attempts, next_attempt_at, created_at)
      SELECT gen_random_uuid()::text, 'sms', jsonb_build_object('userId', user_id, 'text', title), ${DEFAULT_MAX_ATTEMPTS}, ${now}::timestamptz, ${now}::timestamptz
      FROM r ORDER BY ord, user_id`.execute(db);
  }

  /** Users of the given units (leaders and handlers), for unit notifications. */
  async unitUserIds(db: Db, unitIds: readonly number[]): Promise<number[]> {
    if (unitIds.length === 0) return [];
    const rows = await db.selectFrom("users").select("id").where("unit_id", "in", unitIds).where("active", "=", true).execute();
    return rows.map((r) => r.id);
  }
}
