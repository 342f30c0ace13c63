import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { XMLParser } from "fast-xml-parser";
import type { AppContext } from "../../../app-context.js";
import { DomainError } from "../../../domain/errors.js";
import { channelActor } from "../channel-actor.js";
import { channelIntake } from "../channel-intake.js";
import { plainText } from "../public/public.service.js";

/** WeChat's signature: SHA-1 of the sorted, joined token, timestamp and nonce. Pure. */
export function wechatSignature(token: string, timestamp: string, nonce: string): string {
  return createHash("sha1").update([token, timestamp, nonce].sort().join("")).digest("hex");
}

const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
const MAX_XML = 16 * 1024;

/**
 * The official account's message webhook (docs/CHANNELS.md "WeChat"): GET verifies the URL (echostr back when
 * the signature matches HUYING_WECHAT_TOKEN), POST takes plain-XML messages: a text message becomes a ticket
 * (channel wechat, its MsgId the externalRef, so WeChat's retries make no second one) and is answered with the
 * number; other types get a short help text. A bad signature → 401, nothing written.
 */
export async function wechatRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (scope) => {
    for (const type of ["text/xml", "application/xml"]) scope.addContentTypeParser(type, { parseAs: "string", bodyLimit: MAX_XML }, (_r, body, done) => done(null, String(body)));
    const verify = (request: FastifyRequest) => {
      const token = ctx.config.channels.wechatToken;
      const q = request.query as Record<string, string | undefined>;
      if (!token || !q.signature || !q.timestamp || !q.nonce) throw new DomainError("SIGNATURE_INVALID", "missing or unconfigured WeChat signature");
      const expected = Buffer.from(wechatSignature(token, q.timestamp, q.nonce));
      const given = Buffer.from(q.signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new DomainError("SIGNATURE_INVALID", "the WeChat signature does not match");
      return q;
    };
    const open = { config: { public: true }, schema: { hide: true } } as const;
    scope.get("/api/integrations/wechat", open, async (request, reply) => {
      const q = verify(request);
      return reply.type("text/plain").send(q.echostr ?? "");
    });
    scope.post("/api/integrations/wechat", open, async (request, reply) => {
      verify(request);
      let msg: Record<string, unknown>;
      try {
        msg = (new XMLParser({ parseTagValue: false }).parse(String(request.body ?? "")) as { xml?: Record<string, unknown> }).xml ?? {};
      } catch {
        throw new DomainError("VALIDATION_FAILED", "body: not XML", "body");
      }
      const from = String(msg.FromUserName ?? "");
      const to = String(msg.ToUserName ?? "");
      if (!from || !to) throw new DomainError("VALIDATION_FAILED", "body: FromUserName and ToUserName are required", "body");
      const answer = (text: string) =>
        reply
          .type("application/xml")
          .send(`<xml><ToUserName>${cdata(from)}</ToUserName><FromUserName>${cdata(to)}</FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType>${cdata("text")}</MsgType><Content>${cdata(text)}</Content></xml>`);
      const content = plainText(String(msg.Content ?? "")).slice(0, 2000);
      if (String(msg.MsgType) !== "text" || content.length < 5) return answer("您好，这里是12345热线。请直接发送文字描述您的诉求（不少于5个字），我们会生成工单并回复工单号。");
      const phone = /(?<!\d)1[3-9]\d{9}(?!\d)/.exec(content)?.[0] ?? null;
      const actor = await channelActor(ctx.db, "wechat");
      const msgId = String(msg.MsgId ?? "").slice(0, 64);
      const { ticket, queryCode } = await channelIntake(
        ctx,
        actor,
        { channel: "wechat", requester: { phone, anonymous: !phone }, title: content.slice(0, 30), content, externalRef: msgId ? `wechat:${msgId}` : null },
        { queryCode: true },
      );
      return answer(`您的诉求已受理，工单号 ${ticket.number}${queryCode ? `，查询码 ${queryCode}` : ""}。可在12345网站“诉求查询”查看办理进度。`);
    });
  });
}
