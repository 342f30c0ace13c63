import { describe, expect, it } from "vitest";
import { followsCatalogue, matchCatalogue, type CatalogueItem } from "../../src/domain/knowledge/catalogue.js";
import { MAX_QUERY_WORDS, MIN_POSTINGS_PER_WORD, POSTING_BUDGET, idf, pickQueryWords, postingsPerWord, queryTermWeight, termScore, weightedTf } from "../../src/domain/knowledge/ranking.js";
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
  it("looks up the found words, rarest first, at most MAX_QUERY_WORDS", () => {
    const picked = pickQueryWords([{ term: "小区", df: 900, weight: 1 }, { term: "电梯", df: 20, weight: 1 }, { term: "无", df: 0, weight: 1 }]);
    expect(picked.map((w) => w.term)).toEqual(["电梯", "小区"]);
    const many = Array.from({ length: MAX_QUERY_WORDS + 5 }, (_, i) => ({ term: `w${i}`, df: 100 - i, weight: 1 }));
    expect(pickQueryWords(many)).toHaveLength(MAX_QUERY_WORDS);
    expect(pickQueryWords(many)[0]!.term).toBe(`w${MAX_QUERY_WORDS + 4}`);
  });
  it("a query's cost is bounded: each word reads its share of the posting budget, at least the minimum", () => {
    expect(postingsPerWord(1)).toBe(POSTING_BUDGET);
    expect(postingsPerWord(MAX_QUERY_WORDS)).toBe(Math.max(MIN_POSTINGS_PER_WORD, Math.ceil(POSTING_BUDGET / MAX_QUERY_WORDS)));
    expect(postingsPerWord(10_000)).toBe(MIN_POSTINGS_PER_WORD);
  });
  it("a word the question repeats weighs more, saturating", () => {
    expect(queryTermWeight(1)).toBe(1);
    expect(queryTermWeight(2)).toBeGreaterThan(1);
    expect(queryTermWeight(100)).toBeLessThan(9);
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
