import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { parseCsv } from "../../src/domain/suggestions/csv.js";
import { accuracy, macroF1, nearestCentroid, pairPrecisionRecall, stratifiedFolds } from "../../src/domain/suggestions/evaluate.js";
import { featureStrings } from "../../src/domain/suggestions/features.js";
import { bucketCounts, modelRows, predictProba, runSync, trainSteps, type BucketCounts } from "../../src/domain/suggestions/linear-model.js";
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

/** 5-fold CV of the model and of the baseline on the same folds. */
function crossValidate(docs: BucketCounts[], labels: string[], folds = 5) {
  const names = [...new Set(labels)].sort();
  const y = Int32Array.from(labels, (l) => names.indexOf(l));
  const model: number[] = new Array(y.length);
  const base: number[] = new Array(y.length);
  for (const f of stratifiedFolds(y, folds)) {
    const test = new Set(f);
    const tr = docs.filter((_, i) => !test.has(i));
    const ty = y.filter((_, i) => !test.has(i));
    const m = runSync(trainSteps(tr, ty, names));
    const rows = modelRows(m);
    const nc = nearestCentroid(tr, ty, names.length);
    for (const i of f) {
      model[i] = argmax(predictProba(m, rows, docs[i]!));
      base[i] = nc.rank(docs[i]!)[0]!;
    }
  }
  return { f1: macroF1(y, model, names.length), acc: accuracy(y, model), baseF1: macroF1(y, base, names.length), baseAcc: accuracy(y, base) };
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

/** The handling unit a reply names (weak label): the first 局 / 街道办事处 / 政府 / 委员会 … in the reply. */
export function unitNamedIn(reply: string): string | null {
  const m = /([\u4e00-\u9fa5A-Z0-9]{2,12}?(?:街道办事处|管理委员会|委员会|管委会|局|街道|政府|中心|公司))/u.exec(reply.replace(/\s/g, ""));
  return m ? m[1]! : null;
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

  // 1. Segmented full set, 5-fold CV (quick: the first 2,000 rows).
  const csv = parseCsv(readFileSync(join(dir, "attachment2-full-segmented-dev.csv"), "utf8")).slice(1).filter((r) => r.length >= 2 && r[1]);
  const seg = o.quick ? csv.slice(0, 2000) : csv;
  let t0 = Date.now();
  const cv = crossValidate(seg.map((r) => bucketCounts(featureStrings(r[0]!.split(/\s+/).filter(Boolean)))), seg.map((r) => r[1]!.trim()));
  push({ bench: "category macro-F1, 5-fold CV, segmented", scale: `${seg.length} messages`, unit: "F1", value: cv.f1, baseline: cv.baseF1, ratio: cv.f1 / cv.baseF1, goal: "≥ 0.93", met: cv.f1 >= 0.93, detail: { accuracy: cv.acc, baselineAccuracy: cv.baseAcc, seconds: (Date.now() - t0) / 1000 } });
  push({ bench: "category accuracy, 5-fold CV, segmented", scale: `${seg.length} messages`, unit: "acc", value: cv.acc, baseline: cv.baseAcc, ratio: cv.acc / cv.baseAcc });

  // 2. The 346 raw messages (title + detail), segmented by Huying's own segmenter.
  const raw = (await sheet(join(dir, "attachment2-sample-labelled-train.xlsx"))).slice(1).filter((r) => r[5]);
  t0 = Date.now();
  const rawCv = crossValidate(raw.map((r) => bucketCounts(featureStrings(words(`${r[2]} ${r[4]}`)))), raw.map((r) => r[5]!.trim()));
  push({ bench: "category macro-F1, 5-fold CV, raw text", scale: `${raw.length} messages`, unit: "F1", value: rawCv.f1, baseline: rawCv.baseF1, ratio: rawCv.f1 / rawCv.baseF1, goal: "≥ 0.85", met: rawCv.f1 >= 0.85, detail: { accuracy: rawCv.acc, baselineAccuracy: rawCv.baseAcc, seconds: (Date.now() - t0) / 1000 } });

  // 3. Dispatch on weak labels (attachment 4): train on messages up to 2018, test on 2019–2020.
  const replies = (await sheet(join(dir, "attachment4-replies-full.xlsx"))).slice(1);
  const labelled = replies.map((r) => ({ year: yearOf(r[3] ?? ""), text: `${r[2]} ${r[4]}`, unit: unitNamedIn(r[5] ?? "") })).filter((r) => r.unit && r.year > 2000);
  const counts = new Map<string, number>();
  for (const r of labelled) counts.set(r.unit!, (counts.get(r.unit!) ?? 0) + 1);
  const usable = labelled.filter((r) => (counts.get(r.unit!) ?? 0) >= 3);
  const train = usable.filter((r) => r.year <= 2018);
  const test = usable.filter((r) => r.year >= 2019 && train.some((x) => x.unit === r.unit));
  if (train.length > 0 && test.length > 0) {
    const names = [...new Set(train.map((r) => r.unit!))].sort();
    const docs = train.map((r) => bucketCounts(featureStrings(words(r.text))));
    const y = Int32Array.from(train, (r) => names.indexOf(r.unit!));
    const m = runSync(trainSteps(docs, y, names));
    const mr = modelRows(m);
    const nc = nearestCentroid(docs, y, names.length);
    let ok = 0;
    let okBase = 0;
    for (const r of test) {
      const d = bucketCounts(featureStrings(words(r.text)));
      const truth = names.indexOf(r.unit!);
      if (argmax(predictProba(m, mr, d)) === truth) ok++;
      if (nc.rank(d)[0] === truth) okBase++;
    }
    push({ bench: "dispatch top-1, attachment-4 weak labels", scale: `${train.length} train ≤ 2018, ${test.length} test 2019–20, ${names.length} units`, unit: "acc", value: ok / test.length, baseline: okBase / test.length, ratio: okBase > 0 ? ok / okBase : undefined });
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
  const big = Array.from({ length: n }, (_, i) => bucketCounts(featureStrings([...base[i % base.length]!.slice(0, 60), `街${i % 5000}`, `号${i % 997}`])));
  const featMs = Date.now() - t0;
  t0 = Date.now();
  const model = runSync(trainSteps(big, y, labels));
  const trainMs = Date.now() - t0;
  push({ bench: "training time (features + SGD, 10 epochs)", scale: `${n.toLocaleString("en")} tickets`, unit: "s", value: (featMs + trainMs) / 1000, goal: "≤ 600 s at 1 M", detail: { featuresSeconds: featMs / 1000, sgdSeconds: trainMs / 1000, extrapolatedTo1MSeconds: ((featMs + trainMs) / 1000) * (1_000_000 / n) } });
  const mr = modelRows(model);
  const texts = raw.slice(0, 200).map((r) => `${r[2]} ${r[4]}`);
  const lat: number[] = [];
  const latBase: number[] = [];
  for (const text of texts.slice(0, 20)) predictProba(model, mr, bucketCounts(featureStrings(words(text)))); // warm-up (the segmenter loads its dictionary once)
  const nc = nearestCentroid(big.slice(0, Math.min(n, 20_000)), y.slice(0, Math.min(n, 20_000)), labels.length);
  for (let i = 0; i < 400; i++) {
    const text = texts[i % texts.length]!;
    let s = performance.now();
    predictProba(model, mr, bucketCounts(featureStrings(words(text))));
    lat.push(performance.now() - s);
    s = performance.now();
    nc.rank(bucketCounts(featureStrings(words(text))));
    latBase.push(performance.now() - s);
  }
  push({ bench: "suggestion p99 (segment + predict)", scale: `model of ${n.toLocaleString("en")} tickets`, unit: "ms", value: pct(lat, 0.99), baseline: pct(latBase, 0.99), ratio: pct(latBase, 0.99) / pct(lat, 0.99), goal: "≤ 50 ms", met: pct(lat, 0.99) <= 50 });
}
