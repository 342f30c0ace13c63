import { hash32, concept } from "./features.js";
import { blockVector, rng, shuffled, vocabulary, type BucketCounts, type LinearModel } from "./linear-model.js";

/**
 * The suggestion classifier (issue 15, docs/SUGGESTIONS.md): hashed word unigrams + bigrams (with concept
 * words) in one block and character 1–3-grams of the raw text in another, sublinear TF-IDF, each block
 * L2-normalised, and a one-vs-rest linear SVM (L2-regularised squared hinge) per class trained by dual
 * coordinate descent (the liblinear method), per-example cost scaled by class weights. Pure and
 * deterministic (seeded order), no I/O; training is a generator that yields every few thousand steps so the
 * caller can give the event loop back. The model is a `LinearModel` (rows of kept buckets × classes) whose
 * scores go through a softmax with `scale` when probabilities are asked for.
 */

/** Default hashed space: 2^20 buckets, the lower half words, the upper half characters. */
export const TEXT_DIMENSION = 1 << 20;

export interface TextFeatureOptions {
  dimension?: number;
  /** Character n-grams of the raw text (default 1–3; 0 = none). */
  charMax?: number;
  /** Namespace of a field (the address: "a:"), applied to both blocks. */
  prefix?: string;
}

/** Adds a text's features to `into`: word unigrams, bigrams and concepts (lower half) and char n-grams (upper half). */
export function addTextFeatures(into: BucketCounts, words: readonly string[], raw: string, options: TextFeatureOptions = {}): BucketCounts {
  const D = options.dimension ?? TEXT_DIMENSION;
  const half = D >>> 1;
  const prefix = options.prefix ?? "";
  const put = (b: number) => into.set(b, (into.get(b) ?? 0) + 1);
  let prev: string | null = null;
  for (const w of words) {
    put(hash32(prefix + w) % half);
    const c = concept(w);
    if (c !== w) put(hash32(`${prefix}~${c}`) % half);
    if (prev !== null) put(hash32(`${prefix}${prev}|${w}`) % half);
    prev = w;
  }
  const charMax = options.charMax ?? 3;
  if (charMax > 0) {
    // Characters only (no spaces or punctuation), so the segmented and the raw forms of a text agree.
    const s = raw.normalize("NFKC").toLowerCase().replace(/[\s\p{P}\p{S}]/gu, "");
    const cp = Array.from(s);
    for (let i = 0; i < cp.length; i++) {
      let g = prefix;
      for (let n = 1; n <= charMax && i + n <= cp.length; n++) {
        g += cp[i + n - 1]!;
        put(half + (hash32("#" + g) % half));
      }
    }
  }
  return into;
}

/** A text's features as bucket counts (see `addTextFeatures`). */
export function textFeatures(words: readonly string[], raw: string, options: TextFeatureOptions = {}): BucketCounts {
  return addTextFeatures(new Map(), words, raw, options);
}

export interface SvmOptions {
  /** Cost C (default 1). */
  C?: number;
  /** Passes of dual coordinate descent (default 8). */
  epochs?: number;
  /** Class weight ∝ (1 / frequency)^balance: 0 = none, 1 = fully balanced (default 0.5). */
  balance?: number;
  /** Buckets seen in fewer documents are dropped (default 1, 2 from 50,000 examples). */
  minDf?: number;
  seed?: number;
  dimension?: number;
  /** Softmax scale for probabilities (default 4). */
  scale?: number;
  yieldEvery?: number;
  /** With more classes than this + 1, each example is a negative for this many sampled classes only. */
  negatives?: number;
}

interface Packed {
  /** Concatenated row indices and values of all documents; doc i is [start[i], start[i+1]). */
  start: Int32Array;
  idx: Int32Array;
  val: Float32Array;
  sq: Float32Array;
}

/** `pack` turns the documents into one flat TF-IDF matrix over linear-model's `vocabulary`, each block L2-normalised. */
function pack(docs: readonly BucketCounts[], rows: ReadonlyMap<number, number>, idf: Float32Array, split: number): Packed {
  let total = 0;
  for (const d of docs) total += d.size;
  const start = new Int32Array(docs.length + 1);
  const idx = new Int32Array(total);
  const val = new Float32Array(total);
  const sq = new Float32Array(docs.length);
  let at = 0;
  docs.forEach((d, i) => {
    start[i] = at;
    const v = blockVector(d, rows, idf, split);
    idx.set(v.idx, at);
    val.set(v.val, at);
    let s = 0;
    for (let j = 0; j < v.val.length; j++) s += v.val[j]! * v.val[j]!;
    sq[i] = s;
    at += v.idx.length;
  });
  start[docs.length] = at;
  return { start, idx: idx.subarray(0, at), val: val.subarray(0, at), sq };
}

/**
 * Trains the one-vs-rest SVM. `docs[i]` has label index `y[i]`. One pass visits each example once and
 * updates every class's binary problem on it (a row of weights is contiguous across classes, so the classes
 * share the memory traffic). With many classes (`negatives` < K − 1), each example is a negative for its own
 * seeded sample of `negatives` other classes only (drawn in proportion to class frequency), which keeps a pass
 * at O(examples × (1 + negatives)) instead of O(examples × classes). A generator: drive it with `runSync` or
 * the service's async driver; its return value is the model.
 */
