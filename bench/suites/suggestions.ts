import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { parseCsv } from "../../src/domain/suggestions/csv.js";
import { accuracy, macroF1, nearestCentroid, pairPrecisionRecall, stratifiedFolds } from "../../src/domain/suggestions/evaluate.js";
import { featureStrings } from "../../src/domain/suggestions/features.js";
import { bucketCounts, modelRows, predictProba, runSync, type BucketCounts } from "../../src/domain/suggestions/linear-model.js";
import { textFeatures, trainSvmSteps } from "../../src/domain/suggestions/svm.js";
import { probeTerms, repeatScore, textSimilarity } from "../../src/domain/suggestions/repeats.js";
import { words } from "../../src/text/segmenter.js";
import type { BenchRow } from "../lib/result.js";

/**
 * Issue 15's figures (docs/SUGGESTIONS.md): category macro-F1 and accuracy by 5-fold cross-validation on the
 * Teddy Cup sets (segmented and raw) beside a TF-IDF nearest-centroid baseline, dispatch top-1 on the weak
 * unit labels of attachment 4 (train ≤ 2018, test 2019–2020), repeat-candidate precision/recall on pairs
 * built from attachment 3, suggestion latency and training time at a measured size. Reads
 * ../shared/data/teddycup2020-c at bench time only; skips with a printed reason when it is absent.
 */

export interface SuggestionsOptions {
  quick: boolean;
  teddyDir: string;
  log: (line: string) => void;
  /** Skip the 5-fold CV on the segmented set (its slowest part; `--skip-cv`). */
  skipCv?: boolean;
  /** Training-time size (examples); default 20k quick, 100k full. */
  trainSize?: number;
}

const argmax = (p: Float64Array) => {
  let best = 0;
  for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
  return best;
};

