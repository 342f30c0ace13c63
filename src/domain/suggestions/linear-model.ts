import { DEFAULT_DIMENSION, hash32, type SparseVector } from "./features.js";

/**
 * The suggestion model (issue 15, docs/SUGGESTIONS.md): multinomial logistic regression on hashed
 * TF-IDF unigram + bigram features, trained by averaged SGD. Pure and deterministic (seeded shuffle), no
 * I/O: training is a generator that yields every few thousand examples so the caller can give the event
 * loop back (requests keep being served while a model trains in the same process).
 */

export interface LinearModel {
  /** Class labels (category or unit ids as strings, or a data set's label names). */
  labels: string[];
  dimension: number;
  /** Kept hash buckets, sorted; row r of `weights` belongs to `buckets[r]`. */
  buckets: Int32Array;
  /** Per kept bucket: its idf. */
  idf: Float32Array;
  /** buckets.length × labels.length, row-major. */
  weights: Float32Array;
  bias: Float32Array;
  /** Buckets from `split` on form a second block, L2-normalised on its own (the SVM's characters); 0/absent = one block. */
  split?: number;
  /** Softmax scale of the scores (default 1). */
  scale?: number;
}

export interface TrainOptions {
  epochs?: number;
  /** Initial learning rate (decays as 1 / (1 + t / decay)). */
  learningRate?: number;
  /** Buckets seen in fewer documents are dropped. */
  minDf?: number;
  /** Weight of a class's examples ∝ (1 / frequency)^balance: 0 = none, 1 = fully balanced. */
  balance?: number;
  seed?: number;
  dimension?: number;
  /** Yield every this many SGD steps (the generator's unit of work). */
  yieldEvery?: number;
}

/** A document before vectorising: hashed bucket → term count. */
export type BucketCounts = Map<number, number>;

export function bucketCounts(features: readonly string[], dimension = DEFAULT_DIMENSION): BucketCounts {
  const m: BucketCounts = new Map();
  for (const f of features) {
    const b = hash32(f) % dimension;
    m.set(b, (m.get(b) ?? 0) + 1);
  }
  return m;
}

/** A seeded PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled(n: number, seed: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const r = rng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

interface Vocabulary {
  rows: Map<number, number>;
  buckets: Int32Array;
  idf: Float32Array;
}

/** The kept buckets (document frequency ≥ minDf, sorted), their row numbers and their smoothed idf. */
export function vocabulary(docs: readonly BucketCounts[], minDf: number): Vocabulary {
  const df = new Map<number, number>();
  for (const d of docs) for (const b of d.keys()) df.set(b, (df.get(b) ?? 0) + 1);
  const kept = [...df.entries()].filter(([, n]) => n >= minDf).map(([b]) => b).sort((a, b) => a - b);
  const rows = new Map<number, number>();
  const idf = new Float32Array(kept.length);
  const n = docs.length;
  kept.forEach((b, r) => {
    rows.set(b, r);
    idf[r] = Math.log((n + 1) / (df.get(b)! + 1)) + 1;
  });
  return { rows, buckets: Int32Array.from(kept), idf };
}

/** A document as TF-IDF over the vocabulary's rows, L2-normalised (rows, not buckets). */
export function rowVector(doc: BucketCounts, rows: ReadonlyMap<number, number>, idf: Float32Array): SparseVector {
  const idx: number[] = [];
  const val: number[] = [];
  let norm = 0;
  for (const [b, tf] of doc) {
    const r = rows.get(b);
    if (r === undefined) continue;
    const v = (1 + Math.log(tf)) * idf[r]!;
    idx.push(r);
    val.push(v);
    norm += v * v;
  }
  norm = Math.sqrt(norm) || 1;
  return { idx: Int32Array.from(idx), val: Float32Array.from(val, (v) => v / norm) };
}

