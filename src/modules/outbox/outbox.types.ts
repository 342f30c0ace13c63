/**
 * What the outbox carries (docs/ARCHITECTURE.md "Outbox"). One entry per kind: its payload and, in
 * outbox-handlers.ts, how it is delivered. Payloads may hold personal data (an SMS text): they are never
 * logged and never shown by GET /api/outbox, which names only the target.
 */
export type OutboxMessage =
  // `phone` (issue 13): an SMS to a contact who is no user (a unit leader, a linkage contact); userId is then 0.
  | { kind: "sms"; payload: { userId: number; text: string; phone?: string } }
  | { kind: "webhook"; payload: { url: string; body: unknown } }
  /** An SMS to a phone number (a citizen, a unit's duty phone), rendered from its template (src/modules/channels/sms). */
  | { kind: "phone_sms"; payload: { to: string; template: string; text: string } }
  /** A change of a ticket passed down, pushed back to HUYING_UPSTREAM_URL, signed (src/modules/channels/upstream). */
  | { kind: "upstream"; payload: { event: string; externalRef: string; number: string; at: string; data: Record<string, unknown> } }
  /** Issue 15: an SMS to a ticket's requester (a citizen, not a user): the phone is read at delivery. */
  | { kind: "requester_sms"; payload: { ticketId: number; text: string } };

export type OutboxKind = OutboxMessage["kind"];
export const OUTBOX_KINDS: readonly OutboxKind[] = ["sms", "webhook", "phone_sms", "upstream", "requester_sms"];
export const OUTBOX_STATUSES = ["pending", "delivered", "dead"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** A claimed message as a handler sees it: the payload and the id a receiver can deduplicate on. */
export type OutboxDelivery<K extends OutboxKind = OutboxKind> = {
  id: number;
  idempotencyId: string;
  attempt: number;
} & Extract<OutboxMessage, { kind: K }>;

/** Delivers one message or throws (the error's message becomes `last_error`). One function per kind. */
export type OutboxHandlers = { [K in OutboxKind]: (message: OutboxDelivery<K>) => Promise<void> };

/** Attempts before a message is dead (an admin may retry it). */
export const DEFAULT_MAX_ATTEMPTS = 10;
const BASE_DELAY_MS = 2_000;
const MAX_DELAY_MS = 30 * 60_000;

/**
 * Exponential backoff: the wait after the n-th failed attempt (n ≥ 1) is 2 s · 2^(n−1), at most 30 min
 * (2 s, 4 s, 8 s … 512 s after the 9th; the 10th failure is final). Deterministic, so tests can step through it.
 */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, failedAttempts - 1));
}

/** The target of a message without its content, for the admin list. */
export function outboxTarget(kind: string, payload: Record<string, unknown>): string {
  if (kind === "sms" && typeof payload.phone === "string") return `phone:${payload.phone.slice(0, 3)}****${payload.phone.slice(-4)}`;
  if (kind === "sms") return `user:${String(payload.userId)}`;
  // Never the number itself: its last four digits and the template.
  if (kind === "phone_sms") return `phone:****${String(payload.to ?? "").slice(-4)} (${String(payload.template)})`;
  if (kind === "upstream") return `upstream:${String(payload.event)} ${String(payload.externalRef)}`;
  if (kind === "requester_sms") return `requester:ticket:${String(payload.ticketId)}`;
  if (kind === "webhook" && typeof payload.url === "string") {
    try {
      const u = new URL(payload.url);
      return `${u.origin}${u.pathname}`;
    } catch {
      return "invalid url";
    }
  }
  return kind;
}
