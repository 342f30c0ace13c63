import { invalid, invalidFields } from "../errors.js";

/**
 * Staffing formulas for the call center (docs/CALL-CENTER.md, docs/RULES.md rule 41). Pure and exact:
 * Erlang B by its recurrence B(n) = A·B(n−1) / (n + A·B(n−1)), which never forms A^n or n! and stays
 * stable for thousands of agents; Erlang C from B; Erlang A (M/M/N+M, callers with exponential patience)
 * from the birth–death chain's stationary law, summed in logs.
 */

export interface ErlangInput {
  /** Calls offered in the interval. */
  calls: number;
  intervalMinutes: number;
  /** Average handling time (talk + wrap-up), seconds. */
  ahtSeconds: number;
  /** Answer within this many seconds (GB/T 33358-2016: 15 s). */
  targetSeconds: number;
  /** The share to answer within the target, in (0, 1). */
  serviceLevel: number;
  /** The highest occupancy allowed, in (0, 1]. */
  maxOccupancy: number;
  /** The share of paid time not on the phones (breaks, training, absence), in [0, 1). */
  shrinkage: number;
  /** Mean patience of callers, seconds: present → Erlang A (with abandonment). */
  patienceSeconds?: number;
}

export interface ErlangResult {
  model: "erlang_c" | "erlang_a";
  /** Traffic intensity A = λ·AHT, Erlangs. */
  trafficErlangs: number;
  agents: number;
  scheduledAgents: number;
  serviceLevel: number;
  occupancy: number;
  waitProbability: number;
  averageSpeedOfAnswerSeconds: number;
  /** Share of offered calls abandoned while waiting (0 under Erlang C). */
  abandonment: number;
}

/** The most agents the search tries before giving up (a city center never needs more). */
export const MAX_AGENTS = 100_000;

/** 400 naming each bad input (all of them in one answer): zero or negative counts and times, shares outside their ranges. */
export function validateErlangInput(i: ErlangInput): void {
  const problems: Array<{ field: string; message: string }> = [];
  const bad = (field: string, message: string) => problems.push({ field, message: `${field}: ${message}` });
  for (const k of ["calls", "intervalMinutes", "ahtSeconds", "targetSeconds"] as const) if (!(Number.isFinite(i[k]) && i[k] > 0)) bad(k, "must be a number above 0");
  if (!(i.serviceLevel > 0 && i.serviceLevel < 1)) bad("serviceLevel", "must be between 0 and 1 (exclusive)");
  if (!(i.maxOccupancy > 0 && i.maxOccupancy <= 1)) bad("maxOccupancy", "must be above 0 and at most 1");
  if (!(i.shrinkage >= 0 && i.shrinkage < 1)) bad("shrinkage", "must be at least 0 and below 1");
  if (i.patienceSeconds !== undefined && !(Number.isFinite(i.patienceSeconds) && i.patienceSeconds > 0)) bad("patienceSeconds", "must be a number above 0");
  if (problems.length > 0) throw invalidFields(problems);
}

