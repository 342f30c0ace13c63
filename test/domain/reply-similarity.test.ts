import { describe, expect, it } from "vitest";
import { nextNoChangeStreak, replySimilarity } from "../../src/domain/ticket/reply-similarity.js";

describe("no substantive change between replies, docs/RULES.md rule 24", () => {
  it.each([
    ["经核实，该问题正在协调处理中。", "经核实，该问题正在协调处理中。", true],
    ["经核实，该问题正在协调处理中。", "经核实 该问题正在协调处理中", true],
    ["经核实，该问题正在协调处理中。", "已安排施工队于3月5日完成井盖更换，并回访确认。", false],
  ])("%s ~ %s: unchanged=%s", (a, b, same) => {
    expect(replySimilarity(a, b) >= 0.9).toBe(same);
  });

  it("counts the streak and restarts it on a real change", () => {
    expect(nextNoChangeStreak(null, "a", 0)).toBe(1);
    expect(nextNoChangeStreak("正在协调处理中", "正在协调处理中", 1)).toBe(2);
    expect(nextNoChangeStreak("正在协调处理中", "正在协调处理中", 2)).toBe(3);
    expect(nextNoChangeStreak("正在协调处理中", "已完成维修并经诉求人确认", 2)).toBe(1);
  });
});
