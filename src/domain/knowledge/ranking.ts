/**
 * Knowledge-base ranking (issue 14, docs/KNOWLEDGE.md "Search"): BM25F over three fields, pure. The SQL in
 * src/modules/knowledge/knowledge-search.ts computes the same formula over the postings table; the domain
 * test checks both agree on a table of cases.
 */

/**
 * Field weights: a word in the title counts five times one in the body, in the tags twice (title over body;
 * 5 rather than 3 on the held-out pairs of docs/KNOWLEDGE.md "Measured").
 */
export const FIELD_WEIGHTS = { title: 5, tags: 2, body: 1 } as const;
/** BM25 saturation and length normalisation. */
export const BM25 = { k1: 1.2, b: 0.75 } as const;
/** A synonym the center maintains counts a little less than the word the operator typed. */
export const SYNONYM_WEIGHT = 0.8;
/** An unknown typed word falls back to its single characters at this weight. */
export const CHARACTER_WEIGHT = 0.5;
/** …only when fewer than this many of the typed words are known to the index (a short query). */
export const CHARACTER_FALLBACK_BELOW = 3;
/**
 * At most this many query words are looked up (the rarest first). A citizen's question of 200 characters
 * has 40–70 words; all of them count (a common word still separates entries a little), none is dropped.
 */
export const MAX_QUERY_WORDS = 64;
/**
 * Search speed (docs/KNOWLEDGE.md "Search"): a query reads at most about this many postings. A word gets
 * an equal share of the budget (never under MIN_POSTINGS_PER_WORD) and reads its postings by impact, best
 * first, so a rare word is read whole and a word in thousands of entries only where it weighs most.
 */
export const POSTING_BUDGET = 12_000;
export const MIN_POSTINGS_PER_WORD = 200;

/** How many postings each of `words` query words reads. */
export function postingsPerWord(words: number): number {
  return Math.max(MIN_POSTINGS_PER_WORD, Math.ceil(POSTING_BUDGET / Math.max(words, 1)));
}

/** A query word's weight from how often the question uses it (BM25's query-term saturation, k3 = 8). */
export function queryTermWeight(count: number): number {
  const k3 = 8;
  return ((k3 + 1) * count) / (k3 + count);
}

export interface FieldCounts {
  title: number;
  tags: number;
  body: number;
}

/** Robertson–Spärck Jones idf, floored at a small positive value so a word in every entry still counts a little. */
export function idf(docs: number, df: number): number {
  return Math.max(0.01, Math.log(1 + (docs - df + 0.5) / (df + 0.5)));
}

/** The weighted, length-normalised term frequency of BM25F. */
export function weightedTf(tf: FieldCounts, len: FieldCounts, avg: FieldCounts): number {
  const norm = (f: keyof FieldCounts) => (tf[f] === 0 ? 0 : (FIELD_WEIGHTS[f] * tf[f]) / (1 - BM25.b + (BM25.b * len[f]) / Math.max(avg[f], 1)));
  return norm("title") + norm("tags") + norm("body");
}

/** One word's contribution to an entry's score. */
export function termScore(idfValue: number, queryWeight: number, tfw: number): number {
  return tfw === 0 ? 0 : (idfValue * queryWeight * tfw) / (BM25.k1 + tfw);
}

export interface QueryWord {
  term: string;
  weight: number;
  df: number;
}

/**
 * The words a query looks up: found words only, at most MAX_QUERY_WORDS, the rarest first. Pure: the
 * caller supplies each word's document frequency.
 */
export function pickQueryWords(candidates: readonly QueryWord[]): QueryWord[] {
  return candidates
    .filter((w) => w.df > 0)
    .sort((a, b) => a.df - b.df || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
    .slice(0, MAX_QUERY_WORDS);
}

/** Counts of each word in a list of words. */
export function countWords(list: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const w of list) m.set(w, (m.get(w) ?? 0) + 1);
  return m;
}
