/** Inputs and outputs of the Linshu monthly appraisal (docs/RULES.md rule 35). */

export type AppraisalGroup = "town" | "department";

/** Volume tiers of departments (rule 35: 10/8/6/4/2). */
export type VolumeTier = 10 | 8 | 6 | 4 | 2;

/** Supervision events the center enters by hand (rule 35 item 7). Counts per month. */
export interface SupervisionCounts {
  /** 市级热线督办 via the supervision account: 0.2 each. */
  city: number;
  /** 市热线中心书面办理: 0.5 each. */
  written: number;
  /** 县政府督查室政务督查: 1 each. */
  county: number;
  /** Joint media supervision or referral to the disciplinary body: 5 each. */
  mediaOrDiscipline: number;
}

/** One unit's month, counted by the SQL layer or entered by the center. */
export interface UnitMonthInput {
  unitId: number;
  /** 承办量: tickets dispatched to the unit in the month. */
  volume: number;
  /** Department tier set by the center; when absent it is derived from the volume ranking. */
  volumeTier?: VolumeTier;
  /** Tickets whose follow-up says "not contacted" or "unsatisfied with the process" (item 2.1). */
  unresponded: number;
  /** Handling-process faults at 0.2 each: late/unrequested/unexplained returns, returns by reply or
   *  against the center's refusal, overdue replies (item 2.2 ① ② ③). */
  processMinorFaults: number;
  /** Returns of tickets that were the unit's duty, 0.5 each (item 2.2 ②). */
  wrongfulReturns: number;
  /** Satisfied and ended at the first follow-up (item 3). */
  firstTimeSatisfied: number;
  /** Satisfied and ended after one or more redos (item 4). */
  redoSatisfied: number;
  /** Tickets redone 2+ times at county level / at city level (item 5). */
  countyRedoneTwice: number;
  cityRedoneTwice: number;
  /** Non-compliant (hard) requests filed for closure (item 6.1). */
  hardRequestFilings: number;
  /** Filings found poorly handled (0.5 each) or false / taken up by a higher center (1 each) (item 6.2). */
  hardRequestPoorFilings: number;
  hardRequestFalseFilings: number;
  supervision: SupervisionCounts;
}

/** The seven scores of rule 35 (points, two decimals). */
export interface AppraisalIndicators {
  volume: number;
  response: number;
  firstTimeResolution: number;
  redoSatisfied: number;
  redo: number;
  hardRequests: number;
  supervision: number;
}

/** One ranked line. Units with zero volume are listed unranked: rank and total null. */
export interface AppraisalRow {
  unitId: number;
  rank: number | null;
  total: number | null;
  indicators: AppraisalIndicators | null;
  /** The raw values behind the normalised indicators, for the drill-down and the xlsx sheet. */
  values: {
    volume: number;
    volumeTier: VolumeTier | null;
    serviceRate: number | null;
    serviceScore: number | null;
    processScore: number | null;
    firstTimeResolutionRate: number | null;
    redoSatisfiedRate: number | null;
    countyRedoRate: number | null;
    cityRedoRate: number | null;
    hardRequestShare: number | null;
  };
}

/** Factors and weights of rule 35; cities change f, the rest is the Linshu text. */
export interface AppraisalSettings {
  /** Floor factor for most normalised indicators. */
  f: number;
  /** Floor factor for towns' first-time and redo-satisfied rates. */
  townResultF: number;
  /** Largest allowed gap between the best and the worst handling-process score. */
  processSpreadCap: number;
}

/** Linshu 2020: f = 0.8, towns' result rates 0.9, process spread capped at 2. */
export const DEFAULT_APPRAISAL_SETTINGS: Readonly<AppraisalSettings> = Object.freeze({
  f: 0.8,
  townResultF: 0.9,
  processSpreadCap: 2,
});
