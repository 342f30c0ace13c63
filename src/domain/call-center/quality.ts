/**
 * Quality inspection 质检 (docs/RULES.md rule 41): seeded monthly sampling per operator and shift, the
 * weighted score of the four criteria, and the run of consecutive failures that flags an operator.
 */

export const QA_CRITERIA = ["wording", "tone", "correctness", "completeness"] as const;
export type QaCriterion = (typeof QA_CRITERIA)[number];
export type QaScores = Record<QaCriterion, number>;

/** The shifts a call belongs to, by the Shanghai hour it started: 夜班 0–8, 早班 8–16, 中班 16–24. */
export const SHIFTS = ["night", "day", "evening"] as const;
export type ShiftName = (typeof SHIFTS)[number];
export function shiftOfHour(hour: number): ShiftName {
  return hour < 8 ? "night" : hour < 16 ? "day" : "evening";
}

/** FNV-1a of a string: the seed of one operator's draw. */
export function hashSeed(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small seeded generator, the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SampleCandidate {
  callId: number;
  operatorId: number;
  shift: ShiftName;
}

/**
 * Draws up to `perOperator` calls for each operator, spread over the shifts they worked (round robin
 * over the shifts, each shift's calls shuffled by a generator seeded with seed, operator and shift).
 * The candidates' order does not matter: the same calls and seed always give the same sample.
 */
export function drawSample(candidates: readonly SampleCandidate[], perOperator: number, seed: string): SampleCandidate[] {
  const byOperator = new Map<number, Map<ShiftName, SampleCandidate[]>>();
  for (const c of [...candidates].sort((a, b) => a.callId - b.callId)) {
    const shifts = byOperator.get(c.operatorId) ?? new Map<ShiftName, SampleCandidate[]>();
    byOperator.set(c.operatorId, shifts);
    const list = shifts.get(c.shift) ?? [];
    list.push(c);
    shifts.set(c.shift, list);
  }
  const out: SampleCandidate[] = [];
  for (const operatorId of [...byOperator.keys()].sort((a, b) => a - b)) {
    const shifts = byOperator.get(operatorId)!;
    const queues = SHIFTS.filter((s) => shifts.has(s)).map((s) => shuffle(shifts.get(s)!, seededRandom(hashSeed(`${seed}|${operatorId}|${s}`))));
    let taken = 0;
    while (taken < perOperator && queues.some((q) => q.length > 0)) {
      for (const q of queues) {
        if (taken >= perOperator) break;
        const next = q.shift();
        if (next) {
          out.push(next);
          taken++;
        }
      }
    }
  }
  return out;
}

function shuffle<T>(xs: readonly T[], random: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** The weighted total (scores 0–100, weights normalised to sum 1), rounded to one decimal. */
export function scoreTotal(scores: QaScores, weights: QaScores): number {
  const wSum = QA_CRITERIA.reduce((s, k) => s + weights[k], 0);
  const total = QA_CRITERIA.reduce((s, k) => s + scores[k] * weights[k], 0) / wSum;
  return Math.round(total * 10) / 10;
}

/** Failures in a row at the end of an operator's reviews (oldest first): three or more → flagged (rule 41). */
export function consecutiveFailures(passedInOrder: readonly boolean[]): number {
  let n = 0;
  for (let i = passedInOrder.length - 1; i >= 0 && !passedInOrder[i]; i--) n++;
  return n;
}

export const FAILURES_TO_FLAG = 3;
