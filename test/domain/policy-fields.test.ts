import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, policySettingsSchema } from "../../src/domain/policy/policy.js";
import { PRESETS } from "../../src/domain/policy/presets.js";
import { POLICY_FIELDS, differingFields, fieldValue, materialize, setPath, valueText } from "../../web/src/lib/policy-fields.js";

/** Every setting as a dotted path; a limit, a list and a null count as one setting. */
function leaves(v: unknown, prefix = ""): string[] {
  if (v === null || typeof v !== "object" || Array.isArray(v) || "workingDays" in v || "hours" in v) return [prefix];
  return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => leaves(x, prefix ? `${prefix}.${k}` : k));
}

/** The policy editor's form (issue 18 point 8, web/src/lib/policy-fields.ts). */
describe("the policy form's fields", () => {
  it("cover every setting of the policy, so a new setting cannot be left out of the form", () => {
    const all = leaves({ ...DEFAULT_POLICY, coUnitPart: { workingDays: 3 }, repeats: { windowDays: 30, risingGrowth: 0.5, risingMinCount: 5 } });
    // The linkage contacts are a list of records: edited in the raw JSON view.
    const missing = all.filter((p) => p !== "supervision.linkageContacts" && !POLICY_FIELDS.some((f) => f.path === p));
    expect(missing).toEqual([]);
    expect(new Set(POLICY_FIELDS.map((f) => f.path)).size).toBe(POLICY_FIELDS.length);
  });

  it("fill an older version's missing settings with the server's defaults, so a partial edit saves complete", () => {
    const old = structuredClone(DEFAULT_POLICY) as unknown as Record<string, unknown>;
    for (const k of ["satisfaction", "supervision", "repeats", "appraisalMinSample", "replyNeedsFirstContact", "coUnitPart", "retentionYears"]) delete old[k];
    const edited = setPath(materialize(old), "satisfaction.targets.satisfactionRate", 0.9);
    expect(policySettingsSchema.safeParse(edited).success).toBe(true);
    expect(fieldValue(materialize(old), POLICY_FIELDS.find((f) => f.path === "replyNeedsFirstContact")!)).toBe(true);
  });

  it("mark the settings that differ from a preset", () => {
    const paths = differingFields(DEFAULT_POLICY, PRESETS.qingpu.settings).map((f) => f.path);
    expect(paths).toContain("replySignOff");
    expect(paths).not.toContain("countingMode");
    expect(differingFields(PRESETS.linshu.settings, PRESETS.linshu.settings)).toEqual([]);
  });

  it("say each value in words", () => {
    const f = (path: string) => POLICY_FIELDS.find((x) => x.path === path)!;
    expect(valueText(f("sign.urgent"), { hours: 0 }, 30)).toBe("立即（30 分钟内）");
    expect(valueText(f("reply.ordinary"), { workingDays: 5 })).toBe("5 个工作日");
    expect(valueText(f("progress.special"), null)).toBe("不要求");
    expect(valueText(f("replySignOff"), true)).toBe("是");
    expect(valueText(f("satisfaction.targets.resolutionRate"), 0.85)).toBe("85%");
    expect(valueText(f("warnings.fractions"), [0.75])).toBe("75%");
    expect(valueText(f("countingMode"), "elapsed")).toBe("按 24 小时累计工作日");
  });
});
