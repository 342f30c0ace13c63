/**
 * City presets (docs/RULES.md preamble: where cities differ, ship each variant as a preset). Each preset
 * is the documented default with only the settings its source states changed; `sources` cites the
 * rule behind each changed or confirmed setting. Anything not in `sources` is inherited from
 * DEFAULT_POLICY (docs/POLICIES.md lists both).
 */
import { DEFAULT_POLICY, clonePolicy, type PolicySettings } from "./policy.js";

export type PresetName = "chengdu" | "qingpu" | "ankang" | "linshu";
export const PRESET_NAMES: readonly PresetName[] = ["chengdu", "qingpu", "ankang", "linshu"];

export interface Preset {
  settings: PolicySettings;
  title: string;
  /** Setting path (e.g. `reply.urgent`) → the rule and source it comes from. */
  sources: Record<string, string>;
}

function derive(change: (p: PolicySettings) => void): PolicySettings {
  const p = clonePolicy(DEFAULT_POLICY);
  change(p);
  return p;
}

const chengdu: Preset = {
  title: "成都（12345 平台运行规则）",
  settings: derive((p) => {
    p.atOnceMinutes = 30;
    p.sign = { ordinary: { workingDays: 1 }, urgent: { hours: 0 }, special: { hours: 2 }, special_urgent: { hours: 1 } };
    p.firstContact.special = { hours: 2 };
    p.firstContact.special_urgent = { hours: 1 };
    p.reply.ordinary = { workingDays: 5 };
    p.reply.urgent = { workingDays: 2 };
    p.progress = { special: { workingDays: 3 }, special_urgent: { workingDays: 2 } };
    p.returnWindow = { limit: { workingDays: 2 }, from: "sign" };
    p.returnStopsClock = false;
    p.autoClose = { workingDays: 5 };
  }),
  sources: {
    atOnceMinutes: "docs/RULES.md rule 14 (Chengdu): 紧急事项应立即签收 — no minutes given, so the default 30 (docs/POLICIES.md)",
    "sign.ordinary": "docs/RULES.md rule 14 (Chengdu): 接到工单 1 个工作日内签收",
    "sign.urgent": "docs/RULES.md rule 14 (Chengdu): 紧急事项应立即签收",
    "sign.special": "docs/RULES.md rule 8 (Chengdu): 特殊事项 2 小时内反馈初步响应意见",
    "sign.special_urgent": "docs/RULES.md rule 8 (Chengdu): 特殊紧急事项 1 小时内反馈初步响应意见",
    "firstContact.special": "docs/RULES.md rule 8 (Chengdu): initial response within 2 hours",
    "firstContact.special_urgent": "docs/RULES.md rule 8 (Chengdu): initial response within 1 hour",
    "progress.special": "docs/RULES.md rule 8 (Chengdu): 3 个工作日内反馈处理进度",
    "progress.special_urgent": "docs/RULES.md rule 8 (Chengdu): 2 个工作日内反馈处理进度",
    "reply.urgent": "docs/RULES.md rule 8 (Chengdu, Ankang): urgent completed within 2 working days",
    "reply.ordinary": "docs/RULES.md rule 18: ordinary within 5 working days (Chengdu's notice says 及时答复 without a number)",
    returnWindow: "docs/RULES.md rule 16 (Chengdu): 签收工单后 2 个工作日内申请退回",
    returnStopsClock: "docs/RULES.md rule 16 (Chengdu): 超期退回的视为超期办理件 — the clock keeps running",
    autoClose: "docs/RULES.md rule 22 (Chengdu): 5 个工作日内未作出评价的视为基本满意自动办结",
    "supervision.linkageContacts": "docs/RULES.md rule 7 (Chengdu): 特殊事项通报属地政府、相关部门、市城运中心和 110 指挥中心 — the contacts are the center's own (docs/SUPERVISION.md)",
  },
};

