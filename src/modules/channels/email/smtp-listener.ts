import { createHash } from "node:crypto";
import { SMTPServer } from "smtp-server";
import type { AppContext } from "../../../app-context.js";
import { writeAudit } from "../../audit/audit.repository.js";
import { channelActor } from "../channel-actor.js";
import { channelIntake } from "../channel-intake.js";
import type { Mailbox } from "../channel.types.js";
import { plainText } from "../public/public.service.js";
import { AttachmentStorage } from "../../attachments/attachment.storage.js";
import { MailRefused, checkMailAttachments, stageMailEvidence } from "./mail-evidence.js";
import { parseMail } from "./mime.js";

/** Whether a sender may write: not denied, and allowed when an allow list is set (addresses or @domains). */
export function senderAllowed(address: string, allow: readonly string[], deny: readonly string[]): boolean {
  const a = address.toLowerCase();
  const domain = `@${a.split("@")[1] ?? ""}`;
  const hit = (list: readonly string[]) => list.some((x) => x === a || x === domain);
  return !hit(deny) && (allow.length === 0 || hit(allow));
}

/** The mailbox a letter went to, by the recipient's local part (mayor@, secretary@, enterprise@). */
function mailboxOf(to: readonly string[]): Mailbox | null {
  for (const r of to) {
    const local = r.split("@")[0] ?? "";
    if (/^(mayor|shizhang)/.test(local)) return "mayor";
    if (/^(secretary|shuji)/.test(local)) return "secretary";
    if (/^(enterprise|qiye|business)/.test(local)) return "enterprise";
  }
  return null;
}

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/**
 * The mail channel: an SMTP listener (HUYING_SMTP_HOST:HUYING_SMTP_PORT, no auth, no relay) that turns each
 * message into a ticket, channel email: subject → title, text part → content, attachments → the ticket's evidence;
 * the Message-ID is its externalRef (a re-delivery makes no second ticket). A denied sender gets 550 at MAIL
 * FROM, a message over HUYING_MAIL_MAX_BYTES 552 (a bounce for the sending server); refusals are audited
 * without the sender or the text.
 */
export async function startSmtpListener(ctx: AppContext): Promise<{ port: number; close: () => Promise<void> }> {
  const c = ctx.config.channels;
  const refused = async (reason: string) => {
    const actor = await channelActor(ctx.db, "email");
    await writeAudit(ctx.db, { at: ctx.clock.now(), actorId: actor.id, action: "channel.rejected", data: { channel: "email", reason } });
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    size: c.mailMaxBytes,
    banner: "Huying 12345 mail intake",
    logger: false,
    onMailFrom(address, _session, cb) {
      if (!senderAllowed(address.address, c.mailAllow, c.mailDeny)) {
        void refused("sender_denied").finally(() => cb(smtpError(550, "5.7.1 sender not accepted")));
        return;
      }
      cb();
    },
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (b: Buffer) => {
        size += b.length;
        if (size <= c.mailMaxBytes) chunks.push(b);
      });
      stream.on("end", () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded || size > c.mailMaxBytes) {
          void refused("too_large").finally(() => cb(smtpError(552, "5.3.4 message too large")));
          return;
        }
        receiveMail(ctx, Buffer.concat(chunks)).then(
          (number) => cb(null, `queued as ${number}`),
          (err: Error) => {
            ctx.logger.warn({ err: err.message }, "mail refused");
            if (err instanceof MailRefused) void refused(err.reason).finally(() => cb(smtpError(err.responseCode, err.message)));
            else void refused("unreadable").finally(() => cb(smtpError(554, "5.6.0 the message could not be taken as a request")));
          },
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(c.smtpPort ?? 0, c.smtpHost, () => resolve());
  });
  server.on("error", (err) => ctx.logger.warn({ err: err.message }, "smtp listener error"));
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : (c.smtpPort ?? 0);
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * One message → one ticket (channel email) with its attachments as the ticket's evidence (checked like uploads;
 * one refused file refuses the message, nothing written); returns its number.
 */
export async function receiveMail(ctx: AppContext, raw: Buffer): Promise<string> {
  const mail = parseMail(raw);
  const content = plainText(mail.text).slice(0, 20_000);
  if (content.length < 2) throw new Error("no text");
  const files = await checkMailAttachments(ctx.config, mail.attachments);
  const mailbox = mailboxOf(mail.to);
  const evidence = files.length ? `\n\n【附件】${files.map((a) => `${plainText(a.filename)}（${a.mime}，${a.size} 字节）`).join("；")}` : "";
  const phone = /(?<!\d)1[3-9]\d{9}(?!\d)/.exec(content)?.[0] ?? null;
  const ref = mail.messageId ? `email:${mail.messageId.length > 90 ? createHash("sha256").update(mail.messageId).digest("hex").slice(0, 40) : mail.messageId}` : null;
  const actor = await channelActor(ctx.db, "email");
  const staged = await stageMailEvidence(new AttachmentStorage(ctx.config.dataDir), files);
  let result: Awaited<ReturnType<typeof channelIntake>>;
  try {
    result = await channelIntake(
      ctx,
      actor,
      {
        channel: "email",
        mailbox,
        requester: { name: (mail.from.name ?? mail.from.address).slice(0, 100) || null, phone, anonymous: false },
        title: (plainText(mail.subject) || content.slice(0, 30)).slice(0, 200),
        content: `${content}${evidence}`.slice(0, 20_000),
        business: mailbox === "enterprise",
        externalRef: ref,
      },
      { withinTransaction: (trx, ticket) => staged.commit(trx, ticket, actor, ctx.clock.now()) },
    );
  } catch (err) {
    await staged.discard(true);
    throw err;
  }
  await staged.discard(false); // a re-delivery (not created) leaves its temp files: removed
  return result.ticket.number;
}
