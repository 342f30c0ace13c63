import { describe, expect, it } from "vitest";
import { accuracy, macroF1, stratifiedFolds, topKAccuracy } from "../../src/domain/suggestions/evaluate.js";
import { featureStrings, normaliseAddress } from "../../src/domain/suggestions/features.js";
import { growthOf, hotClusters, placeOf, risingOf, type HotTicket } from "../../src/domain/suggestions/hot-issues.js";
import { blockVector, bucketCounts, decodeModel, encodeModel, modelRows, predictProba, runSync, topLabels, trainSteps } from "../../src/domain/suggestions/linear-model.js";
import { TEXT_DIMENSION, textFeatures, trainSvmSteps } from "../../src/domain/suggestions/svm.js";
import { repeatScore, textSimilarity } from "../../src/domain/suggestions/repeats.js";
import { checkMerge } from "../../src/domain/ticket/ticket.machine.js";
import { DomainError } from "../../src/domain/errors.js";

/** Issue 15's pure pieces, table-driven (no database, no segmenter: words are given). */

describe("features and the linear model", () => {
  const data: Array<[string[], string]> = [
    [["工地", "噪音", "夜间"], "noise"],
    [["广场舞", "噪音", "扰民"], "noise"],
    [["施工", "扰民", "夜间"], "noise"],
    [["停水", "自来水", "小区"], "water"],
    [["自来水", "发黄", "水质"], "water"],
    [["水管", "漏水", "自来水"], "water"],
  ];
  const labels = ["noise", "water"];
  const model = runSync(trainSteps(data.map(([w]) => bucketCounts(featureStrings(w))), Int32Array.from(data, ([, l]) => labels.indexOf(l)), labels));

  it.each([
    [["夜间", "施工", "噪音"], "noise"],
    [["小区", "停水"], "water"],
  ])("%j → %s", (w, expected) => {
    const p = predictProba(model, modelRows(model), bucketCounts(featureStrings(w)));
    expect(topLabels(model, p, 1)[0]!.label).toBe(expected);
  });

  it("an empty text answers the prior, not an error", () => {
    const p = predictProba(model, modelRows(model), bucketCounts([]));
    expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
  });

  it("encodes and decodes to the same answers", () => {
    const back = decodeModel(encodeModel(model));
    const doc = bucketCounts(featureStrings(["工地", "噪音"]));
    expect([...predictProba(back, modelRows(back), doc)]).toEqual([...predictProba(model, modelRows(model), doc)]);
  });

  it("maps near-synonyms to one concept (工地噪音 ~ 夜间施工扰民)", () => {
    expect(textSimilarity(["工地", "噪音"], ["夜间施工", "扰民"])).toBeGreaterThan(0.9);
  });
});

describe("evaluation", () => {
  it.each([
    [[0, 0, 1, 1], [0, 0, 1, 1], 1],
    [[0, 0, 1, 1], [0, 1, 1, 1], (2 / 3 + 0.8) / 2],
  ])("macro-F1 %j vs %j = %f", (t, p, f1) => expect(macroF1(t, p, 2)).toBeCloseTo(f1 as number, 6));
  it("accuracy, top-k, folds", () => {
    expect(accuracy([1, 2, 3], [1, 2, 0])).toBeCloseTo(2 / 3);
    expect(topKAccuracy([1, 2], [[0, 1], [0, 1]], 2)).toBe(0.5);
    const folds = stratifiedFolds([0, 0, 0, 0, 0, 1, 1, 1, 1, 1], 5);
    expect(folds.map((f) => f.length)).toEqual([2, 2, 2, 2, 2]);
  });
});

