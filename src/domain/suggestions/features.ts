/**
 * Text features for the suggestion model and repeat detection (issue 15, docs/SUGGESTIONS.md). Pure: the
 * caller segments (src/text/segmenter.ts `words`), this module turns words into hashed, L2-normalised
 * unigram + bigram features with sublinear term frequency, and maps near-synonyms of the hotline's
 * commonest complaints onto one concept word (工地噪音 and 夜间施工扰民 share 施工 and 噪音).
 */

/** Near-synonyms a citizen uses for one issue → the concept word both texts then carry. */
export const CONCEPTS: Readonly<Record<string, string>> = {
  噪音: "噪音", 噪声: "噪音", 扰民: "噪音", 吵闹: "噪音", 很吵: "噪音", 轰鸣: "噪音", 吵: "噪音",
  工地: "施工", 施工: "施工", 工程: "施工", 夜间施工: "施工", 搅拌机: "施工", 渣土车: "施工",
  垃圾: "垃圾", 垃圾桶: "垃圾", 废弃物: "垃圾", 脏乱差: "垃圾",
  漏水: "漏水", 渗水: "漏水", 水管: "漏水", 爆管: "漏水",
  停水: "停水", 没水: "停水", 断水: "停水",
  停电: "停电", 断电: "停电", 没电: "停电",
  路灯: "路灯", 灯不亮: "路灯",
  占道: "占道", 乱摆: "占道", 摆摊: "占道", 流动摊贩: "占道",
  违建: "违建", 违章建筑: "违建", 私搭乱建: "违建", 乱搭乱建: "违建",
  停车: "停车", 乱停: "停车", 违停: "停车",
  油烟: "油烟", 异味: "异味", 臭味: "异味", 恶臭: "异味",
  欠薪: "欠薪", 拖欠工资: "欠薪", 工资: "欠薪",
  物业: "物业", 物业公司: "物业",
};

/** The concept of a word, or the word itself. */
export function concept(word: string): string {
  return CONCEPTS[word] ?? word;
}

/** Default hashed feature space: 2^18 buckets (collisions below 1 % of the weight at a center's vocabulary). */
export const DEFAULT_DIMENSION = 1 << 18;

/** FNV-1a, 32 bits, over UTF-16 code units: stable across processes and versions. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A sparse vector: sorted unique indices and their values. */
export interface SparseVector {
  idx: Int32Array;
  val: Float32Array;
}

/** The feature strings of a text's words: concepts, unigrams and bigrams; `prefix` namespaces a field (address). */
export function featureStrings(words: readonly string[], prefix = ""): string[] {
  const out: string[] = [];
  let prev: string | null = null;
  for (const w of words) {
    out.push(prefix + w);
    const c = concept(w);
    if (c !== w) out.push(`${prefix}~${c}`);
    if (prev !== null) out.push(`${prefix}${prev}|${w}`);
    prev = w;
  }
  return out;
}

/**
 * Hashes feature strings into a sparse vector: sublinear tf (1 + ln tf), optional per-bucket weight (an
 * idf), L2-normalised. An empty input gives the empty vector (the model then answers its prior).
 */
export function vectorize(features: readonly string[], dimension = DEFAULT_DIMENSION, idf?: (bucket: number) => number): SparseVector {
  const counts = new Map<number, number>();
  for (const f of features) {
    const b = hash32(f) % dimension;
    counts.set(b, (counts.get(b) ?? 0) + 1);
  }
  const idx = Int32Array.from([...counts.keys()].sort((a, b) => a - b));
  const val = new Float32Array(idx.length);
  let norm = 0;
  for (let i = 0; i < idx.length; i++) {
    const v = (1 + Math.log(counts.get(idx[i]!)!)) * (idf ? idf(idx[i]!) : 1);
    val[i] = v;
    norm += v * v;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < val.length; i++) val[i]! /= norm;
  return { idx, val };
}

/** Address normalised for comparison: NFKC, lower case, no spaces or punctuation, no leading city/district. */
export function normaliseAddress(address: string | null | undefined): string | null {
  if (!address) return null;
  const s = address
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, "")
    .replace(/^(.{1,8}?[省市])?(.{1,8}?[区县])?/u, "");
  return s.length >= 4 ? s.slice(0, 60) : null;
}

/** Words of a text as a set of concepts (for text similarity), without one-character words. */
export function conceptSet(words: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const w of words) {
    if (w.length < 2 && !CONCEPTS[w]) continue;
    out.add(concept(w));
  }
  return out;
}
