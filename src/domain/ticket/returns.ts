/**
 * Filing a return again (docs/RULES.md rule 16, issue 18; docs/WORKDAY.md "Part A"). Pure. After the center
 * refused a unit's return, the same unit may file again in the same dispatch cycle only when it states new
 * facts: a `newFacts` text of at least 10 characters that differs from what the refused request said (its
 * reason and its verification). A redo or a new dispatch starts a new cycle and frees the unit again.
 */
export const NEW_FACTS_MIN_LENGTH = 10;

export interface RefusedReturn {
  unitId: number | null;
  reason: string;
  verified: string | null;
  /** The dispatch cycle the refused request was filed in. */
  cycle: number;
}

/** Why the request cannot be filed now, or null. */
export function refileRefusal(refused: RefusedReturn | null, unitId: number | null, cycle: number, newFacts: string | null | undefined): string | null {
  if (!refused || refused.unitId !== unitId || refused.cycle !== cycle) return null;
  const facts = (newFacts ?? "").trim();
  if (facts.length < NEW_FACTS_MIN_LENGTH) return `the center refused this unit's return; file again only with new facts (newFacts, at least ${NEW_FACTS_MIN_LENGTH} characters)`;
  const norm = (s: string | null) => (s ?? "").replace(/\s+/g, "");
  if (norm(facts) === norm(refused.reason) || norm(facts) === norm(refused.verified)) return "newFacts repeats what the refused request said";
  return null;
}
