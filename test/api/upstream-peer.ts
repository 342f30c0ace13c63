/**
 * A stand-in for the provincial 12345 platform, run as its own process by test/api/channels-upstream.test.ts
 * (`node --import tsx test/api/upstream-peer.ts`). It signs tickets it passes down (HMAC-SHA256 over
 * "<timestamp>.<body>" with the shared secret, written here from the exchange's description, not imported from
 * the product), receives Huying's callbacks, checks their signatures and fails the first attempt of each
 * message on purpose (HTTP 500) so the outbox's retries show. Control over HTTP:
 *   POST /send {huyingUrl, apiKey, ticket, mode?: "signed"|"unsigned"|"tampered"|"stale", resend?} → Huying's answer
 *   GET /received → the callbacks accepted, in order; GET /refused → how many were failed on purpose or badly signed
 * It prints {"port": n} on its first line of stdout.
 */
import { createHmac } from "node:crypto";
import { createServer } from "node:http";

const secret = process.env.PEER_SECRET ?? "";
const received: Array<{ event: string; externalRef: string; number: string; data: unknown; attempt: string | undefined }> = [];
const seenKeys = new Set<string>();
let refused = 0;
let badSignatures = 0;

const sign = (timestamp: string, body: string) => `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;

async function readBody(req: import("node:http").IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const server = createServer(async (req, res) => {
  const body = await readBody(req);
  const json = (status: number, value: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(value));
  };
  if (req.method === "POST" && req.url === "/callback") {
    const ts = String(req.headers["x-huying-timestamp"] ?? "");
    if (req.headers["x-huying-signature"] !== sign(ts, body) || Math.abs(Date.now() / 1000 - Number(ts)) > 300) {
      badSignatures++;
      return json(401, { error: "bad signature" });
    }
    const key = String(req.headers["idempotency-key"] ?? "");
    if (!seenKeys.has(key)) {
      seenKeys.add(key);
      refused++;
      return json(500, { error: "failing the first attempt on purpose" });
    }
    const m = JSON.parse(body);
    if (!received.some((r) => (r as { key?: string }).key === key)) received.push({ ...m, key, attempt: req.headers["x-huying-attempt"] as string | undefined });
    return json(200, { ok: true });
  }
  if (req.method === "GET" && req.url === "/received") return json(200, received);
  if (req.method === "GET" && req.url === "/refused") return json(200, { refused, badSignatures });
  if (req.method === "POST" && req.url === "/send") {
    const cmd = JSON.parse(body) as { huyingUrl: string; apiKey: string; ticket?: unknown; mode?: string; resend?: { timestamp: string; signature: string; raw: string } };
    let raw = cmd.resend?.raw ?? JSON.stringify(cmd.ticket);
    let timestamp = cmd.resend?.timestamp ?? String(Math.floor(Date.now() / 1000) - (cmd.mode === "stale" ? 3600 : 0));
    let signature = cmd.resend?.signature ?? sign(timestamp, raw);
    if (cmd.mode === "tampered") raw = raw.replace(/"content":"/, '"content":"篡改');
    const headers: Record<string, string> = { "content-type": "application/json", authorization: `ApiKey ${cmd.apiKey}` };
    if (cmd.mode !== "unsigned") Object.assign(headers, { "x-huying-timestamp": timestamp, "x-huying-signature": signature });
    const r = await fetch(`${cmd.huyingUrl}/api/integrations/upstream/tickets`, { method: "POST", headers, body: raw });
    const text = await r.text();
    return json(200, { status: r.status, body: text ? JSON.parse(text) : null, sent: { timestamp, signature, raw } });
  }
  json(404, {});
});

server.listen(0, "127.0.0.1", () => {
  const a = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof a === "object" && a ? a.port : 0 })}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
