import type { FastifyBaseLogger } from "fastify";
import smpp, { type PDU, type Session } from "smpp";
import type { SmsTransport } from "./sms-transport.js";

export interface SmppOptions {
  url: string;
  systemId: string;
  password: string;
  source: string;
  logger: FastifyBaseLogger;
  /** How long one submit may wait for its response. */
  timeoutMs?: number;
}

/**
 * The SMPP 3.4 adapter: one transceiver session bound with system_id/password, opened on first use and again
 * after it drops; `submit_sm` per message (UCS-2 for Chinese; texts past one segment go in message_payload),
 * and every `deliver_sm` that is not a delivery receipt handed to the inbound handler, then acknowledged.
 */
export class SmppSmsTransport implements SmsTransport {
  readonly name = "smpp" as const;
  private session: Promise<Session> | null = null;
  private inbound: ((from: string, text: string) => Promise<void>) | null = null;
  private closed = false;

  constructor(private readonly o: SmppOptions) {}

  onInbound(handler: (from: string, text: string) => Promise<void>): void {
    this.inbound = handler;
  }

  /** Binds now (the server does at start when SMPP is configured, so inbound replies arrive). */
  async open(): Promise<void> {
    await this.bound();
  }

  private bound(): Promise<Session> {
    if (this.closed) return Promise.reject(new Error("the SMPP adapter is closed"));
    if (this.session) return this.session;
    const attempt = new Promise<Session>((resolve, reject) => {
      const s = smpp.connect({ url: this.o.url, auto_enquire_link_period: 30_000 });
      const fail = (err: Error) => {
        this.session = null;
        reject(err);
      };
      s.on("error", (err: Error) => {
        this.o.logger.warn({ err: err.message }, "smpp session error");
        fail(err);
      });
      s.on("close", () => {
        this.session = null;
      });
      s.on("deliver_sm", (pdu: PDU) => void this.deliver(s, pdu));
      s.on("connect", () => {
        s.bind_transceiver({ system_id: this.o.systemId, password: this.o.password }, (r: PDU) => {
          if (r.command_status === smpp.ESME_ROK) resolve(s);
          else {
            s.destroy();
            fail(new Error(`smpp bind refused (status ${r.command_status})`));
          }
        });
      });
    });
    this.session = attempt;
    attempt.catch(() => undefined);
    return attempt;
  }

  private async deliver(s: Session, pdu: PDU): Promise<void> {
    // A delivery receipt (esm_class bit 2) is not a message from a citizen.
    const receipt = (Number(pdu.esm_class ?? 0) & 0x04) !== 0;
    const raw = pdu.short_message?.message || pdu.message_payload?.message || pdu.message_payload || "";
    const text = typeof raw === "string" ? raw : Buffer.isBuffer(raw) ? raw.toString("utf8") : String(raw);
    let status = smpp.ESME_ROK;
    if (!receipt && this.inbound) {
      try {
        await this.inbound(String(pdu.source_addr ?? ""), text);
      } catch (err) {
        this.o.logger.warn({ err: err instanceof Error ? err.message : String(err) }, "inbound sms refused");
        status = smpp.ESME_RSYSERR;
      }
    }
    s.send(pdu.response({ command_status: status }));
  }

  async submit(to: string, text: string, idempotencyId: string): Promise<void> {
    const s = await this.bound();
    const long = text.length > 70;
    const fields: Record<string, unknown> = {
      source_addr: this.o.source,
      destination_addr: to,
      registered_delivery: 1,
      ...(long ? { message_payload: { message: text } } : { short_message: { message: text } }),
    };
    const timeoutMs = this.o.timeoutMs ?? 10_000;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`smpp submit timeout after ${timeoutMs} ms`)), timeoutMs);
      s.submit_sm(fields, (r: PDU) => {
        clearTimeout(timer);
        if (r.command_status === smpp.ESME_ROK) resolve();
        else reject(new Error(`smpp submit_sm refused (status ${r.command_status})`));
      });
    });
    this.o.logger.info({ to: `****${to.slice(-4)}`, chars: text.length, idempotencyId }, "sms submitted (smpp)");
  }

  async close(): Promise<void> {
    this.closed = true;
    const s = await this.session?.catch(() => null);
    if (!s) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        s.destroy();
        resolve();
      }, 1000);
      s.unbind(() => {
        clearTimeout(timer);
        s.close();
        resolve();
      });
    });
  }
}
