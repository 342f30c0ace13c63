import type { FastifyBaseLogger } from "fastify";
import type { AppContext } from "../../app-context.js";
import type { ChannelConfig } from "./channel-config.js";
import { startSmtpListener } from "./email/smtp-listener.js";
import { receiveSms } from "./sms/receive-sms.js";
import { SmppSmsTransport } from "./sms/smpp-transport.js";
import { LogSmsTransport, type SmsTransport } from "./sms/sms-transport.js";

/** The SMS adapter HUYING_SMS_GATEWAY names: `log` (development) or `smpp` (HUYING_SMPP_URL, _SYSTEM_ID, _PASSWORD). */
export function smsTransportFor(config: ChannelConfig, logger: FastifyBaseLogger): SmsTransport {
  if (config.smsGateway !== "smpp") return new LogSmsTransport(logger);
  if (!config.smppUrl || !config.smppSystemId || !config.smppPassword) {
    throw new Error("Invalid environment variable HUYING_SMPP_URL: HUYING_SMS_GATEWAY=smpp needs HUYING_SMPP_URL, HUYING_SMPP_SYSTEM_ID and HUYING_SMPP_PASSWORD");
  }
  return new SmppSmsTransport({ url: config.smppUrl, systemId: config.smppSystemId, password: config.smppPassword, source: config.smppSource, logger });
}

/**
 * Starts the listeners of the configured channels after the app is built: the SMPP session (so inbound SMS
 * arrive) and the SMTP listener (HUYING_SMTP_PORT). Returns what stops them.
 */
export async function startChannels(ctx: AppContext, sms: SmsTransport): Promise<{ smtpPort: number | null; stop: () => Promise<void> }> {
  sms.onInbound?.(async (from, text) => {
    await receiveSms(ctx, from, text);
  });
  if (sms instanceof SmppSmsTransport) await sms.open().catch((err: Error) => ctx.logger.warn({ err: err.message }, "smpp bind failed; retried on the next message"));
  const smtp = ctx.config.channels.smtpPort === undefined ? null : await startSmtpListener(ctx);
  return {
    smtpPort: smtp?.port ?? null,
    stop: async () => {
      await smtp?.close();
      await sms.close();
    },
  };
}
