import { z } from "zod";

/**
 * The channels' settings (docs/CHANNELS.md), read from the environment with the rest of the config. Every
 * inbound channel is off until its settings are given, except the citizen pages and Open311 (always on).
 */
const list = z
  .string()
  .default("")
  .transform((v) => v.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean));
const schema = z.object({
  HUYING_PUBLIC_RATE_MAX: z.coerce.number().int().min(1).default(30),
  HUYING_PUBLIC_RATE_WINDOW_MS: z.coerce.number().int().min(1000).default(60_000),
  HUYING_PUBLIC_CAPTCHA_AFTER: z.coerce.number().int().min(0).default(3),
  HUYING_UPSTREAM_URL: z.string().url().optional(),
  HUYING_UPSTREAM_SECRET: z.string().min(16).optional(),
  HUYING_UPSTREAM_WINDOW_S: z.coerce.number().int().min(10).max(3600).default(300),
  HUYING_SMS_GATEWAY: z.enum(["log", "smpp"]).default("log"),
  HUYING_SMPP_URL: z.string().optional(),
  HUYING_SMPP_SYSTEM_ID: z.string().optional(),
  HUYING_SMPP_PASSWORD: z.string().optional(),
  HUYING_SMPP_SOURCE: z.string().default("12345"),
  HUYING_SMS_MAX_CHARS: z.coerce.number().int().min(70).default(500),
  HUYING_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  HUYING_SMTP_HOST: z.string().default("127.0.0.1"),
  HUYING_MAIL_MAX_BYTES: z.coerce.number().int().min(1024).default(5 * 1024 * 1024),
  HUYING_MAIL_ALLOW: list,
  HUYING_MAIL_DENY: list,
  HUYING_WECHAT_TOKEN: z.string().optional(),
});

export interface ChannelConfig {
  publicRateMax: number;
  publicRateWindowMs: number;
  /** Submissions per address and day before the form asks for the image captcha (0: always). */
  publicCaptchaAfter: number;
  upstreamUrl?: string;
  upstreamSecret?: string;
  upstreamWindowS: number;
  smsGateway: "log" | "smpp";
  smppUrl?: string;
  smppSystemId?: string;
  smppPassword?: string;
  smppSource: string;
  smsMaxChars: number;
  smtpPort?: number;
  smtpHost: string;
  mailMaxBytes: number;
  /** Senders (addresses or @domains) that may write; empty: everyone not denied. */
  mailAllow: readonly string[];
  mailDeny: readonly string[];
  wechatToken?: string;
}

export function loadChannelConfig(env: NodeJS.ProcessEnv): ChannelConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid environment variable ${String(issue?.path[0])}: ${issue?.message}`);
  }
  const e = parsed.data;
  return Object.freeze({
    publicRateMax: e.HUYING_PUBLIC_RATE_MAX,
    publicRateWindowMs: e.HUYING_PUBLIC_RATE_WINDOW_MS,
    publicCaptchaAfter: e.HUYING_PUBLIC_CAPTCHA_AFTER,
    upstreamUrl: e.HUYING_UPSTREAM_URL,
    upstreamSecret: e.HUYING_UPSTREAM_SECRET,
    upstreamWindowS: e.HUYING_UPSTREAM_WINDOW_S,
    smsGateway: e.HUYING_SMS_GATEWAY,
    smppUrl: e.HUYING_SMPP_URL,
    smppSystemId: e.HUYING_SMPP_SYSTEM_ID,
    smppPassword: e.HUYING_SMPP_PASSWORD,
    smppSource: e.HUYING_SMPP_SOURCE,
    smsMaxChars: e.HUYING_SMS_MAX_CHARS,
    smtpPort: e.HUYING_SMTP_PORT,
    smtpHost: e.HUYING_SMTP_HOST,
    mailMaxBytes: e.HUYING_MAIL_MAX_BYTES,
    mailAllow: e.HUYING_MAIL_ALLOW,
    mailDeny: e.HUYING_MAIL_DENY,
    wechatToken: e.HUYING_WECHAT_TOKEN,
  });
}