/** One document as TF-IDF rows, each block (buckets below / from `split`) L2-normalised on its own. */
export function blockVector(doc: BucketCounts, rows: ReadonlyMap<number, number>, idf: Float32Array, split: number): { idx: Int32Array; val: Float32Array } {
  const idx: number[] = [];
  const val: number[] = [];
  let lo = 0;
  let hi = 0;
  for (const [b, tf] of doc) {
    const r = rows.get(b);
    if (r === undefined) continue;
    const v = (1 + Math.log(tf)) * idf[r]!;
    idx.push(r);
    val.push(b < split ? v : -v); // sign marks the block until normalised
    if (b < split) lo += v * v;
    else hi += v * v;
  }
  const nl = Math.sqrt(lo) || 1;
  const nh = Math.sqrt(hi) || 1;
  return { idx: Int32Array.from(idx), val: Float32Array.from(val, (v) => (v >= 0 ? v / nl : -v / nh)) };
}

/**
 * Trains the model. `docs[i]` has label index `y[i]` (0 ≤ y < labels.length). A generator: drive it with
 * `runSync` or the service's async driver; its return value is the model.
 */
export function* trainSteps(docs: readonly BucketCounts[], y: ArrayLike<number>, labels: readonly string[], options: TrainOptions = {}): Generator<number, LinearModel, void> {
  const K = labels.length;
  const epochs = options.epochs ?? 10;
  const lr0 = options.learningRate ?? 20;
  const dimension = options.dimension ?? DEFAULT_DIMENSION;
  const every = options.yieldEvery ?? 5000;
  const vocab = vocabulary(docs, options.minDf ?? 1);
  const vectors = docs.map((d) => rowVector(d, vocab.rows, vocab.idf));
  yield 0;
  const R = vocab.buckets.length;
  const W = new Float32Array(R * K);
  const U = new Float32Array(R * K);
  const b = new Float64Array(K);
  const bu = new Float64Array(K);
  const freq = new Float64Array(K);
  for (let i = 0; i < y.length; i++) freq[y[i]!]! += 1;
  const balance = options.balance ?? 0.5;
  const classWeight = Float64Array.from(freq, (f) => (f > 0 ? Math.pow(y.length / (K * f), balance) : 0));
  const p = new Float64Array(K);
  const n = vectors.length;
  const decay = Math.max(1, n);
  let c = 1;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = shuffled(n, (options.seed ?? 1) * 7919 + epoch);
    for (let s = 0; s < n; s++) {
      const i = order[s]!;
      const x = vectors[i]!;
      const yi = y[i]!;
      let max = -Infinity;
      for (let k = 0; k < K; k++) {
        let z = b[k]!;
        for (let j = 0; j < x.idx.length; j++) z += x.val[j]! * W[x.idx[j]! * K + k]!;
        p[k] = z;
        if (z > max) max = z;
      }
      let sum = 0;
      for (let k = 0; k < K; k++) {
        p[k] = Math.exp(p[k]! - max);
        sum += p[k]!;
      }
      const lr = (lr0 / (1 + c / decay)) * classWeight[yi]!;
      for (let k = 0; k < K; k++) {
        const g = p[k]! / sum - (k === yi ? 1 : 0);
        if (Math.abs(g) < 1e-6) continue;
        const step = -lr * g;
        b[k]! += step;
        bu[k]! += c * step;
        for (let j = 0; j < x.idx.length; j++) {
          const at = x.idx[j]! * K + k;
          const d = step * x.val[j]!;
          W[at]! += d;
          U[at]! += c * d;
        }
      }
      c++;
      if (c % every === 0) yield c;
    }
  }
  // Averaged SGD: the mean of the iterates, W − U / c.
  for (let i = 0; i < W.length; i++) W[i] = W[i]! - U[i]! / c;
  const bias = Float32Array.from(b, (v, k) => v - bu[k]! / c);
  return { labels: [...labels], dimension, buckets: vocab.buckets, idf: vocab.idf, weights: W, bias };
}

/** Runs a generator to its end (scripts, tests, the bench). */
export function runSync<T>(g: Generator<unknown, T, void>): T {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
  }
}

/** Row lookup of a model, built once per loaded model. */
export function modelRows(model: LinearModel): Map<number, number> {
  const rows = new Map<number, number>();
  for (let r = 0; r < model.buckets.length; r++) rows.set(model.buckets[r]!, r);
  return rows;
}

