import { conceptSet, normaliseAddress } from "./features.js";

/**
 * Repeat detection (issue 15, rule 30): how alike two requests are, by the same phone, the same address
 * (normalised) and similar text (segmented words mapped to concepts, overlap coefficient). Pure; the
 * database narrows the candidates (src/modules/suggestions/similar.ts), this ranks them.
 */

export type RepeatReason = "phone" | "address" | "text";

export interface RepeatProbe {
  phone: string | null;
  address: string | null;
  words: readonly string[];
}

/** Text similarity of two word lists: |A ∩ B| / sqrt(|A| · |B|) over concept sets (cosine of binary vectors). */
export function textSimilarity(a: readonly string[] | ReadonlySet<string>, b: readonly string[] | ReadonlySet<string>): number {
  const A = a instanceof Set ? a : conceptSet(a as readonly string[]);
  const B = b instanceof Set ? b : conceptSet(b as readonly string[]);
  if (A.size === 0 || B.size === 0) return 0;
  let common = 0;
  const [small, big] = A.size <= B.size ? [A, B] : [B, A];
  for (const w of small) if (big.has(w)) common++;
  return common / Math.sqrt(A.size * B.size);
}

/** Text similarity from which "text" counts as a reason. */
export const TEXT_THRESHOLD = 0.3;

const digits = (p: string | null) => (p ? p.replace(/\D/g, "") : "");

/**
 * Score in [0, 1] and reasons: the same phone 0.35, the same address 0.3, text similarity × 0.6 (at most
 * 1 in all). A candidate with no reason is not a candidate.
 */
export function repeatScore(probe: RepeatProbe, other: RepeatProbe): { score: number; reasons: RepeatReason[] } {
  const reasons: RepeatReason[] = [];
  let score = 0;
  const p = digits(probe.phone);
  if (p.length >= 5 && p === digits(other.phone)) {
    reasons.push("phone");
    score += 0.35;
  }
  const a = normaliseAddress(probe.address);
  if (a && a === normaliseAddress(other.address)) {
    reasons.push("address");
    score += 0.3;
  }
  const t = textSimilarity(probe.words, other.words);
  if (t >= TEXT_THRESHOLD) reasons.push("text");
  score += 0.6 * t;
  return { score: Math.min(1, Math.round(score * 1000) / 1000), reasons };
}

/** The words worth a database lookup: concepts first, then the longest words (rarer), at most `n`. */
export function probeTerms(words: readonly string[], n = 12): string[] {
  const set = [...conceptSet(words)];
  return set.sort((x, y) => y.length - x.length || (x < y ? -1 : 1)).slice(0, n);
}