function pct(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

/**
 * 5-fold CV of the model (SVM on word + character features) and of the baseline (TF-IDF nearest centroid on
 * word unigrams + bigrams) on the same folds: stratified, seeded (seed 1), so every run splits alike; each
 * fold's vocabulary, idf and weights come from its training part only.
 */
function crossValidate(docs: BucketCounts[], baseDocs: BucketCounts[], labels: string[], folds = 5) {
  const names = [...new Set(labels)].sort();
  const y = Int32Array.from(labels, (l) => names.indexOf(l));
  const model: number[] = new Array(y.length);
  const base: number[] = new Array(y.length);
  for (const f of stratifiedFolds(y, folds)) {
    const test = new Set(f);
    const trainIdx = [...y.keys()].filter((i) => !test.has(i));
    const ty = Int32Array.from(trainIdx, (i) => y[i]!);
    const m = runSync(trainSvmSteps(trainIdx.map((i) => docs[i]!), ty, names));
    const rows = modelRows(m);
    const nc = nearestCentroid(trainIdx.map((i) => baseDocs[i]!), ty, names.length);
    for (const i of f) {
      model[i] = argmax(predictProba(m, rows, docs[i]!));
      base[i] = nc.rank(baseDocs[i]!)[0]!;
    }
  }
  return { f1: macroF1(y, model, names.length), acc: accuracy(y, model), baseF1: macroF1(y, base, names.length), baseAcc: accuracy(y, base) };
}

/** Train on one set, test on another (the raw 346 after training on the segmented set); both models. */
function trainTest(train: BucketCounts[], trainBase: BucketCounts[], trainLabels: string[], test: BucketCounts[], testBase: BucketCounts[], testLabels: string[]) {
  const names = [...new Set(trainLabels)].sort();
  const y = Int32Array.from(trainLabels, (l) => names.indexOf(l));
  const truth = testLabels.map((l) => names.indexOf(l));
  const m = runSync(trainSvmSteps(train, y, names));
  const rows = modelRows(m);
  const nc = nearestCentroid(trainBase, y, names.length);
  const model = test.map((d) => argmax(predictProba(m, rows, d)));
  const base = testBase.map((d) => nc.rank(d)[0]!);
  return { f1: macroF1(truth, model, names.length), acc: accuracy(truth, model), baseF1: macroF1(truth, base, names.length), baseAcc: accuracy(truth, base) };
}

/** Characters only (no spaces, punctuation), NFKC, lower case: the form near-duplicates are compared in. */
const bare = (s: string) => s.normalize("NFKC").toLowerCase().replace(/[\s\p{P}\p{S}]/gu, "");

/**
 * Indices of `pool` texts that are near-duplicates of any `probe` text: at least half of the probe's distinct
 * character 4-grams found in one pool text (the segmented set holds the 346 raw messages too, stop words
 * removed, so they are dropped from training before testing on the 346).
 */
export function nearDuplicates(probes: readonly string[], pool: readonly string[], share = 0.5): Set<number> {
  const grams = (s: string) => {
    const cp = Array.from(bare(s));
    const out = new Set<string>();
    for (let i = 0; i + 4 <= cp.length; i++) out.add(cp.slice(i, i + 4).join(""));
    return out;
  };
  const index = new Map<string, number[]>();
  pool.forEach((t, i) => {
    for (const g of grams(t)) {
      const l = index.get(g);
      if (l) l.push(i);
      else index.set(g, [i]);
    }
  });
  const out = new Set<number>();
  for (const p of probes) {
    const gs = grams(p);
    if (gs.size === 0) continue;
    const hits = new Map<number, number>();
    for (const g of gs) for (const i of index.get(g) ?? []) hits.set(i, (hits.get(i) ?? 0) + 1);
    for (const [i, h] of hits) if (h / gs.size >= share) out.add(i);
  }
  return out;
}

async function sheet(path: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.worksheets[0]!;
  const out: string[][] = [];
  ws.eachRow((row) => {
    const v = (row.values as unknown[]).slice(1).map((c) => (c instanceof Date ? c.toISOString() : c && typeof c === "object" && "text" in c ? String((c as { text: unknown }).text) : String(c ?? "")));
    out.push(v);
  });
  return out;
}

/** 留言时间: "2019/4/25 9:32:09", an ISO string, or an Excel serial day. */
function yearOf(v: string): number {
  if (/^\d+(\.\d+)?$/.test(v)) return new Date(Date.UTC(1899, 11, 30) + Number(v) * 86_400_000).getUTCFullYear();
  const m = /^(\d{4})/.exec(v);
  return m ? Number(m[1]) : 0;
}

/** The handling unit a reply names (the old weak label, kept for comparison): the first 局 / 街道 / 政府 … match. */
export function unitNamedIn(reply: string): string | null {
  const m = /([\u4e00-\u9fa5A-Z0-9]{2,12}?(?:街道办事处|管理委员会|委员会|管委会|局|街道|政府|中心|公司))/u.exec(reply.replace(/\s/g, ""));
  return m ? m[1]! : null;
}

/** Short and long names of one unit kind → one name (城管局 = 城市管理和行政执法局, 住建局 = 住房和城乡建设局, …). */
const UNIT_SYNONYMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/(城市管理和行政执法局|城市管理局|城管执法局|行政执法局|城管局)$/u, "城管局"],
  [/(交通运输局|交通局)$/u, "交通运输局"],
  [/(住房和城乡建设局|住房城乡建设局|住建局|规建局)$/u, "住建局"],
  [/(城乡规划局|规划局|规划分局)$/u, "规划局"],
  [/(人力资源和社会保障局|人社局|社保局)$/u, "人社局"],
  [/(环境保护局|环保局|生态环境局)$/u, "环保局"],
  [/(国土资源局|国土局|自然资源局|自然资源和规划局)$/u, "国土局"],
  [/(街道办事处|街道)$/u, "街道"],
];

/**
 * The unit a reply is written for (weak label, issue 15): the government units the reply names with their
 * area (A市…, A3区…, A7县…; companies, 网友 and 留言 left out), short and long names of a kind made one,
 * the one named most often (ties: the first); a reply naming no unit but an area (已交B6县有关部门) gives
 * that area's `…有关部门`. Null when the reply names neither (many replies say 我局 only).
 */