describe("repeats", () => {
  it.each([
    [{ phone: "13812345678", address: null, words: ["a1", "b2"] }, { phone: "138 1234 5678", address: null, words: ["c3"] }, ["phone"]],
    [{ phone: null, address: "和平路 88 号", words: [] }, { phone: null, address: "和平路88号", words: [] }, ["address"]],
    [{ phone: null, address: null, words: ["工地", "噪音"] }, { phone: null, address: null, words: ["施工", "扰民"] }, ["text"]],
    [{ phone: null, address: null, words: ["停水"] }, { phone: null, address: null, words: ["路灯"] }, []],
  ])("%j ~ %j → %j", (a, b, reasons) => expect(repeatScore(a, b).reasons).toEqual(reasons));
  it("normalises addresses (spaces, punctuation, leading city and district)", () => {
    expect(normaliseAddress("A市 A1区，和平路８８号")).toBe(normaliseAddress("和平路88号"));
  });
  it.each([
    [1, { id: 1, status: "pending_dispatch" as const }, [], "MERGE_INTO_SELF"],
    [1, { id: 2, status: "closed" as const }, [], "REPEAT_TARGET_CLOSED"],
    [1, { id: 2, status: "signed" as const }, [3, 1], "MERGE_CYCLE"],
  ])("merge %i into %j (chain %j) → %s", (id, target, chain, code) => {
    expect(() => checkMerge(id, target, chain)).toThrow(DomainError);
    try {
      checkMerge(id, target, chain);
    } catch (e) {
      expect((e as DomainError).code).toBe(code);
    }
  });
});

describe("hot issues (fake clock)", () => {
  const day = (d: number) => new Date(Date.UTC(2025, 2, d, 2));
  const tk = (id: number, d: number, terms: string[], place: string | null, requester: string | null = `r${id}`): HotTicket => ({ id, at: day(d), terms: new Set(terms), place, requester, unitId: 7 });
  const current = [tk(1, 10, ["油烟", "饭店"], "青山镇"), tk(2, 11, ["油烟", "饭店", "楼下"], "青山镇"), tk(3, 12, ["油烟", "饭店"], "青山镇", "r1"), tk(4, 12, ["油烟", "饭店"], "白沙镇"), tk(5, 12, ["停水"], "青山镇")];
  const previous = [tk(9, 3, ["油烟", "饭店"], "青山镇")];
  it("clusters by place and issue, counts requesters, compares with the previous period", () => {
    const cs = hotClusters(current, previous, 2);
    expect(cs).toHaveLength(1);
    expect(cs[0]).toMatchObject({ place: "青山镇", ticketIds: [1, 2, 3], requesterCount: 2, previousCount: 1, unitIds: [7] });
    expect(cs[0]!.label).toContain("青山镇");
    expect(growthOf(cs[0]!)).toBe(2);
  });
  it.each([
    [{ growth: 0.5, minCount: 3 }, 1],
    [{ growth: 3, minCount: 3 }, 0],
    [{ growth: 0.5, minCount: 4 }, 0],
  ])("rising with %j → %i", (s, n) => expect(risingOf(hotClusters(current, previous, 2), s)).toHaveLength(n));
  it("the indexed clustering gives what comparing every ticket with every cluster of its place gives", () => {
    // The reference: the scan hotClusters did before its word index (issue 13's 1 M-ticket report).
    const reference = (cur: readonly HotTicket[], prev: readonly HotTicket[], minCount: number) => {
      type W = { place: string | null; freq: Map<string, number>; top: Set<string>; ids: number[]; previous: number };
      const top = (f: Map<string, number>, n: number) => [...f.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n).map(([w]) => w);
      const best = (cs: W[], t: HotTicket) => {
        let b: W | null = null;
        let score = 0.35;
        for (const c of cs) {
          if (c.place !== t.place) continue;
          const sim = textSimilarity(t.terms, c.top);
          if (sim >= score) [b, score] = [c, sim];
        }
        return b;
      };
      const cs: W[] = [];
      for (const t of [...cur].sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id)) {
        if (t.terms.size === 0) continue;
        let c = best(cs, t);
        if (!c) cs.push((c = { place: t.place, freq: new Map(), top: new Set(), ids: [], previous: 0 }));
        c.ids.push(t.id);
        for (const w of t.terms) c.freq.set(w, (c.freq.get(w) ?? 0) + 1);
        c.top = new Set(top(c.freq, 8));
      }
      const kept = cs.filter((c) => c.ids.length >= minCount);
      for (const t of prev) {
        const c = best(kept, t);
        if (c) c.previous++;
      }
      return kept.sort((a, b) => b.ids.length - a.ids.length || a.ids[0]! - b.ids[0]!).map((c) => ({ ids: c.ids, terms: top(c.freq, 3), previous: c.previous }));
    };
    let seed = 13;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const vocab = Array.from({ length: 300 }, (_, i) => `词${String.fromCharCode(0x4e00 + i * 7)}${i % 5}`);
    // six issues with their own words (short and long tickets: both match paths), plus words common to all
    const gen = (from: number, n: number, dayOf: number): HotTicket[] =>
      Array.from({ length: n }, (_, i) => {
        const base = rnd(6) * 40;
        const long = rnd(2) === 0;
        const own = Array.from({ length: long ? 8 + rnd(25) : 2 + rnd(6) }, () => vocab[base + rnd(long ? 30 : 10)]!);
        const noise = Array.from({ length: rnd(long ? 8 : 3) }, () => vocab[240 + rnd(long ? 60 : 8)]!);
        return tk(from + i, dayOf + (i % 7), [...new Set([...own, ...noise])], [null, "青山镇", "白沙镇"][rnd(3)]!);
      });
    for (const n of [40, 300, 1500]) {
      const cur = gen(1000, n, 10);
      const prev = gen(1, n, 3);
      const got = hotClusters(cur, prev, 2, 10_000).map((c) => ({ ids: c.ticketIds, terms: c.terms, previous: c.previousCount }));
      expect(got).toEqual(reference(cur, prev, 2));
      expect(got.length).toBeGreaterThan(3);
    }
  });
  it("finds the town an address names", () => {
    expect(placeOf("本市青山镇人民路 3 号", ["青山镇", "白沙镇"])).toBe("青山镇");
    expect(placeOf("城关街道和平小区", ["城关街道办事处"])).toBe("城关街道办事处");
    expect(placeOf(null, ["青山镇"])).toBeNull();
  });
});