const qingpu: Preset = {
  title: "上海青浦（区商务委 2024 年工作方案）",
  settings: derive((p) => {
    p.atOnceMinutes = 30;
    p.firstContact.ordinary = { workingDays: 1 };
    p.firstContact.urgent = { workingDays: 1 };
    p.returnWindow = { limit: { workingDays: 1 }, from: "dispatch" };
    p.failedCalls = { count: 3, minGapMinutes: 60 };
    p.replySignOff = true;
    p.firstContactRequired = true;
    p.replyNeedsFirstContact = true;
  }),
  sources: {
    atOnceMinutes: "docs/RULES.md rule 14: urgent at once — Qingpu's source gives no minutes, so the default 30 (docs/POLICIES.md)",
    "firstContact.ordinary": "docs/RULES.md rule 15 (Qingpu): 收到工单之日起一个工作日内先行联系",
    "firstContact.urgent": "docs/RULES.md rule 15 (Qingpu): the same limit for every ticket",
    failedCalls: "docs/RULES.md rule 15 (Qingpu): 累计 3 次，且每次拨打至少间隔 1 小时以上，视作已先行联系",
    returnWindow: "docs/RULES.md rule 16 (Qingpu): 1 个工作日内与区城运中心沟通协商退单",
    replySignOff: "docs/RULES.md rule 17 (Qingpu): 答复前经分管领导审核后通过系统正式答复",
    firstContactRequired: "docs/RULES.md rule 34 (Qingpu): 先行联系率 100%",
    replyNeedsFirstContact: "docs/RULES.md rule 15 (Qingpu): 收到工单之日起一个工作日内先行联系 — contact comes before the answer",
    "supervision.repeatThreshold": "docs/RULES.md rule 30 (Qingpu): 重复诉求 10 次以上的报党组会",
    "supervision.lowRates": "docs/RULES.md rule 32 (Qingpu): 先行联系率、解决率、满意率排名靠后或下降的约谈",
  },
};

const ankang: Preset = {
  title: "安康（2022 年热线工作措施）",
  settings: derive((p) => {
    p.atOnceMinutes = 30;
    p.sign.ordinary = { workingDays: 1 };
    p.reply.ordinary = { workingDays: 5 };
    p.reply.urgent = { workingDays: 2 };
    p.warnings = { fractions: [0.75], hoursBefore: [4] };
  }),
  sources: {
    atOnceMinutes: "docs/RULES.md rule 14 (Ankang): 1 个工作日内签收 with urgent at once — no minutes given, so the default 30",
    "sign.ordinary": "docs/RULES.md rule 14 (Ankang): 1 个工作日内签收工单",
    "reply.ordinary": "docs/RULES.md rule 18 (Ankang): 普通工单 5 个工作日内办结",
    "reply.urgent": "docs/RULES.md rule 18 (Ankang): 紧急类工单 2 个工作日内办结",
    warnings:
      "docs/RULES.md rule 18 (Ankang): 即将逾期签收或办结的工单提前预警催办 (no timing given: the default points 75 % and 4 h before)",
  },
};

const linshu: Preset = {
  title: "临沭（2020 年热线工作机制与考核办法）",
  settings: derive((p) => {
    p.atOnceMinutes = 30;
    p.returnWindow = { limit: { workingDays: 1 }, from: "dispatch" };
    p.replySignOff = true;
    p.firstContactRequired = true;
    p.replyNeedsFirstContact = true;
  }),
  sources: {
    atOnceMinutes: "docs/RULES.md rule 14: urgent at once — Linshu's source gives no minutes, so the default 30 (docs/POLICIES.md)",
    returnWindow: "docs/RULES.md rule 16 (Linshu): 须在 1 个工作日内向县热线受理中心汇报，不得直接回退",
    replySignOff: "docs/RULES.md rule 17 (Linshu): 主要负责人签批，办理结果由分管负责人审核同意并签字",
    firstContactRequired: "docs/RULES.md rule 4 (Linshu): 非匿名工单须先行联系",
    replyNeedsFirstContact: "docs/RULES.md rule 4 (Linshu): 非匿名工单须先行联系 — no answer before the contact",
    "supervision.redoThreshold": "docs/RULES.md rule 28 (Linshu): 重办 2 次以上的发提示或警示",
    "supervision.redoWarning": "docs/RULES.md rule 29 (Linshu): 重办 3 次以上的列入专报，按警示处理",
    "supervision.concentrated": "docs/RULES.md rule 28 (Linshu): 多人集中投诉的单位（人数与时间窗未定：默认 7 日内 5 人）",
  },
};

/** The four shipped presets, by name (POST /api/policy/presets/:name/apply). */
export const PRESETS: Record<PresetName, Preset> = { chengdu, qingpu, ankang, linshu };

/** Whether a string names a preset. */
export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}