export function* trainSvmSteps(docs: readonly BucketCounts[], y: ArrayLike<number>, labels: readonly string[], options: SvmOptions = {}): Generator<number, LinearModel, void> {
  const K = labels.length;
  const n = docs.length;
  const dimension = options.dimension ?? TEXT_DIMENSION;
  const split = dimension >>> 1;
  const epochs = options.epochs ?? 8;
  const C = options.C ?? 1;
  const every = options.yieldEvery ?? 5_000;
  const vocab = vocabulary(docs, options.minDf ?? (n >= 50_000 ? 2 : 1));
  yield 0;
  const X = pack(docs, vocab.rows, vocab.idf, split);
  yield 0;
  const R = vocab.buckets.length;
  const freq = new Float64Array(K);
  for (let i = 0; i < n; i++) freq[y[i]!]! += 1;
  const balance = options.balance ?? 0.5;
  const classWeight = Float64Array.from(freq, (f) => (f > 0 ? Math.pow(n / (K * f), balance) : 0));
  // The (example, class) pairs: all classes, or the example's own class and a sample of the others.
  const sampled = options.negatives !== undefined && options.negatives < K - 1;
  const P = sampled ? 1 + options.negatives! : K;
  let pairs: Int32Array | null = null;
  if (sampled) {
    pairs = new Int32Array(n * P);
    const r = rng((options.seed ?? 1) * 104729);
    const cum = new Float64Array(K);
    let acc = 0;
    for (let k = 0; k < K; k++) cum[k] = acc += freq[k]!;
    const draw = () => {
      const u = r() * acc;
      let lo = 0;
      let hi = K - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cum[mid]! > u) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    };
    for (let i = 0; i < n; i++) {
      const base = i * P;
      pairs[base] = y[i]!;
      for (let p = 1; p < P; p++) {
        let k = draw();
        for (let tries = 0; tries < 8 && (k === y[i] || pairs.subarray(base, base + p).includes(k)); tries++) k = draw();
        pairs[base + p] = k;
      }
    }
  }
  const W = new Float32Array(R * K);
  const b = new Float64Array(K);
  const alpha = new Float32Array(n * P);
  const z = new Float64Array(P);
  const d = new Float64Array(P);
  let steps = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = shuffled(n, (options.seed ?? 1) * 7919 + epoch);
    let maxPG = 0;
    for (let s = 0; s < n; s++) {
      const i = order[s]!;
      const start = X.start[i]!;
      const end = X.start[i + 1]!;
      const Di = 1 / (2 * C * classWeight[y[i]!]!);
      const Q = X.sq[i]! + 1 + Di;
      const base = i * P;
      if (pairs) {
        for (let p = 0; p < P; p++) z[p] = b[pairs[base + p]!]!;
        for (let j = start; j < end; j++) {
          const row = X.idx[j]! * K;
          const v = X.val[j]!;
          for (let p = 0; p < P; p++) z[p]! += W[row + pairs[base + p]!]! * v;
        }
      } else {
        for (let k = 0; k < K; k++) z[k] = b[k]!;
        for (let j = start; j < end; j++) {
          const row = X.idx[j]! * K;
          const v = X.val[j]!;
          for (let k = 0; k < K; k++) z[k]! += W[row + k]! * v;
        }
      }
      let any = false;
      for (let p = 0; p < P; p++) {
        const k = pairs ? pairs[base + p]! : p;
        const yi = k === y[i] ? 1 : -1;
        const a = alpha[base + p]!;
        const G = yi * z[p]! - 1 + Di * a;
        const PG = a === 0 ? Math.min(G, 0) : G;
        if (Math.abs(PG) > maxPG) maxPG = Math.abs(PG);
        d[p] = 0;
        if (PG !== 0) {
          const na = Math.max(a - G / Q, 0);
          alpha[base + p] = na;
          d[p] = (na - a) * yi;
          if (d[p] !== 0) {
            any = true;
            b[k]! += d[p]!;
          }
        }
      }
      if (any) {
        for (let j = start; j < end; j++) {
          const row = X.idx[j]! * K;
          const v = X.val[j]!;
          if (pairs) {
            for (let p = 0; p < P; p++) if (d[p] !== 0) W[row + pairs[base + p]!]! += d[p]! * v;
          } else {
            for (let k = 0; k < K; k++) if (d[k] !== 0) W[row + k]! += d[k]! * v;
          }
        }
      }
      if (++steps % every === 0) yield steps;
    }
    if (maxPG < 0.01) break;
  }
  for (let k = 0; k < K; k++) if (freq[k] === 0) b[k] = -1;
  return { labels: [...labels], dimension, buckets: vocab.buckets, idf: vocab.idf, weights: W, bias: Float32Array.from(b), split, scale: options.scale ?? 4 };
}
