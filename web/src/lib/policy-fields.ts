/**
 * The policy editor's form (issue 18 point 8, docs/WORKDAY.md "Policy editor"): every setting of the policy
 * (src/domain/policy/policy.ts, docs/POLICIES.md) in groups, with its Chinese label and the input its type needs.
 * Pure (no React), so the form, the preset diff and their tests read one table.
 */

export type Limit = { workingDays: number } | { hours: number };

export type FieldType =
  | { kind: "limit"; nullable?: boolean }
  | { kind: "bool" }
  | { kind: "enum"; options: Array<[string, string]> }
  | { kind: "int"; min: number; max: number; unit?: string }
  | { kind: "number"; min: number; max: number; step?: number; unit?: string }
  /** A share 0..1 shown and entered as a percentage. */
  | { kind: "percent" }
  /** A short list of numbers, entered comma-separated. */
  | { kind: "numbers"; percent?: boolean; unit?: string };

export interface PolicyField {
  /** Dotted path in the settings (`reply.urgent`). */
  path: string;
  label: string;
  type: FieldType;
  /** Shown when a stored version predates the setting (the server's default for it). */
  fallback?: unknown;
  help?: string;
}

export interface PolicyGroup {
  key: string;
  title: string;
  fields: PolicyField[];
}

const URGENCY: Array<[string, string]> = [
  ["ordinary", "一般"],
  ["urgent", "紧急"],
  ["special", "特殊"],
  ["special_urgent", "特急"],
];

const perUrgency = (key: string, what: string): PolicyField[] => URGENCY.map(([u, label]) => ({ path: `${key}.${u}`, label: `${label}工单${what}`, type: { kind: "limit" } }));
const int = (min: number, max: number, unit?: string): FieldType => ({ kind: "int", min, max, unit });

export const POLICY_GROUPS: PolicyGroup[] = [
  {
    key: "clock",
    title: "计时方式",
    fields: [
      { path: "countingMode", label: "工作日计时", type: { kind: "enum", options: [["end_of_day", "第 N 个工作日 23:59 截止"], ["elapsed", "按 24 小时累计工作日"]] } },
      { path: "atOnceMinutes", label: "「立即」允许的分钟数", type: int(1, 1440, "分钟"), fallback: 30 },
    ],
  },
  { key: "sign", title: "签收时限（规则 14）", fields: perUrgency("sign", "签收") },
  {
    key: "firstContact",
    title: "先行联系（规则 4、15）",
    fields: [
      ...perUrgency("firstContact", "先行联系"),
      { path: "firstContactRequired", label: "非匿名工单须先行联系", type: { kind: "bool" } },
      { path: "replyNeedsFirstContact", label: "先行联系前不得答复", type: { kind: "bool" }, fallback: true, help: "匿名、视为已联系（三次未接通）或已过先行联系时限的工单除外" },
      { path: "failedCalls.count", label: "视为已联系的未接通次数", type: int(1, 10, "次") },
      { path: "failedCalls.minGapMinutes", label: "两次拨打最小间隔", type: int(0, 1440, "分钟") },
    ],
  },
  {
    key: "reply",
    title: "答复办结（规则 8、10、17、18）",
    fields: [
      ...perUrgency("reply", "答复"),
      { path: "progress.special", label: "特殊工单进度反馈", type: { kind: "limit", nullable: true } },
      { path: "progress.special_urgent", label: "特急工单进度反馈", type: { kind: "limit", nullable: true } },
      { path: "coUnitPart", label: "协办单位提交意见", type: { kind: "limit" }, fallback: { workingDays: 3 } },
      { path: "replySignOff", label: "答复须领导签批", type: { kind: "bool" } },
    ],
  },
  {
    key: "return",
    title: "退单（规则 16）",
    fields: [
      { path: "returnWindow.limit", label: "申请退单时限", type: { kind: "limit" } },
      { path: "returnWindow.from", label: "退单时限起算", type: { kind: "enum", options: [["dispatch", "自派单起"], ["sign", "自签收起"]] } },
      { path: "returnStopsClock", label: "退单审核期间停止计时", type: { kind: "bool" } },
    ],
  },
  {
    key: "close",
    title: "办结与预警（规则 18、22）",
    fields: [
      { path: "autoClose", label: "答复后未评价自动办结", type: { kind: "limit" } },
      { path: "warnings.fractions", label: "预警点（时限的比例）", type: { kind: "numbers", percent: true } },
      { path: "warnings.hoursBefore", label: "预警点（到期前小时）", type: { kind: "numbers", unit: "小时" } },
    ],
  },
  {
    key: "satisfaction",
    title: "满意度与考核（规则 34）",
    fields: [
      { path: "satisfaction.basicallySatisfiedWeight", label: "基本满意计入权重", type: { kind: "percent" }, fallback: 1 },
      { path: "satisfaction.period", label: "统计周期", type: { kind: "enum", options: [["calendar_month", "自然月"], ["19th_to_18th", "上月 19 日至本月 18 日"]] }, fallback: "calendar_month" },
      { path: "satisfaction.targets.firstContactRate", label: "先行联系率目标", type: { kind: "percent" }, fallback: 1 },
      { path: "satisfaction.targets.resolutionRate", label: "解决率目标", type: { kind: "percent" }, fallback: 0.85 },
      { path: "satisfaction.targets.satisfactionRate", label: "满意率目标", type: { kind: "percent" }, fallback: 0.85 },
      { path: "appraisalMinSample", label: "考核最小样本（少于即样本不足）", type: int(0, 1000, "件"), fallback: 5 },
      { path: "retentionYears", label: "办结后个人信息保留年限", type: int(1, 100, "年"), fallback: 5 },
    ],
  },
  {
    key: "supervision",
    title: "督办（规则 28–32）",
    fields: [
      { path: "supervision.redoThreshold", label: "重办提示次数", type: int(1, 20, "次"), fallback: 2 },
      { path: "supervision.redoWarning", label: "重办警示次数", type: int(1, 20, "次"), fallback: 3 },
      { path: "supervision.repeatThreshold", label: "重复诉求报送次数", type: int(2, 1000, "次"), fallback: 10 },
      { path: "supervision.repeatWindowDays", label: "重复诉求统计天数", type: int(1, 365, "天"), fallback: 30 },
      { path: "supervision.concentrated.minRequesters", label: "集中投诉人数", type: int(2, 1000, "人"), fallback: 5 },
      { path: "supervision.concentrated.windowDays", label: "集中投诉统计天数", type: int(1, 90, "天"), fallback: 7 },
      { path: "supervision.lowRates.windowDays", label: "低指标统计天数", type: int(7, 180, "天"), fallback: 30 },
      { path: "supervision.lowRates.minVolume", label: "低指标最小件数", type: int(1, 100_000, "件"), fallback: 10 },
      { path: "supervision.lowRates.bottomRanks", label: "排名靠后名次", type: int(0, 50, "名"), fallback: 3 },
      { path: "supervision.lowRates.dropBy", label: "指标下降幅度", type: { kind: "percent" }, fallback: 0.1 },
      { path: "supervision.noticeReplyWorkingDays.prompt", label: "提示函答复时限", type: int(1, 30, "个工作日"), fallback: 5 },
      { path: "supervision.noticeReplyWorkingDays.warning", label: "警示函答复时限", type: int(1, 30, "个工作日"), fallback: 3 },
    ],
  },
  {
    key: "repeats",
    title: "重复诉求与热点预警",
    fields: [
      { path: "repeats.windowDays", label: "重复诉求比对天数", type: int(1, 365, "天"), fallback: 30 },
      { path: "repeats.risingGrowth", label: "热点周环比增幅", type: { kind: "percent" }, fallback: 0.5 },
      { path: "repeats.risingMinCount", label: "热点本周最少件数", type: int(1, 10_000, "件"), fallback: 5 },
    ],
  },
];