/** Erlang B blocking probability for n servers and traffic a, by the stable recurrence. */
export function erlangB(n: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= n; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Erlang C: the probability that a call waits, from Erlang B (1 when n ≤ a: the queue grows without end). */
export function erlangCFromB(n: number, a: number, b: number): number {
  if (n <= a) return 1;
  return (n * b) / (n - a * (1 - b));
}

export function erlangC(n: number, a: number): number {
  return erlangCFromB(n, a, erlangB(n, a));
}

/** Erlang C figures for n agents: P(wait), service level, ASA, occupancy. */
export function erlangCFigures(n: number, a: number, ahtSeconds: number, targetSeconds: number, b = erlangB(n, a)) {
  const pw = erlangCFromB(n, a, b);
  if (n <= a) return { waitProbability: 1, serviceLevel: 0, averageSpeedOfAnswerSeconds: Number.POSITIVE_INFINITY, occupancy: 1, abandonment: 0 };
  const serviceLevel = 1 - pw * Math.exp((-(n - a) * targetSeconds) / ahtSeconds);
  return { waitProbability: pw, serviceLevel, averageSpeedOfAnswerSeconds: (pw * ahtSeconds) / (n - a), occupancy: a / n, abandonment: 0 };
}

/** log(x + y) from log x and log y. */
function logAdd(lx: number, ly: number): number {
  if (lx === Number.NEGATIVE_INFINITY) return ly;
  if (ly === Number.NEGATIVE_INFINITY) return lx;
  const m = Math.max(lx, ly);
  return m + Math.log(Math.exp(lx - m) + Math.exp(ly - m));
}

/**
 * Erlang A (M/M/N+M) for n agents: arrivals λ, service rate μ = 1/AHT, patience rate θ = 1/patience.
 * Stationary law of the number in system (log weights, truncated where the tail is below 1e-18 of the
 * total); a caller finding j ahead in the queue is answered within t with probability P_j(t), from the
 * backward equations P_j' = r_j (P_{j−1} − P_j) − θ P_j, r_j = nμ + jθ, P_{−1} = 1 (RK4).
 * Service level = answered within the target / offered; abandonment = θ·E[queue] / λ.
 */
export function erlangAFigures(n: number, lambda: number, ahtSeconds: number, patienceSeconds: number, targetSeconds: number) {
  const mu = 1 / ahtSeconds;
  const theta = 1 / patienceSeconds;
  const logW: number[] = [0];
  let logTotal = 0;
  let k = 0;
  for (;;) {
    k++;
    const death = Math.min(k, n) * mu + Math.max(k - n, 0) * theta;
    const lw = logW[k - 1]! + Math.log(lambda / death);
    logW.push(lw);
    logTotal = logAdd(logTotal, lw);
    if (k > n && lw - logTotal < -41 && lambda < death) break;
    if (k > n + 1_000_000) break;
  }
  const p = logW.map((lw) => Math.exp(lw - logTotal));
  let pWait = 0;
  let queue = 0;
  for (let s = n; s < p.length; s++) {
    pWait += p[s]!;
    queue += (s - n) * p[s]!;
  }
  const jMax = p.length - 1 - n;
  const answered = answeredWithin(jMax, n * mu, theta, targetSeconds);
  let sl = 0;
  for (let s = 0; s < n; s++) sl += p[s]!;
  for (let j = 0; j <= jMax; j++) sl += p[n + j]! * answered[j]!;
  const abandonment = (theta * queue) / lambda;
  // Mean wait of those answered: Little on the queue, over the calls that get through.
  const meanWait = queue / lambda;
  const served = Math.max(1 - abandonment, 1e-12);
  const carried = (lambda * (1 - abandonment)) / mu;
  return { waitProbability: pWait, serviceLevel: Math.min(1, sl), averageSpeedOfAnswerSeconds: meanWait / served, occupancy: Math.min(1, carried / n), abandonment };
}

/** P_j(t) for j = 0..jMax: answered within t when j callers wait ahead (see erlangAFigures). */
function answeredWithin(jMax: number, nMu: number, theta: number, t: number): number[] {
  const rate = (j: number) => nMu + j * theta;
  const maxRate = rate(jMax) + theta;
  const steps = Math.min(200_000, Math.max(100, Math.ceil((maxRate * t) / 0.25)));
  const h = t / steps;
  let y = new Float64Array(jMax + 1);
  const f = (v: Float64Array): Float64Array => {
    const d = new Float64Array(v.length);
    for (let j = 0; j < v.length; j++) d[j] = rate(j) * ((j === 0 ? 1 : v[j - 1]!) - v[j]!) - theta * v[j]!;
    return d;
  };
  const axpy = (v: Float64Array, d: Float64Array, s: number) => v.map((x, i) => x + s * d[i]!);
  for (let s = 0; s < steps; s++) {
    const k1 = f(y);
    const k2 = f(axpy(y, k1, h / 2));
    const k3 = f(axpy(y, k2, h / 2));
    const k4 = f(axpy(y, k3, h));
    y = y.map((x, i) => x + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!));
  }
  return Array.from(y);
}

/**
 * The fewest agents meeting both the service level and the occupancy cap, and the scheduled agents
 * after shrinkage: ⌈agents / (1 − shrinkage)⌉. Erlang C, or Erlang A when the patience is known.
 */
export function staffFor(input: ErlangInput): ErlangResult {
  validateErlangInput(input);
  const lambda = input.calls / (input.intervalMinutes * 60);
  const a = lambda * input.ahtSeconds;
  const withPatience = input.patienceSeconds !== undefined;
  // Below this no agent count can meet the occupancy cap (and Erlang C needs n > a).
  const minByOccupancy = Math.max(1, Math.ceil(a / input.maxOccupancy - 1e-9));
  const eps = 1e-12;
  let b = 1;
  for (let n = 1; n <= MAX_AGENTS; n++) {
    b = (a * b) / (n + a * b);
    if (n < minByOccupancy) continue;
    if (!withPatience && n <= a) continue;
    const figures = withPatience
      ? erlangAFigures(n, lambda, input.ahtSeconds, input.patienceSeconds!, input.targetSeconds)
      : erlangCFigures(n, a, input.ahtSeconds, input.targetSeconds, b);
    if (figures.serviceLevel + eps >= input.serviceLevel && figures.occupancy <= input.maxOccupancy + eps) {
      return {
        model: withPatience ? "erlang_a" : "erlang_c",
        trafficErlangs: a,
        agents: n,
        scheduledAgents: Math.ceil(n / (1 - input.shrinkage) - 1e-9),
        ...figures,
      };
    }
  }
  throw invalid("calls", `needs more than ${MAX_AGENTS} agents`);
}
