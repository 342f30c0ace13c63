import { describe, expect, it } from "vitest";
import {
  DEFAULT_POLICY,
  clonePolicy,
  describeLimit,
  parsePolicySettings,
  policySettingsSchema,
} from "../../src/domain/policy/policy.js";
import { PRESETS, PRESET_NAMES, isPresetName } from "../../src/domain/policy/presets.js";
import { changedSettings } from "../../src/domain/policy/policy-diff.js";


describe("the policy schema", () => {
  it("accepts the default and every preset", () => {
    expect(policySettingsSchema.safeParse(DEFAULT_POLICY).success).toBe(true);
    for (const name of PRESET_NAMES) expect(policySettingsSchema.safeParse(PRESETS[name].settings).success).toBe(true);
  });

  const bad: [string, (p: Record<string, unknown>) => void, string][] = [
    ["unknown counting mode", (p) => (p.countingMode = "calendar"), "countingMode"],
    ["zero working days", (p) => ((p.reply as Record<string, unknown>).ordinary = { workingDays: 0 }), "reply.ordinary.workingDays"],
    ["fractional working days", (p) => ((p.sign as Record<string, unknown>).ordinary = { workingDays: 1.5 }), "sign.ordinary"],
    ["negative hours", (p) => ((p.sign as Record<string, unknown>).urgent = { hours: -1 }), "sign.urgent.hours"],
    ["both units in one limit", (p) => (p.autoClose = { workingDays: 5, hours: 2 }), "autoClose"],
    ["a missing urgency", (p) => delete (p.firstContact as Record<string, unknown>).special, "firstContact.special"],
    ["an unknown field", (p) => (p.colour = "red"), "settings"],
    ["return window from reply", (p) => ((p.returnWindow as Record<string, unknown>).from = "reply"), "returnWindow.from"],
    ["a warning fraction of 1", (p) => ((p.warnings as Record<string, unknown>).fractions = [1]), "warnings.fractions.0"],
    ["repeated warning hours", (p) => ((p.warnings as Record<string, unknown>).hoursBefore = [4, 4]), "warnings.hoursBefore"],
    ["zero failed calls", (p) => ((p.failedCalls as Record<string, unknown>).count = 0), "failedCalls.count"],
    ["sign-off as a string", (p) => (p.replySignOff = "yes"), "replySignOff"],
    ["a target above 100 %", (p) => (((p.satisfaction as Record<string, unknown>).targets as Record<string, unknown>).resolutionRate = 1.2), "satisfaction.targets.resolutionRate"],
  ];
  it.each(bad)("refuses %s, naming the field", (_name, mutate, field) => {
    const p = clonePolicy(DEFAULT_POLICY) as unknown as Record<string, unknown>;
    mutate(p);
    let caught: unknown;
    try {
      parsePolicySettings(p);
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({ code: "VALIDATION_FAILED", field });
  });

  it("accepts a policy without report settings (older versions)", () => {
    const { satisfaction: _s, ...older } = clonePolicy(DEFAULT_POLICY);
    expect(parsePolicySettings(older).satisfaction).toBeUndefined();
  });
});

describe("presets", () => {
  it.each(PRESET_NAMES)("%s changes only settings its sources cite", (name) => {
    const preset = PRESETS[name];
    const changed = changedSettings(DEFAULT_POLICY, preset.settings);
    const cited = Object.keys(preset.sources);
    const uncited = changed.filter((path) => !cited.some((c) => path === c || path.startsWith(`${c}.`)));
    expect(uncited).toEqual([]);
    for (const source of Object.values(preset.sources)) expect(source).toMatch(/RULES\.md rule \d+/);
  });

  it("chengdu: the numbers of its platform rules", () => {
    const p = PRESETS.chengdu.settings;
    expect(p.sign).toEqual({ ordinary: { workingDays: 1 }, urgent: { hours: 0 }, special: { hours: 2 }, special_urgent: { hours: 1 } });
    expect(p.progress).toEqual({ special: { workingDays: 3 }, special_urgent: { workingDays: 2 } });
    expect(p.reply.urgent).toEqual({ workingDays: 2 });
    expect(p.reply.ordinary).toEqual({ workingDays: 5 });
    expect(p.returnWindow).toEqual({ limit: { workingDays: 2 }, from: "sign" });
    expect(p.autoClose).toEqual({ workingDays: 5 });
  });

  it("qingpu: first contact 1 working day, return 1 working day, 3 failed calls ≥ 1 h apart", () => {
    const p = PRESETS.qingpu.settings;
    expect(p.firstContact.ordinary).toEqual({ workingDays: 1 });
    expect(p.returnWindow).toEqual({ limit: { workingDays: 1 }, from: "dispatch" });
    expect(p.failedCalls).toEqual({ count: 3, minGapMinutes: 60 });
  });

  it("ankang: sign 1, ordinary 5, urgent 2 working days, with warnings", () => {
    const p = PRESETS.ankang.settings;
    expect([p.sign.ordinary, p.reply.ordinary, p.reply.urgent]).toEqual([{ workingDays: 1 }, { workingDays: 5 }, { workingDays: 2 }]);
    expect(p.warnings.fractions.length + p.warnings.hoursBefore.length).toBeGreaterThan(0);
  });

  it("linshu: return within 1 working day and leader sign-off on", () => {
    expect(PRESETS.linshu.settings.returnWindow.limit).toEqual({ workingDays: 1 });
    expect(PRESETS.linshu.settings.replySignOff).toBe(true);
    expect(DEFAULT_POLICY.replySignOff).toBe(false);
  });

  it("presets are independent copies of the default", () => {
    PRESETS.linshu.settings.sign.ordinary = { workingDays: 9 };
    try {
      expect(DEFAULT_POLICY.sign.ordinary).toEqual({ workingDays: 1 });
      expect(PRESETS.qingpu.settings.sign.ordinary).toEqual({ workingDays: 1 });
    } finally {
      PRESETS.linshu.settings.sign.ordinary = { workingDays: 1 };
    }
  });

  it("changedSettings names each changed setting, a limit as one", () => {
    const p = clonePolicy(DEFAULT_POLICY);
    p.reply.urgent = { hours: 8 };
    p.warnings.hoursBefore = [2, 4];
    p.replySignOff = true;
    expect(changedSettings(DEFAULT_POLICY, p)).toEqual(["reply.urgent", "replySignOff", "warnings.hoursBefore"]);
    expect(changedSettings(DEFAULT_POLICY, clonePolicy(DEFAULT_POLICY))).toEqual([]);
  });

  it("names and words", () => {
    expect(isPresetName("chengdu")).toBe(true);
    expect(isPresetName("beijing")).toBe(false);
    expect([{ hours: 0 }, { hours: 2 }, { workingDays: 5 }].map(describeLimit)).toEqual(["立即", "2 小时", "5 个工作日"]);
  });
});