export const POLICY_FIELDS: PolicyField[] = POLICY_GROUPS.flatMap((g) => g.fields);

/** The value at a dotted path, or undefined. */
export function getPath(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const k of path.split(".")) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** A copy of `obj` with the value at the dotted path replaced (intermediate objects created). */
export function setPath<T>(obj: T, path: string, value: unknown): T {
  const keys = path.split(".");
  const root = structuredClone(obj ?? {}) as Record<string, unknown>;
  let cur = root;
  for (const k of keys.slice(0, -1)) {
    const next = cur[k];
    cur[k] = next !== null && typeof next === "object" ? next : {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]!] = value;
  return root as T;
}

/** The field's value as the form shows it: the stored value, or the server's default for an older version. */
export function fieldValue(settings: unknown, f: PolicyField): unknown {
  const v = getPath(settings, f.path);
  return v === undefined ? f.fallback : v;
}

export function limitText(l: unknown, atOnceMinutes?: number): string {
  if (l === null) return "不要求";
  if (!l || typeof l !== "object") return "—";
  if ("hours" in l) return (l as { hours: number }).hours === 0 ? `立即（${atOnceMinutes ?? 30} 分钟内）` : `${(l as { hours: number }).hours} 小时`;
  if ("workingDays" in l) return `${(l as { workingDays: number }).workingDays} 个工作日`;
  return "—";
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** A value in words, for the preset column. */
export function valueText(f: PolicyField, v: unknown, atOnceMinutes?: number): string {
  if (v === undefined) return "—";
  switch (f.type.kind) {
    case "limit":
      return limitText(v, atOnceMinutes);
    case "bool":
      return v ? "是" : "否";
    case "enum":
      return f.type.options.find(([k]) => k === v)?.[1] ?? String(v);
    case "percent":
      return typeof v === "number" ? pct(v) : "—";
    case "numbers":
      if (!Array.isArray(v)) return "—";
      if (v.length === 0) return "无";
      return v.map((x: number) => (f.type.kind === "numbers" && f.type.percent ? pct(x) : `${x}`)).join("、") + (f.type.unit ? ` ${f.type.unit}` : "");
    default:
      return `${String(v)}${"unit" in f.type && f.type.unit ? ` ${f.type.unit}` : ""}`;
  }
}

/** Whether the form's value of a field differs from another policy's (a preset's). */
export function differs(f: PolicyField, a: unknown, b: unknown): boolean {
  return JSON.stringify(fieldValue(a, f)) !== JSON.stringify(fieldValue(b, f));
}

/** The fields whose value differs between two settings objects. */
export function differingFields(a: unknown, b: unknown): PolicyField[] {
  return POLICY_FIELDS.filter((f) => differs(f, a, b));
}

/**
 * The settings with every setting an older version lacks filled in with the server's default, so a partly
 * edited optional group (`satisfaction`, `supervision`, `repeats`) is still complete when saved.
 */
export function materialize(settings: unknown): Record<string, unknown> {
  let out = structuredClone((settings ?? {}) as Record<string, unknown>);
  for (const f of POLICY_FIELDS) if (getPath(out, f.path) === undefined && f.fallback !== undefined) out = setPath(out, f.path, f.fallback);
  if (getPath(out, "supervision") && getPath(out, "supervision.linkageContacts") === undefined) out = setPath(out, "supervision.linkageContacts", []);
  return out;
}
