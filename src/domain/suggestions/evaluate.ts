import type { BucketCounts } from "./linear-model.js";
import { rowVector, shuffled } from "./linear-model.js";

/** Evaluation of a classifier (issue 15): macro-F1, accuracy, top-k accuracy, k-fold splits, a baseline. Pure. */

export function macroF1(truth: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number {
  const tp = new Float64Array(classes);
  const fp = new Float64Array(classes);
  const fn = new Float64Array(classes);
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i]!;
    const p = predicted[i]!;
    if (t === p) tp[t]! += 1;
    else {
      fp[p]! += 1;
      fn[t]! += 1;
    }
  }
  let sum = 0;
  let present = 0;
  for (let k = 0; k < classes; k++) {
    if (tp[k]! + fn[k]! === 0) continue; // a class absent from the truth is not scored
    present++;
    const denom = 2 * tp[k]! + fp[k]! + fn[k]!;
    sum += denom === 0 ? 0 : (2 * tp[k]!) / denom;
  }
  return present === 0 ? 0 : sum / present;
}

export function accuracy(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  if (truth.length === 0) return 0;
  let ok = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) ok++;
  return ok / truth.length;
}

/** Share of examples whose true class is among the `k` best of its ranking (`ranked[i]` best first). */
export function topKAccuracy(truth: ArrayLike<number>, ranked: ReadonlyArray<ArrayLike<number>>, k: number): number {
  if (truth.length === 0) return 0;
  let ok = 0;
  for (let i = 0; i < truth.length; i++) {
    const r = ranked[i]!;
    for (let j = 0; j < Math.min(k, r.length); j++) {
      if (r[j] === truth[i]) {
        ok++;
        break;
      }
    }
  }
  return ok / truth.length;
}

/** Indices of each of `k` folds, stratified by class (each fold gets its share of every class). */
export function stratifiedFolds(y: ArrayLike<number>, k: number, seed = 1): number[][] {
  const folds: number[][] = Array.from({ length: k }, () => []);
  const byClass = new Map<number, number[]>();
  const order = shuffled(y.length, seed);
  for (const i of order) {
    const list = byClass.get(y[i]!) ?? [];
    list.push(i);
    byClass.set(y[i]!, list);
  }
  let next = 0;
  for (const list of byClass.values()) for (const i of list) folds[next++ % k]!.push(i);
  return folds;
}

/** The plain baseline: TF-IDF + nearest centroid (cosine), on the same bucketed documents. */
export function nearestCentroid(train: readonly BucketCounts[], y: ArrayLike<number>, classes: number) {
  const df = new Map<number, number>();
  for (const d of train) for (const b of d.keys()) df.set(b, (df.get(b) ?? 0) + 1);
  const rows = new Map<number, number>();
  const idfList: number[] = [];
  for (const [b, n] of df) {
    rows.set(b, idfList.length);
    idfList.push(Math.log((train.length + 1) / (n + 1)) + 1);
  }
  const idf = Float32Array.from(idfList);
  const centroids = Array.from({ length: classes }, () => new Map<number, number>());
  train.forEach((d, i) => {
    const v = rowVector(d, rows, idf);
    const c = centroids[y[i]!]!;
    for (let j = 0; j < v.idx.length; j++) c.set(v.idx[j]!, (c.get(v.idx[j]!) ?? 0) + v.val[j]!);
  });
  const norms = centroids.map((c) => Math.sqrt([...c.values()].reduce((s, v) => s + v * v, 0)) || 1);
  return {
    rank(doc: BucketCounts): number[] {
      const v = rowVector(doc, rows, idf);
      const scores = centroids.map((c, k) => {
        let s = 0;
        for (let j = 0; j < v.idx.length; j++) s += (c.get(v.idx[j]!) ?? 0) * v.val[j]!;
        return { k, s: s / norms[k]! };
      });
      return scores.sort((a, b) => b.s - a.s || a.k - b.k).map((x) => x.k);
    },
  };
}

/** Precision and recall of predicted pairs against true pairs (repeat candidates). */
export function pairPrecisionRecall(predicted: ReadonlySet<string>, truth: ReadonlySet<string>): { precision: number; recall: number } {
  let tp = 0;
  for (const p of predicted) if (truth.has(p)) tp++;
  return { precision: predicted.size === 0 ? 0 : tp / predicted.size, recall: truth.size === 0 ? 0 : tp / truth.size };
}
