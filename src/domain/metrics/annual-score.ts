import { invalid } from "../errors.js";
import { round2 } from "./normalised-score.js";

/** Year-end items entered by the center (docs/RULES.md rule 35, seed 004 §三(二)), with their maxima. */
export const YEAR_END_ITEMS = {
  office: { max: 10, label: "热线机构建设" },
  knowledgeBase: { max: 10, label: "知识库建设" },
  provincialOnTime: { max: 10, label: "省级热线按时办结率" },
  provincialSatisfaction: { max: 20, label: "省级热线办理满意率" },
  followThrough: { max: 30, label: "诉求落实" },
  signOff: { max: 20, label: "工单签批" },
} as const;
export type YearEndItem = keyof typeof YEAR_END_ITEMS;
export type YearEndScores = Record<YearEndItem, number>;

/** Share of the monthly average and of the year-end items in the annual score (80 % / 20 %). */
export const ANNUAL_WEIGHTS = { monthly: 0.8, yearEnd: 0.2 } as const;

/** The annual result of one unit; total null when the unit was never ranked. */
export interface AnnualScore {
  monthlyAverage: number | null;
  yearEndTotal: number;
  total: number | null;
}

/**
 * Annual score = 80 % × the average of the monthly totals + 20 % × the year-end items (each 0..max,
 * 100 in all). Months in which the unit was unranked (zero volume) are left out of the average; a
 * unit never ranked in the year has no annual score.
 */
export function annualScore(monthlyTotals: Array<number | null>, yearEnd: YearEndScores): AnnualScore {
  for (const key of Object.keys(YEAR_END_ITEMS) as YearEndItem[]) {
    const v = yearEnd[key];
    if (!(v >= 0 && v <= YEAR_END_ITEMS[key].max)) {
      throw invalid(key, `must be between 0 and ${YEAR_END_ITEMS[key].max}`);
    }
  }
  const yearEndTotal = round2(Object.values(yearEnd).reduce((a, b) => a + b, 0));
  const months = monthlyTotals.filter((t): t is number => t !== null);
  if (months.length === 0) return { monthlyAverage: null, yearEndTotal, total: null };
  const monthlyAverage = months.reduce((a, b) => a + b, 0) / months.length;
  return {
    monthlyAverage: round2(monthlyAverage),
    yearEndTotal,
    total: round2(ANNUAL_WEIGHTS.monthly * monthlyAverage + ANNUAL_WEIGHTS.yearEnd * yearEndTotal),
  };
}
