import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One request a test receiver got. */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/**
 * A real HTTP receiver on 127.0.0.1, port 0, for outbox webhooks: records every POST and answers with
 * `status` (a function of the request, so a test can fail some) after `delayMs`.
 */
export async function startReceiver(): Promise<{
  url: string;
  received: Received[];
  status: (r: Received) => number;
  setStatus(fn: (r: Received) => number): void;
  setDelay(ms: number): void;
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  let status: (r: Received) => number = () => 200;
  let delayMs = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      const r: Received = { path: req.url ?? "", headers: req.headers, body };
      received.push(r);
      const answer = status(r);
      setTimeout(() => {
        if (res.destroyed) return;
        res.statusCode = answer;
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ ok: answer < 300 }));
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    get status() {
      return status;
    },
    setStatus: (fn) => {
      status = fn;
    },
    setDelay: (ms) => {
      delayMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
