import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The upstream exchange's signature, both ways (docs/CHANNELS.md): `X-Huying-Timestamp: <unix seconds>` and
 * `X-Huying-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`. Pure.
 */
export const TIMESTAMP_HEADER = "x-huying-timestamp";
export const SIGNATURE_HEADER = "x-huying-signature";

export function signBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export type SignatureProblem = "missing" | "malformed" | "stale" | "mismatch";

/** Checks a signed call: null when it is good; else why not. `nowS` and the window are in seconds. */
export function checkSignature(
  secret: string,
  headers: { timestamp?: string; signature?: string },
  body: string,
  nowS: number,
  windowS: number,
): SignatureProblem | null {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature) return "missing";
  if (!/^\d{9,11}$/.test(timestamp) || !/^sha256=[0-9a-f]{64}$/.test(signature)) return "malformed";
  if (Math.abs(nowS - Number(timestamp)) > windowS) return "stale";
  const expected = Buffer.from(signBody(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? null : "mismatch";
}
