import { describe, expect, it } from "vitest";
import { addWords, normaliseText, searchWords, words } from "../../src/text/segmenter.js";

describe("segmenter", () => {
  it("cuts Chinese into words and drops punctuation and stop words", () => {
    const w = words("我要反映：夜间施工扰民，工地噪音太大了！");
    expect(w).toContain("施工");
    expect(w).toContain("噪音");
    expect(w).not.toContain("，");
    expect(w).not.toContain("我");
  });
  it("normalises full-width text", () => {
    expect(normaliseText("ＡＢＣ１２３")).toBe("abc123");
  });
  it("takes the center's own words", () => {
    expect(words("桃源里小区停水")).not.toContain("桃源里小区");
    expect(addWords(["桃源里小区", "桃源里小区", "x"])).toBe(1);
    expect(words("桃源里小区停水")).toContain("桃源里小区");
  });
  it("search mode yields sub-words", () => {
    const w = searchWords("医疗保险报销");
    expect(w).toContain("医疗");
    expect(w).toContain("医疗保险");
  });
  it("never throws on odd input", () => {
    for (const t of ["", "!!!", "hello world", "😀😀", "a".repeat(20000)]) expect(Array.isArray(words(t))).toBe(true);
  });
});