export function mainUnitNamedIn(reply: string): string | null {
  const re = /((?:[A-Z]市|[A-Z]\d{1,2}[区县市])[\u4e00-\u9fa5A-Za-z0-9]{1,14}?(?:街道办事处|管理委员会|委员会|管委会|局|街道|政府|党委|中心|办公室|大队|支队|分局))/gu;
  const seen = new Map<string, { n: number; first: number }>();
  let at = 0;
  for (const m of reply.replace(/\s/g, "").matchAll(re)) {
    let u = m[1]!;
    if (/公司|网友|留言/u.test(u)) continue;
    for (const [pattern, name] of UNIT_SYNONYMS) if (pattern.test(u)) u = u.replace(pattern, name);
    u = u.replace(/人民政府$/u, "政府");
    const s = seen.get(u) ?? { n: 0, first: at++ };
    s.n++;
    seen.set(u, s);
  }
  if (seen.size === 0) {
    // No unit named: the area the reply is written from (已交B6县有关部门…), the territorial level of dispatch.
    const area = /([A-Z]\d{1,2}[区县市])/u.exec(reply);
    return area ? `${area[1]}有关部门` : null;
  }
  let best: string | null = null;
  for (const [u, s] of seen) if (!best || s.n > seen.get(best)!.n || (s.n === seen.get(best)!.n && s.first < seen.get(best)!.first)) best = u;
  return best;
}

