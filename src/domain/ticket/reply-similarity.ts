/**
 * docs/RULES.md rule 24: replies that three times in a row show no substantive change count as not handled as
 * required. "No substantive change" is judged on the text: character-bigram Dice similarity of the
 * normalised replies at or above the threshold.
 */
export const NO_CHANGE_THRESHOLD = 0.9;
export const NO_CHANGE_STREAK = 3;

function normalise(text: string): string {
  return text.replace(/[\s\p{P}\p{S}]/gu, "").toLowerCase();
}

function bigrams(text: string): Map<string, number> {
  const chars = Array.from(text);
  const out = new Map<string, number>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const g = chars[i]! + chars[i + 1]!;
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/** Dice coefficient of character bigrams, 0..1; identical normalised texts give 1. */
export function replySimilarity(a: string, b: string): number {
  const na = normalise(a);
  const nb = normalise(b);
  if (na === nb) return 1;
  const ga = bigrams(na);
  const gb = bigrams(nb);
  let total = 0;
  let shared = 0;
  for (const n of ga.values()) total += n;
  for (const [g, n] of gb) {
    total += n;
    shared += Math.min(n, ga.get(g) ?? 0);
  }
  return total === 0 ? 0 : (2 * shared) / total;
}

/** The new streak of unchanged replies after a reply, given the previous reply (if any) and streak. */
export function nextNoChangeStreak(previous: string | null, current: string, streak: number): number {
  if (previous === null) return 1;
  return replySimilarity(previous, current) >= NO_CHANGE_THRESHOLD ? streak + 1 : 1;
}
