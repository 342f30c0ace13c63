/** What the follow-up and the center recorded about one ticket a person handled (docs/RULES.md rule 36). */
export interface PersonTicketOutcome {
  /** The requester said the problem was resolved. */
  resolved: boolean;
  /** The requester was satisfied (基本满意 counts as satisfied). */
  satisfied: boolean;
  /** A step lacked its evidence (recording, photo, screenshot; rule 20). */
  missingEvidence: boolean;
  /** The ticket caused serious negative public opinion. */
  negativeOpinion: boolean;
}

/** Points per event of the Beijing state-asset centre scheme (rule 36). */
export const PERSON_POINTS = {
  doubleSatisfied: 1,
  oneNo: -0.5,
  twoNo: -1,
  missingEvidence: -0.5,
  negativeOpinion: -3,
} as const;

/** How many tickets of each kind a handler had (rule 36). */
export interface PersonPointCounts {
  doubleSatisfied: number;
  oneNo: number;
  twoNo: number;
  missingEvidence: number;
  negativeOpinion: number;
}

/** A handler's points and where they came from. */
export interface PersonPoints {
  total: number;
  counts: PersonPointCounts;
}

/** Points from counts already made (the SQL layer counts per handler): Σ count × points. */
export function personPointsFromCounts(counts: PersonPointCounts): PersonPoints {
  const total = (Object.keys(PERSON_POINTS) as Array<keyof PersonPointCounts>).reduce((sum, k) => sum + counts[k] * PERSON_POINTS[k], 0);
  return { total, counts: { ...counts } };
}

/**
 * Sums a handler's points over the tickets they handled in the period: resolved and satisfied +1,
 * one "no" −0.5, two "no" −1, missing evidence −0.5, serious negative public opinion −3. The
 * deductions stack on the same ticket. Multiples of 0.5 are exact in binary, so no rounding.
 */
export function personPoints(outcomes: PersonTicketOutcome[]): PersonPoints {
  const counts = { doubleSatisfied: 0, oneNo: 0, twoNo: 0, missingEvidence: 0, negativeOpinion: 0 };
  for (const o of outcomes) {
    const noes = (o.resolved ? 0 : 1) + (o.satisfied ? 0 : 1);
    if (noes === 0) counts.doubleSatisfied += 1;
    else if (noes === 1) counts.oneNo += 1;
    else counts.twoNo += 1;
    if (o.missingEvidence) counts.missingEvidence += 1;
    if (o.negativeOpinion) counts.negativeOpinion += 1;
  }
  return personPointsFromCounts(counts);
}
