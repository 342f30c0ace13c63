import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";

/**
 * Chinese word segmentation for search, suggestions and repeat detection (issues 14 and 15), on
 * `@node-rs/jieba` with its bundled dictionary plus the center's own words (place, unit and category names,
 * knowledge-base synonyms) added by `addWords`. One instance per process, loaded on first use (~0.3 s).
 * Words are normalised (NFKC, lower case) and punctuation, spaces and the commonest function words dropped,
 * so every caller sees the same tokens for the same text.
 */

const STOPWORDS = new Set(
  "的 了 是 在 和 与 及 或 也 都 就 而 并 但 我 你 他 她 它 我们 你们 他们 这 那 这个 那个 这些 那些 有 没有 被 把 给 对 向 从 到 为 以 于 之 其 着 过 吗 呢 吧 啊 呀 嘛 哦 请 您 一个 一下 什么 怎么 如何 是否 能否 可以 已经 还 又 很 非常 现在 目前 问题 情况 反映 希望 要求 相关 部门".split(" "),
);
const WORDISH = /[\p{L}\p{N}]/u;

let jieba: Jieba | null = null;
const added = new Set<string>();

function instance(): Jieba {
  if (!jieba) jieba = Jieba.withDict(dict);
  return jieba;
}

/** NFKC + lower case: full-width letters and digits become ASCII (ＡＢＣ１２３ → abc123). */
export function normaliseText(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

/** Adds words to the dictionary (idempotent; words of 2–30 characters without spaces). */
export function addWords(words: Iterable<string>): number {
  const fresh: string[] = [];
  for (const raw of words) {
    const w = normaliseText(raw).trim();
    if (w.length < 2 || w.length > 30 || /\s/.test(w) || added.has(w)) continue;
    added.add(w);
    fresh.push(`${w} 200000 n`);
  }
  if (fresh.length > 0) instance().loadDict(Buffer.from(fresh.join("\n") + "\n", "utf8"));
  return fresh.length;
}

/** The text's words in order (duplicates kept), without punctuation and stop words. */
export function words(text: string): string[] {
  if (!text) return [];
  const out: string[] = [];
  for (const w of instance().cut(normaliseText(text), true)) {
    const t = w.trim();
    if (t && WORDISH.test(t) && !STOPWORDS.has(t)) out.push(t);
  }
  return out;
}

/** Search-mode words (long words also yield their dictionary sub-words: 医疗保险 → 医疗, 保险, 医疗保险). */
export function searchWords(text: string): string[] {
  if (!text) return [];
  const out: string[] = [];
  for (const w of instance().cutForSearch(normaliseText(text), true)) {
    const t = w.trim();
    if (t && WORDISH.test(t) && !STOPWORDS.has(t)) out.push(t);
  }
  return out;
}