/** Class probabilities (softmax of the linear scores) for one document. */
export function predictProba(model: LinearModel, rows: ReadonlyMap<number, number>, doc: BucketCounts): Float64Array {
  const K = model.labels.length;
  const x = model.split ? blockVector(doc, rows, model.idf, model.split) : rowVector(doc, rows, model.idf);
  const z = Float64Array.from(model.bias);
  const scale = model.scale ?? 1;
  for (let j = 0; j < x.idx.length; j++) {
    const base = x.idx[j]! * K;
    const v = x.val[j]!;
    for (let k = 0; k < K; k++) z[k]! += v * model.weights[base + k]!;
  }
  let max = -Infinity;
  for (let k = 0; k < K; k++) {
    z[k]! *= scale;
    if (z[k]! > max) max = z[k]!;
  }
  let sum = 0;
  for (let k = 0; k < K; k++) {
    z[k] = Math.exp(z[k]! - max);
    sum += z[k]!;
  }
  for (let k = 0; k < K; k++) z[k]! /= sum;
  return z;
}

/** The best `n` labels with their probability, best first; ties by label order. */
export function topLabels(model: LinearModel, proba: Float64Array, n: number): Array<{ label: string; score: number }> {
  return [...proba]
    .map((score, k) => ({ label: model.labels[k]!, score, k }))
    .sort((a, b) => b.score - a.score || a.k - b.k)
    .slice(0, n)
    .map(({ label, score }) => ({ label, score: Math.round(score * 10000) / 10000 }));
}

/** Binary form for storage: JSON header line, then buckets, idf, weights, bias as little-endian arrays. */
export function encodeModel(m: LinearModel): Uint8Array {
  const header = new TextEncoder().encode(JSON.stringify({ labels: m.labels, dimension: m.dimension, rows: m.buckets.length, split: m.split ?? 0, scale: m.scale ?? 1 }) + "\n");
  const parts = [header, new Uint8Array(m.buckets.buffer, m.buckets.byteOffset, m.buckets.byteLength), new Uint8Array(m.idf.buffer, m.idf.byteOffset, m.idf.byteLength), new Uint8Array(m.weights.buffer, m.weights.byteOffset, m.weights.byteLength), new Uint8Array(m.bias.buffer, m.bias.byteOffset, m.bias.byteLength)];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

export function decodeModel(bytes: Uint8Array): LinearModel {
  const nl = bytes.indexOf(10);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(0, nl))) as { labels: string[]; dimension: number; rows: number; split?: number; scale?: number };
  const R = header.rows;
  const K = header.labels.length;
  // Copy into an aligned buffer (a database driver's Buffer may start at any offset).
  const body = bytes.slice(nl + 1);
  let at = 0;
  const take = <T>(n: number, make: (buf: ArrayBuffer, off: number, len: number) => T): T => {
    const v = make(body.buffer, body.byteOffset + at, n);
    at += n * 4;
    return v;
  };
  const buckets = take(R, (b, o, l) => new Int32Array(b, o, l));
  const idf = take(R, (b, o, l) => new Float32Array(b, o, l));
  const weights = take(R * K, (b, o, l) => new Float32Array(b, o, l));
  const bias = take(K, (b, o, l) => new Float32Array(b, o, l));
  return { labels: header.labels, dimension: header.dimension, buckets, idf, weights, bias, split: header.split ?? 0, scale: header.scale ?? 1 };
}

/** Drops rows whose weights are all below `epsilon` (smaller storage, same answers to 1e-3). */
export function pruneModel(m: LinearModel, epsilon = 1e-3): LinearModel {
  const K = m.labels.length;
  const keep: number[] = [];
  for (let r = 0; r < m.buckets.length; r++) {
    let big = false;
    for (let k = 0; k < K && !big; k++) if (Math.abs(m.weights[r * K + k]!) >= epsilon) big = true;
    if (big) keep.push(r);
  }
  const weights = new Float32Array(keep.length * K);
  keep.forEach((r, i) => weights.set(m.weights.subarray(r * K, r * K + K), i * K));
  return { ...m, buckets: Int32Array.from(keep, (r) => m.buckets[r]!), idf: Float32Array.from(keep, (r) => m.idf[r]!), weights };
}
