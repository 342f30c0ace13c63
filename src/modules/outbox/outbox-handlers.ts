import type { SmsGateway } from "../notifications/notifier.js";
import type { OutboxDelivery, OutboxHandlers } from "./outbox.types.js";

/** How long a webhook receiver may take before the attempt counts as failed. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** SMS through the gateway (notifier.ts), with the message's idempotency id for the provider. */
export function smsHandler(gateway: SmsGateway): OutboxHandlers["sms"] {
  return (m) => gateway.send(m.payload.userId, m.payload.text, m.idempotencyId, m.payload.phone);
}

/**
 * Webhooks to other platforms: an HTTP POST of the JSON body with `Idempotency-Key` (the message's id,
 * the same on every attempt) and `X-Huying-Attempt`; any 2xx is delivered, anything else, a network error
 * or the timeout is a failed attempt. The error kept names the status, never the response body.
 */
export function webhookHandler(timeoutMs = WEBHOOK_TIMEOUT_MS): OutboxHandlers["webhook"] {
  return async (m: OutboxDelivery<"webhook">) => {
    let res: Response;
    try {
      res = await fetch(m.payload.url, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": m.idempotencyId, "x-huying-attempt": String(m.attempt) },
        body: JSON.stringify(m.payload.body),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: "manual",
      });
    } catch (err) {
      const name = err instanceof Error ? err.name : "";
      if (name === "TimeoutError" || name === "AbortError") throw new Error(`timeout after ${timeoutMs} ms`);
      throw new Error(`network error: ${err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)}`);
    }
    await res.body?.cancel().catch(() => undefined);
    if (res.status < 200 || res.status > 299) throw new Error(`HTTP ${res.status}`);
  };
}

/** Handlers of the channel kinds (src/modules/channels/channel-outbox.ts); unset: every attempt fails, visibly. */
export type ChannelHandlers = Pick<OutboxHandlers, "phone_sms" | "upstream">;
const notConfigured = (what: string) => async () => {
  throw new Error(`${what} is not configured`);
};

/** The default handlers: the given SMS gateway and real webhooks, and the channels' handlers when given. */
export function defaultOutboxHandlers(gateway: SmsGateway, webhookTimeoutMs = WEBHOOK_TIMEOUT_MS, channels?: ChannelHandlers): OutboxHandlers {
  return {
    sms: smsHandler(gateway),
    webhook: webhookHandler(webhookTimeoutMs),
    phone_sms: channels?.phone_sms ?? notConfigured("the SMS gateway"),
    upstream: channels?.upstream ?? notConfigured("HUYING_UPSTREAM_URL"),
    requester_sms: (m) => gateway.sendToRequester?.(m.payload.ticketId, m.payload.text, m.idempotencyId) ?? Promise.resolve(),
  };
}
