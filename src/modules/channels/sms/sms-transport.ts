import type { FastifyBaseLogger } from "fastify";

/**
 * The one SMS gateway interface for messages to phone numbers (citizens, units' duty phones): every SMS is an
 * outbox row (`phone_sms`) whose handler calls `submit` after commit; throw to have the attempt retried. An
 * adapter that also receives (SMPP deliver_sm) hands each inbound message to `onInbound`.
 */
export interface SmsTransport {
  readonly name: "log" | "smpp";
  submit(to: string, text: string, idempotencyId: string): Promise<void>;
  /** Inbound messages (replies to a rating request, or new requests), when the adapter receives them. */
  onInbound?(handler: (from: string, text: string) => Promise<void>): void;
  close(): Promise<void>;
}

/** Development: logs the last four digits and the length, never the number or the text (docs/SECURITY.md). */
export class LogSmsTransport implements SmsTransport {
  readonly name = "log" as const;
  constructor(private readonly logger: FastifyBaseLogger) {}
  async submit(to: string, text: string, idempotencyId: string): Promise<void> {
    this.logger.info({ to: `****${to.slice(-4)}`, chars: text.length, idempotencyId }, "sms (log adapter)");
  }
  async close(): Promise<void> {}
}
