import { describe, expect, it } from "vitest";
import { followsCatalogue, matchCatalogue, type CatalogueItem } from "../../src/domain/knowledge/catalogue.js";
import { idf, pickQueryWords, termScore, weightedTf } from "../../src/domain/knowledge/ranking.js";
import { snippet } from "../../src/domain/knowledge/snippet.js";
import { isValidOn, isWindow } from "../../src/domain/knowledge/validity.js";
import { knowledgeContributionScore } from "../../src/domain/metrics/knowledge-contributions.js";

describe("knowledge ranking (BM25F)", () => {
  const avg = { title: 5, tags: 2, body: 40 };
  it.each([
    ["a word in the title outranks the same word in the body", { title: 1, tags: 0, body: 0 }, { title: 0, tags: 0, body: 1 }],
    ["a tag outranks the body", { title: 0, tags: 1, body: 0 }, { title: 0, tags: 0, body: 1 }],
    ["two occurrences outrank one", { title: 0, tags: 0, body: 2 }, { title: 0, tags: 0, body: 1 }],
  ])("%s", (_name, better, worse) => {
    const len = { title: 5, tags: 2, body: 40 };
    expect(weightedTf(better, len, avg)).toBeGreaterThan(weightedTf(worse, len, avg));
  });
  it("rarer words weigh more; scores saturate", () => {
    expect(idf(1000, 3)).toBeGreaterThan(idf(1000, 300));
    expect(idf(10, 10)).toBeGreaterThan(0);
    expect(termScore(2, 1, 100)).toBeLessThan(2);
    expect(termScore(2, 1, 0)).toBe(0);
  });
  it("drops common words when rarer ones exist, keeps the rarest first", () => {
    const picked = pickQueryWords([{ term: "小区", df: 900, weight: 1 }, { term: "电梯", df: 20, weight: 1 }, { term: "无", df: 0, weight: 1 }], 1000);
    expect(picked.map((w) => w.term)).toEqual(["电梯"]);
    expect(pickQueryWords([{ term: "小区", df: 900, weight: 1 }], 1000).map((w) => w.term)).toEqual(["小区"]);
  });
});

describe("snippets", () => {
  it("marks the query words, escapes HTML, centres on the first hit", () => {
    expect(snippet("办理<b>医疗保险</b>备案", ["医疗保险"])).toBe("办理&lt;b&gt;<mark>医疗保险</mark>&lt;/b&gt;备案");
    const long = "甲".repeat(200) + "公积金提取" + "乙".repeat(200);
    const s = snippet(long, ["公积金"]);
    expect(s).toContain("<mark>公积金</mark>");
    expect(s.startsWith("…")).toBe(true);
    expect(s.endsWith("…")).toBe(true);
  });
});

describe("validity", () => {
  it.each([
    [null, null, "2025-01-01", true],
    ["2025-02-01", null, "2025-01-31", false],
    [null, "2025-01-31", "2025-01-31", true],
    [null, "2025-01-31", "2025-02-01", false],
  ] as const)("from %s to %s on %s → %s", (from, to, today, expected) => {
    expect(isValidOn(from, to, today)).toBe(expected);
  });
  it("an end before the start is not a window", () => {
    expect(isWindow("2025-05-01", "2025-04-01")).toBe(false);
    expect(isWindow("2025-05-01", "2025-05-01")).toBe(true);
    expect(isWindow(null, "2025-05-01")).toBe(true);
  });
});

describe("dispatch catalogue", () => {
  const item = (id: number, lead: number, areaKeywords: string[] = [], townName: string | null = null): CatalogueItem => ({ id, categoryId: 1, areaKeywords, townName, townUnitId: null, leadUnitId: lead, coUnitIds: [], dutyText: `duty ${id}` });
  const items = [item(1, 10), item(2, 20, ["城关"]), item(3, 30, [], "城关镇幸福")];
  it("territory first (the longest match), then the category's general item (rule 9)", () => {
    expect(matchCatalogue(items, "城关镇幸福小区暖气不热").map((m) => m.item.id)).toEqual([3, 2, 1]);
    expect(matchCatalogue(items, "开发区暖气不热").map((m) => m.item.id)).toEqual([1]);
  });
  it("a dispatch follows the catalogue when its lead unit is the first match's", () => {
    const m = matchCatalogue(items, "城关小区");
    expect(followsCatalogue(m, 20)).toBe(true);
    expect(followsCatalogue(m, 10)).toBe(false);
    expect(followsCatalogue([], 10)).toBe(true);
  });
});

describe("the year-end item knowledge-base contributions (Linshu, 10 points)", () => {
  it.each([
    [0, 0],
    [1, 2],
    [4, 8],
    [5, 10],
    [9, 10],
  ])("%i contributions → %i points", (n, points) => {
    expect(knowledgeContributionScore(n)).toBe(points);
  });
});
