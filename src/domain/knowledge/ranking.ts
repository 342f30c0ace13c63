/**
 * Knowledge-base ranking (issue 14, docs/KNOWLEDGE.md "Search"): BM25F over three fields, pure. The SQL in
 * src/modules/knowledge/knowledge-search.ts computes the same formula over the postings table; the domain
 * test checks both agree on a table of cases.
 */

/** Field weights: a word in the title counts three times one in the body, in the tags twice (rule 38: title over body). */
export const FIELD_WEIGHTS = { title: 3, tags: 2, body: 1 } as const;
/** BM25 saturation and length normalisation. */
export const BM25 = { k1: 1.2, b: 0.75 } as const;
/** A synonym the center maintains counts a little less than the word the operator typed. */
export const SYNONYM_WEIGHT = 0.8;
/** An unknown typed word falls back to its single characters at this weight. */
export const CHARACTER_WEIGHT = 0.5;
/** Words in more than this share of entries are dropped from a query that has rarer words (they rank nothing). */
export const COMMON_SHARE = 0.25;
/** At most this many query words are looked up (the rarest first). */
export const MAX_QUERY_WORDS = 12;

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
 * The words a query looks up: found words only, the commonest dropped when rarer ones exist, at most
 * MAX_QUERY_WORDS (rarest first). Pure: the caller supplies each word's document frequency.
 */
export function pickQueryWords(candidates: readonly QueryWord[], docs: number): QueryWord[] {
  const found = candidates.filter((w) => w.df > 0).sort((a, b) => a.df - b.df || a.term.localeCompare(b.term));
  if (found.length <= 1) return found;
  const rare = found.filter((w) => w.df <= Math.max(docs * COMMON_SHARE, 50));
  return (rare.length > 0 ? rare : found.slice(0, 2)).slice(0, MAX_QUERY_WORDS);
}

/** Counts of each word in a list of words. */
export function countWords(list: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const w of list) m.set(w, (m.get(w) ?? 0) + 1);
  return m;
}