describe("the SVM on word + character features", () => {
  const data: Array<[string[], string]> = [
    [["工地", "噪音", "夜间"], "noise"],
    [["广场舞", "噪音", "扰民"], "noise"],
    [["施工", "扰民", "夜间"], "noise"],
    [["停水", "自来水", "小区"], "water"],
    [["自来水", "发黄", "水质"], "water"],
    [["水管", "漏水", "自来水"], "water"],
    [["学校", "招生", "入学"], "school"],
    [["幼儿园", "收费", "学生"], "school"],
  ];
  const labels = ["noise", "school", "water"];
  const docs = data.map(([w]) => textFeatures(w, w.join("")));
  const y = Int32Array.from(data, ([, l]) => labels.indexOf(l));

  it.each([
    [{} as { negatives?: number }, "all classes"],
    [{ negatives: 1 }, "sampled negatives"],
  ])("%j (%s): clear cases rank first", (options: { negatives?: number }, _what: string) => {
    const model = runSync(trainSvmSteps(docs, y, labels, options));
    const rows = modelRows(model);
    for (const [w, expected] of [[["夜间", "施工", "噪音"], "noise"], [["小区", "停水"], "water"], [["小学", "招生"], "school"]] as const) {
      expect(topLabels(model, predictProba(model, rows, textFeatures(w, w.join(""))), 1)[0]!.label).toBe(expected);
    }
  });

  it("characters carry unseen words (噪声 shares 噪 with 噪音)", () => {
    const d = textFeatures([], "噪");
    expect([...d.keys()].every((b) => b >= TEXT_DIMENSION / 2)).toBe(true);
    expect(textFeatures(["噪音"], "噪音").size).toBe(1 + 3); // one word; 噪, 音, 噪音
  });

  it("normalises words and characters each to unit length; encodes split and scale", () => {
    const model = runSync(trainSvmSteps(docs, y, labels));
    const v = blockVector(docs[0]!, modelRows(model), model.idf, model.split!);
    let lo = 0;
    let hi = 0;
    v.idx.forEach((r, j) => (model.buckets[r]! < model.split! ? (lo += v.val[j]! ** 2) : (hi += v.val[j]! ** 2)));
    expect(lo).toBeCloseTo(1, 5);
    expect(hi).toBeCloseTo(1, 5);
    const back = decodeModel(encodeModel(model));
    expect([back.split, back.scale]).toEqual([model.split, model.scale]);
    expect([...predictProba(back, modelRows(back), docs[3]!)]).toEqual([...predictProba(model, modelRows(model), docs[3]!)]);
  });
});
