/** The channels' own vocabulary (docs/CHANNELS.md). */

/** The three mailboxes of channel `mailbox` (rule 1): 市长信箱, 书记信箱, 企业信箱 (the last marks business, rule 5). */
export const MAILBOXES = ["mayor", "secretary", "enterprise"] as const;
export type Mailbox = (typeof MAILBOXES)[number];
export const MAILBOX_LABELS: Record<Mailbox, string> = { mayor: "市长信箱", secretary: "书记信箱", enterprise: "企业信箱" };

/** What a citizen may say about the result, online or by SMS; recorded beside the center's human follow-up (rule 21). */
export const CITIZEN_RATINGS = ["satisfied", "basically_satisfied", "unsatisfied"] as const;
export type CitizenRating = (typeof CITIZEN_RATINGS)[number];
export const RATING_SOURCES = ["web", "sms"] as const;
export type RatingSource = (typeof RATING_SOURCES)[number];

/** SMS message kinds, each with its template (all SMS go through the outbox). */
export const SMS_TEMPLATES = {
  intake: (v: { number: string; code?: string }) =>
    `【12345】您的诉求已受理，工单号${v.number}${v.code ? `，查询码${v.code}` : ""}。可在网站“诉求查询”查看办理进度。`,
  rating_request: (v: { number: string }) => `【12345】您的工单${v.number}已答复。请回复数字评价：1 满意，2 不满意（3 基本满意）。`,
  closed: (v: { number: string }) => `【12345】您的工单${v.number}已办结，感谢您的反映。`,
  urgent_dispatch: (v: { number: string; title: string }) => `【12345】紧急工单${v.number}已派至贵单位：${v.title}。请立即签收处理。`,
  supervision: (v: { number: string; text: string }) => `【12345督办】${v.number}：${v.text}`,
} as const;
export type SmsTemplate = keyof typeof SMS_TEMPLATES;

/** An inbound SMS reply to a rating request: "1" / "满意" → satisfied, "2" / "不满意" → unsatisfied, "3" / "基本满意". */
export function parseSmsRating(text: string): CitizenRating | null {
  const t = text.replace(/\s+/g, "").replace(/[。.!！]/g, "");
  if (t === "1" || t === "满意") return "satisfied";
  if (t === "2" || t === "不满意") return "unsatisfied";
  if (t === "3" || t === "基本满意") return "basically_satisfied";
  return null;
}

/** A mobile number inside free text (Open311 descriptions never show one). */
export function maskPhonesInText(text: string): string {
  return text.replace(/(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g, "$1****$2");
}
