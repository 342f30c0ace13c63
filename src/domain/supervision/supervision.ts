/**
 * Supervision 督办 (docs/SUPERVISION.md; docs/RULES.md rules 7, 8, 28–33, 35). Pure: the vocabulary, the
 * settings with their defaults, severity grading, the appraisal points of orders by source, the key that groups
 * "one issue" for concentrated complaints, and the .docx numbering. No I/O.
 */
import { z } from "zod";

/** The alert kinds the daily detection raises (CONTRACT "Supervision"), plus the ones issue 13 adds. */
export const ALERT_KINDS = [
  "redo_repeated",
  "repeat_requests",
  "concentrated",
  "overdue",
  "missed_first_contact",
  "perfunctory",
  "low_rates",
  "petition_risk",
  "notice_overdue",
  "order_overdue",
  "rectification_overdue",
  /** Issue 15 (未诉先办): a cluster of tickets growing week on week over the threshold (policy `repeats`). */
  "rising_cluster",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_LABELS: Record<AlertKind, string> = {
  redo_repeated: "多次重办",
  repeat_requests: "重复诉求",
  concentrated: "集中诉求",
  overdue: "超期办理",
  missed_first_contact: "未先行联系",
  perfunctory: "敷衍答复",
  low_rates: "指标排名靠后或下降",
  petition_risk: "信访风险",
  notice_overdue: "督办通知逾期未反馈",
  order_overdue: "督办单逾期未反馈",
  rectification_overdue: "约谈整改逾期",
  rising_cluster: "诉求快速上升（未诉先办）",
};

export const SEVERITIES = ["prompt", "warning"] as const;
export type Severity = (typeof SEVERITIES)[number];
export const ALERT_STATUSES = ["open", "handled"] as const;

export const NOTICE_KINDS = ["prompt", "warning"] as const;
export const NOTICE_FORMS = ["sms", "letter"] as const;
export const NOTICE_STATUSES = ["open", "answered", "overdue"] as const;

/** Rule 31: the forms of supervision. */
export const ORDER_FORMS = ["daily", "on_site", "media", "meeting", "joint", "leader"] as const;
export type OrderForm = (typeof ORDER_FORMS)[number];
export const ORDER_FORM_LABELS: Record<OrderForm, string> = {
  daily: "日常督办",
  on_site: "现场督办",
  media: "媒体督办",
  meeting: "专题会议督办",
  joint: "联席会议督办",
  leader: "领导批示督办",
};
export const ORDER_SOURCES = ["center", "city", "city_written", "county_government", "media_or_discipline"] as const;
export type OrderSource = (typeof ORDER_SOURCES)[number];
export const ORDER_SOURCE_LABELS: Record<OrderSource, string> = {
  center: "本级热线中心",
  city: "市级热线督办",
  city_written: "市级书面督办单",
  county_government: "县政府督查室政务督查",
  media_or_discipline: "媒体曝光或移交纪委监委",
};
export const ORDER_STATUSES = ["open", "answered", "overdue", "closed"] as const;

/**
 * Rule 35 (Linshu): points off the supervision indicator (5) per order by source; the center's own orders
 * cost nothing. The appraisal counts orders into the same four tallies the hand entries fill.
 */
export const ORDER_POINTS: Record<OrderSource, number> = { center: 0, city: 0.2, city_written: 0.5, county_government: 1, media_or_discipline: 5 };
/** The appraisal tally (appraisal_entries.kind) each source feeds; null = not counted. */
export const ORDER_APPRAISAL_KIND: Record<OrderSource, "city_supervision" | "written_order" | "county_supervision" | "media_or_discipline" | null> = {
  center: null,
  city: "city_supervision",
  city_written: "written_order",
  county_government: "county_supervision",
  media_or_discipline: "media_or_discipline",
};

/** A leader of a unit that notices go to (rule 28: supervising and principal leaders). */
export const leaderContactSchema = z.strictObject({
  name: z.string().min(1).max(50),
  role: z.enum(["principal", "supervising", "contact"]),
  title: z.string().max(50).optional(),
  phone: z.string().regex(/^[0-9+\-]{5,20}$/, "is not a phone number"),
});
export type LeaderContact = z.infer<typeof leaderContactSchema>;

/** Rule 7: who urgent linkage notifies (settings): SMS to a phone and/or a webhook to a system. */
export const linkageContactSchema = z.strictObject({
  name: z.string().min(1).max(80),
  role: z.enum(["territorial_government", "department", "city_operations_center", "command_center_110"]),
  phone: z.string().regex(/^[0-9+\-]{3,20}$/, "is not a phone number").optional(),
  url: z.url({ protocol: /^https?$/ }).max(500).optional(),
});
export type LinkageContact = z.infer<typeof linkageContactSchema>;

/** The thresholds and windows of detection (policy `supervision`, each city's preset in presets.ts). */
export interface SupervisionSettings {
  /** Rule 28 (Linshu): a ticket redone this many times raises `redo_repeated`; warning at `redoWarning`. */
  redoThreshold: number;
  redoWarning: number;
  /** Rule 30 (Qingpu): one issue asked this many times raises `repeat_requests`. */
  repeatThreshold: number;
  /** Same-caller repeats are counted within this many days (the texts name no window). */
  repeatWindowDays: number;
  /** Rule 28: `minRequesters` distinct requesters on one issue within `windowDays` raise `concentrated`. */
  concentrated: { minRequesters: number; windowDays: number };
  /**
   * Rule 32 (Qingpu): a unit with at least `minVolume` tickets in the last `windowDays` whose first-contact,
   * resolution or satisfaction rate ranks in the bottom `bottomRanks`, or fell by `dropBy` against the
   * window before, raises `low_rates`.
   */
  lowRates: { windowDays: number; minVolume: number; bottomRanks: number; dropBy: number };
  /** Rule 28: the unit answers a notice within N working days (prompt / warning). */
  noticeReplyWorkingDays: { prompt: number; warning: number };
  /** Rule 7: urgent linkage contacts. */
  linkageContacts: LinkageContact[];
}

export const DEFAULT_SUPERVISION: SupervisionSettings = {
  redoThreshold: 2,
  redoWarning: 3,
  repeatThreshold: 10,
  repeatWindowDays: 30,
  concentrated: { minRequesters: 5, windowDays: 7 },
  lowRates: { windowDays: 30, minVolume: 10, bottomRanks: 3, dropBy: 0.1 },
  noticeReplyWorkingDays: { prompt: 5, warning: 3 },
  linkageContacts: [],
};

const int = (min: number, max: number) => z.number().int().min(min).max(max);
export const supervisionSettingsSchema: z.ZodType<SupervisionSettings> = z.strictObject({
  redoThreshold: int(1, 20),
  redoWarning: int(1, 20),
  repeatThreshold: int(2, 1000),
  repeatWindowDays: int(1, 365).default(30), // added after 0030: stored versions without it get 30
  concentrated: z.strictObject({ minRequesters: int(2, 1000), windowDays: int(1, 90) }),
  lowRates: z.strictObject({ windowDays: int(7, 180), minVolume: int(1, 100_000), bottomRanks: int(0, 50), dropBy: z.number().min(0).max(1) }),
  noticeReplyWorkingDays: z.strictObject({ prompt: int(1, 30), warning: int(1, 30) }),
  linkageContacts: z.array(linkageContactSchema).max(50),
});

/** The policy's supervision settings, or the defaults for a version stored before issue 13. */
export function supervisionOf(p: { supervision?: SupervisionSettings }): SupervisionSettings {
  return p.supervision ?? DEFAULT_SUPERVISION;
}

/**
 * Rule 28: graded by severity. Warning (警示) for a count at twice the threshold or more, for a redo count at
 * `redoWarning`, and for what is already a breach of a deadline the center set (notice/order/rectification
 * overdue, petition risk); otherwise a prompt (提示).
 */
export function severityOf(kind: AlertKind, count: number, s: SupervisionSettings): Severity {
  switch (kind) {
    case "redo_repeated":
      return count >= s.redoWarning ? "warning" : "prompt";
    case "repeat_requests":
      return count >= 2 * s.repeatThreshold ? "warning" : "prompt";
    case "concentrated":
      return count >= 2 * s.concentrated.minRequesters ? "warning" : "prompt";
    case "petition_risk":
    case "notice_overdue":
    case "order_overdue":
    case "rectification_overdue":
      return "warning";
    default:
      return count >= 5 ? "warning" : "prompt";
  }
}

/**
 * The key of "one issue" for concentrated complaints (SQL-friendly, mirrored in the detector): the category
 * plus the address reduced to its place (digits of house numbers, spaces and punctuation dropped, cut after
 * the first 小区/村/路/街/社区/号院 marker). An empty address gives null (no issue key).
 */
export function issueKey(categoryId: number | null, address: string | null): string | null {
  const place = addressPlace(address);
  return place ? `${categoryId ?? 0}|${place}` : null;
}

export function addressPlace(address: string | null): string | null {
  if (!address) return null;
  const cleaned = address.replace(/[\s，。,.、·\-—()（）#]/g, "");
  const m = /^(.*?(小区|村|社区|号院|花园|公寓|大厦|路|街|巷))/.exec(cleaned);
  const place = (m ? m[1]! : cleaned).replace(/[0-9０-９]+/g, "");
  return place.length >= 2 ? place.slice(0, 40) : null;
}

/** A notice's or order's number in the center's document style: 督提〔2025〕12号, 督警〔2025〕3号, 督办〔2025〕7号. */
export function documentNumber(kind: "prompt" | "warning" | "order", year: number, seq: number): string {
  const prefix = kind === "prompt" ? "督提" : kind === "warning" ? "督警" : "督办";
  return `${prefix}〔${year}〕${seq}号`;
}

/** Monday (YYYY-MM-DD) of the week holding a date, and the week's end (exclusive), both as dates. */
export function weekRange(weekOf: string): { start: string; end: string } {
  const d = new Date(`${weekOf}T00:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7;
  const start = new Date(d.getTime() - dow * 86_400_000);
  const end = new Date(start.getTime() + 7 * 86_400_000);
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}