export async function suggestionsSuite(o: SuggestionsOptions, rows: BenchRow[]): Promise<void> {
  const dir = o.teddyDir;
  if (!existsSync(join(dir, "attachment2-full-segmented-dev.csv"))) {
    o.log(`suggestions: skipped, ${dir} is absent (the Teddy Cup files are read at bench time only)`);
    return;
  }
  const push = (r: Omit<BenchRow, "engine">) => {
    rows.push({ engine: "pglite", ...r });
    o.log(`  ${r.bench} (${r.scale}): ${r.value.toFixed(4)} ${r.unit}${r.baseline !== undefined ? ` · baseline ${r.baseline.toFixed(4)}` : ""}${r.goal ? ` · goal ${r.goal}` : ""}`);
  };

  // 1. Segmented full set, 5-fold CV (quick: the first 2,000 rows). The set's own segmentation; the character
  //    n-grams come from its words joined (the raw text less its stop words).
  const csv = parseCsv(readFileSync(join(dir, "attachment2-full-segmented-dev.csv"), "utf8")).slice(1).filter((r) => r.length >= 2 && r[1]);
  const seg = o.quick ? csv.slice(0, 2000) : csv;
  const segWords = seg.map((r) => r[0]!.split(/\s+/).filter(Boolean));
  const segDocs = segWords.map((w) => textFeatures(w, w.join("")));
  const segBase = segWords.map((w) => bucketCounts(featureStrings(w)));
  const segLabels = seg.map((r) => r[1]!.trim());
  let t0 = Date.now();
  const cv = o.skipCv ? null : crossValidate(segDocs, segBase, segLabels);
  if (cv) push({ bench: "category macro-F1, 5-fold CV, segmented", scale: `${seg.length} messages`, unit: "F1", value: cv.f1, baseline: cv.baseF1, ratio: cv.f1 / cv.baseF1, goal: "≥ 0.93", met: cv.f1 >= 0.93, detail: { protocol: "stratified 5-fold CV, seed 1; SVM on word 1–2-grams + char 1–3-grams vs TF-IDF nearest centroid on word 1–2-grams", accuracy: cv.acc, baselineAccuracy: cv.baseAcc, seconds: (Date.now() - t0) / 1000 } });
  if (cv) push({ bench: "category accuracy, 5-fold CV, segmented", scale: `${seg.length} messages`, unit: "acc", value: cv.acc, baseline: cv.baseAcc, ratio: cv.acc / cv.baseAcc });

  // 2. The 346 raw messages (title + detail), segmented by Huying's own segmenter: (a) trained on the
  //    segmented set less its near-duplicates of the 346, tested on the 346; (b) 5-fold CV on the 346 alone.
  const raw = (await sheet(join(dir, "attachment2-sample-labelled-train.xlsx"))).slice(1).filter((r) => r[5]);
  const rawTexts = raw.map((r) => `${r[2]} ${r[4]}`);
  const rawWords = rawTexts.map((t) => words(t));
  const rawDocs = rawWords.map((w, i) => textFeatures(w, rawTexts[i]!));
  const rawBase = rawWords.map((w) => bucketCounts(featureStrings(w)));
  const rawLabels = raw.map((r) => r[5]!.trim());
  if (!o.quick) {
    t0 = Date.now();
    const dup = nearDuplicates(rawTexts, csv.map((r) => r[0]!.replace(/\s+/g, "")));
    const keep = [...csv.keys()].filter((i) => !dup.has(i));
    const allWords = csv.map((r) => r[0]!.split(/\s+/).filter(Boolean));
    const tt = trainTest(
      keep.map((i) => textFeatures(allWords[i]!, allWords[i]!.join(""))),
      keep.map((i) => bucketCounts(featureStrings(allWords[i]!))),
      keep.map((i) => csv[i]![1]!.trim()),
      rawDocs,
      rawBase,
      rawLabels,
    );
    push({ bench: "category macro-F1, raw text, trained on the segmented set", scale: `${raw.length} messages (train ${keep.length}, ${dup.size} near-duplicates of them dropped)`, unit: "F1", value: tt.f1, baseline: tt.baseF1, ratio: tt.f1 / tt.baseF1, goal: "≥ 0.85", met: tt.f1 >= 0.85, detail: { protocol: "train on attachment2-full-segmented-dev.csv minus near-duplicates of the 346 (≥ 50 % shared char 4-grams); test on the 346 raw title + detail segmented by our jieba", accuracy: tt.acc, baselineAccuracy: tt.baseAcc, seconds: (Date.now() - t0) / 1000 } });
  }
  t0 = Date.now();
  const rawCv = crossValidate(rawDocs, rawBase, rawLabels);
  push({ bench: "category macro-F1, 5-fold CV, raw text", scale: `${raw.length} messages`, unit: "F1", value: rawCv.f1, baseline: rawCv.baseF1, ratio: rawCv.f1 / rawCv.baseF1, goal: "≥ 0.85", met: rawCv.f1 >= 0.85, detail: { protocol: "stratified 5-fold CV on the 346 alone, seed 1", accuracy: rawCv.acc, baselineAccuracy: rawCv.baseAcc, seconds: (Date.now() - t0) / 1000 } });

  // 3. Dispatch on weak labels (attachment 4): the unit a reply names (mined, see unitsNamedIn), train on
  //    messages up to 2018, test on 2019–2020, units with ≥ 3 labelled messages.
  const replies = (await sheet(join(dir, "attachment4-replies-full.xlsx"))).slice(1);
  const labelled = replies.map((r) => ({ year: yearOf(r[3] ?? ""), text: `${r[2]} ${r[4]}`, unit: mainUnitNamedIn(r[5] ?? "") })).filter((r) => r.unit && r.year > 2000);
  const counts = new Map<string, number>();
  for (const r of labelled) counts.set(r.unit!, (counts.get(r.unit!) ?? 0) + 1);
  const usable = labelled.filter((r) => (counts.get(r.unit!) ?? 0) >= 3);
  const train = usable.filter((r) => r.year <= 2018);
  const test = usable.filter((r) => r.year >= 2019 && train.some((x) => x.unit === r.unit));
  if (train.length > 0 && test.length > 0) {
    const names = [...new Set(train.map((r) => r.unit!))].sort();
    const feats = (t: string) => {
      const w = words(t);
      return { doc: textFeatures(w, t), base: bucketCounts(featureStrings(w)) };
    };
    const tr = train.map((r) => feats(r.text));
    const y = Int32Array.from(train, (r) => names.indexOf(r.unit!));
    const m = runSync(trainSvmSteps(tr.map((f) => f.doc), y, names));
    const mr = modelRows(m);
    const nc = nearestCentroid(tr.map((f) => f.base), y, names.length);
    let ok = 0;
    let okBase = 0;
    for (const r of test) {
      const f = feats(r.text);
      const truth = names.indexOf(r.unit!);
      if (argmax(predictProba(m, mr, f.doc)) === truth) ok++;
      if (nc.rank(f.base)[0] === truth) okBase++;
    }
    push({ bench: "dispatch top-1, attachment-4 weak labels", scale: `${train.length} train ≤ 2018, ${test.length} test 2019–20, ${names.length} units`, unit: "acc", value: ok / test.length, baseline: okBase / test.length, ratio: okBase > 0 ? ok / okBase : undefined, detail: { labelled: labelled.length, of: replies.length } });
  }

  // 4. Repeat candidates on attachment 3: pairs of different users whose titles are the same once
  //    normalised are "the same issue"; the scorer sees the details only (not the titles).
  const hot = (await sheet(join(dir, "attachment3-hot-issues-full.xlsx"))).slice(1).slice(0, o.quick ? 1500 : 4326);
  const norm = (s: string) => s.normalize("NFKC").replace(/[\s\p{P}\p{S}]/gu, "");
  const items = hot.map((r, i) => ({ i, user: r[1] ?? "", title: norm(r[2] ?? ""), words: words((r[4] ?? "").slice(0, 2000)) }));
  const truth = new Set<string>();
  const byTitle = new Map<string, number[]>();
  for (const it of items) if (it.title.length >= 6) byTitle.set(it.title, [...(byTitle.get(it.title) ?? []), it.i]);
  for (const group of byTitle.values()) for (const a of group) for (const b of group) if (a < b && items[a]!.user !== items[b]!.user) truth.add(`${a}:${b}`);
  const predicted = new Set<string>();
  const probes = items.map((it) => ({ ...it, terms: new Set(probeTerms(it.words, 40)) }));
  t0 = Date.now();
  for (let a = 0; a < probes.length; a++) {
    for (let b = a + 1; b < probes.length; b++) {
      if (probes[a]!.user === probes[b]!.user) continue;
      if (textSimilarity(probes[a]!.terms, probes[b]!.terms) < 0.3) continue;
      const s = repeatScore({ phone: null, address: null, words: probes[a]!.words }, { phone: null, address: null, words: [...probes[b]!.terms] });
      if (s.reasons.includes("text") && s.score >= 0.36) predicted.add(`${a}:${b}`);
    }
  }
  const pr = pairPrecisionRecall(predicted, truth);
  push({ bench: "repeat candidates precision, attachment 3", scale: `${items.length} messages, ${truth.size} true pairs`, unit: "P", value: pr.precision, detail: { recall: pr.recall, predicted: predicted.size, seconds: (Date.now() - t0) / 1000 } });
  push({ bench: "repeat candidates recall, attachment 3", scale: `${items.length} messages, ${truth.size} true pairs`, unit: "R", value: pr.recall });

  // 5. Training time and suggestion latency at a measured size (the segmented set repeated with noise
  //    words so the vocabulary grows like a city's), extrapolated linearly to 1 M in the detail.
  const n = o.trainSize ?? (o.quick ? 20_000 : 100_000);
  const base = csv.map((r) => r[0]!.split(/\s+/).filter(Boolean));
  const labels = [...new Set(csv.map((r) => r[1]!.trim()))].sort();
  const y = Int32Array.from({ length: n }, (_, i) => labels.indexOf(csv[i % csv.length]![1]!.trim()));
  t0 = Date.now();
  const big = Array.from({ length: n }, (_, i) => {
    const w = [...base[i % base.length]!.slice(0, 60), `街${i % 5000}`, `号${i % 997}`];
    return textFeatures(w, w.join(""));
  });
  const featMs = Date.now() - t0;
  t0 = Date.now();
  const model = runSync(trainSvmSteps(big, y, labels));
  const trainMs = Date.now() - t0;
  push({ bench: "training time (features + SVM, 8 passes)", scale: `${n.toLocaleString("en")} tickets`, unit: "s", value: (featMs + trainMs) / 1000, goal: "≤ 600 s at 1 M", detail: { featuresSeconds: featMs / 1000, sgdSeconds: trainMs / 1000, extrapolatedTo1MSeconds: ((featMs + trainMs) / 1000) * (1_000_000 / n) } });
  const mr = modelRows(model);
  const texts = raw.slice(0, 200).map((r) => `${r[2]} ${r[4]}`);
  const lat: number[] = [];
  const latBase: number[] = [];
  for (const text of texts.slice(0, 20)) predictProba(model, mr, textFeatures(words(text), text)); // warm-up (the segmenter loads its dictionary once)
  const nc = nearestCentroid(base.slice(0, Math.min(n, 20_000)).map((w) => bucketCounts(featureStrings(w))), y.slice(0, Math.min(n, 20_000)), labels.length);
  for (let i = 0; i < 400; i++) {
    const text = texts[i % texts.length]!;
    let s = performance.now();
    const w = words(text);
    predictProba(model, mr, textFeatures(w, text));
    lat.push(performance.now() - s);
    s = performance.now();
    nc.rank(bucketCounts(featureStrings(words(text))));
    latBase.push(performance.now() - s);
  }
  push({ bench: "suggestion p99 (segment + predict)", scale: `model of ${n.toLocaleString("en")} tickets`, unit: "ms", value: pct(lat, 0.99), baseline: pct(latBase, 0.99), ratio: pct(latBase, 0.99) / pct(lat, 0.99), goal: "≤ 50 ms", met: pct(lat, 0.99) <= 50 });
}
