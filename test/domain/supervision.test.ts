import { describe, expect, it } from "vitest";
import {
  DEFAULT_SUPERVISION,
  ORDER_APPRAISAL_KIND,
  ORDER_POINTS,
  addressPlace,
  documentNumber,
  issueKey,
  severityOf,
  supervisionSettingsSchema,
  weekRange,
} from "../../src/domain/supervision/supervision.js";
import { PRESETS, PRESET_NAMES } from "../../src/domain/policy/presets.js";
import { supervisionScore } from "../../src/domain/metrics/appraisal.js";

/** Supervision's pure rules (docs/SUPERVISION.md), table-driven. */
describe("supervision rules", () => {
  it.each([
    ["redo_repeated", 2, "prompt"],
    ["redo_repeated", 3, "warning"],
    ["repeat_requests", 10, "prompt"],
    ["repeat_requests", 20, "warning"],
    ["concentrated", 5, "prompt"],
    ["concentrated", 10, "warning"],
    ["petition_risk", 1, "warning"],
    ["notice_overdue", 1, "warning"],
    ["overdue", 4, "prompt"],
    ["overdue", 5, "warning"],
  ] as const)("%s × %i → %s (rule 28: graded by severity)", (kind, count, severity) => {
    expect(severityOf(kind, count, DEFAULT_SUPERVISION)).toBe(severity);
  });

  it.each([
    ["城关镇幸福小区3栋2单元", "城关镇幸福小区"],
    ["城关镇幸福小区 12 栋 502", "城关镇幸福小区"],
    ["和平路88号", "和平路"],
    ["临沭县人民医院门口", "临沭县人民医院门口"],
    ["", null],
    ["3", null],
  ])("the place of %s is %s", (address, place) => {
    expect(addressPlace(address)).toBe(place);
  });

  it("one issue = category + place", () => {
    expect(issueKey(7, "幸福小区5栋")).toBe("7|幸福小区");
    expect(issueKey(null, "幸福小区5栋")).toBe("0|幸福小区");
    expect(issueKey(7, null)).toBeNull();
  });

  it("document numbers in the center's style", () => {
    expect(documentNumber("warning", 2025, 3)).toBe("督警〔2025〕3号");
    expect(documentNumber("prompt", 2025, 12)).toBe("督提〔2025〕12号");
    expect(documentNumber("order", 2026, 1)).toBe("督办〔2026〕1号");
  });

  it.each([
    ["2025-03-03", "2025-03-03", "2025-03-10"],
    ["2025-03-05", "2025-03-03", "2025-03-10"],
    ["2025-03-09", "2025-03-03", "2025-03-10"],
  ])("the week of %s is %s to %s", (d, start, end) => {
    expect(weekRange(d)).toEqual({ start, end });
  });

  it("rule 35: orders by source cost 0.2 / 0.5 / 1 / 5 and feed the appraisal's tallies", () => {
    expect(ORDER_POINTS).toEqual({ center: 0, city: 0.2, city_written: 0.5, county_government: 1, media_or_discipline: 5 });
    const counts = { city: 1, written: 0, county: 1, mediaOrDiscipline: 0 };
    expect(ORDER_APPRAISAL_KIND.city).toBe("city_supervision");
    expect(supervisionScore(counts)).toBeCloseTo(3.8);
  });

  it("every preset's supervision settings are valid; the default is the rule book's", () => {
    expect(supervisionSettingsSchema.safeParse(DEFAULT_SUPERVISION).success).toBe(true);
    for (const name of PRESET_NAMES) expect(supervisionSettingsSchema.safeParse(PRESETS[name].settings.supervision).success, name).toBe(true);
    expect(DEFAULT_SUPERVISION).toMatchObject({ redoThreshold: 2, repeatThreshold: 10 });
    expect(supervisionSettingsSchema.safeParse({ ...DEFAULT_SUPERVISION, repeatThreshold: 1 }).success).toBe(false);
  });
});
