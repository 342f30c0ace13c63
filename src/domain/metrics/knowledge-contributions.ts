/**
 * Linshu year-end item "knowledge-base contributions" (知识库建设, 10 points; rule 35 and rule 38), computed
 * instead of entered by hand (issue 14, docs/KNOWLEDGE.md "Appraisal"): each publication in the year of an
 * entry the unit owns and one of its own users submitted counts once (a new entry or a new version); every
 * contribution is worth POINTS_PER_CONTRIBUTION, capped at the item's maximum.
 */
export const KNOWLEDGE_ITEM_MAX = 10;
export const POINTS_PER_CONTRIBUTION = 2;

export function knowledgeContributionScore(contributions: number): number {
  return Math.min(KNOWLEDGE_ITEM_MAX, Math.max(0, contributions) * POINTS_PER_CONTRIBUTION);
}
