import { textSimilarity } from "./repeats.js";

/**
 * Hot issues (rule 39) and the rising-cluster early warning (未诉先办), pure: recent tickets are grouped by
 * place (the town their address names) and issue (their concept words), counted by tickets and distinct
 * requesters, and compared with the previous period of the same length.
 */

export interface HotTicket {
  id: number;
  at: Date;
  /** Concept words of the title and content (features.ts conceptSet). */
  terms: ReadonlySet<string>;
  /** The town or street the address names, or null. */
  place: string | null;
  /** Phone digits or name: distinct requesters are counted on this; null for anonymous. */
  requester: string | null;
  unitId: number | null;
}

export interface HotCluster {
  label: string;
  place: string | null;
  terms: string[];
  ticketIds: number[];
  requesterCount: number;
  unitIds: number[];
  previousCount: number;
}

interface Work {
  place: string | null;
  freq: Map<string, number>;
  top: Set<string>;
  ids: number[];
  requesters: Set<string>;
  anonymous: number;
  units: Set<number>;
  previous: number;
}

/** Similarity to a cluster's top words from which a ticket joins it. */
export const JOIN_THRESHOLD = 0.35;
const TOP_TERMS = 8;

function topTerms(freq: Map<string, number>, n: number): string[] {
  return [...freq.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n).map(([w]) => w);
}

function bestCluster(clusters: Work[], t: HotTicket): Work | null {
  let best: Work | null = null;
  let bestScore = JOIN_THRESHOLD;
  for (const c of clusters) {
    if (c.place !== t.place) continue;
    const s = textSimilarity(t.terms, c.top);
    if (s >= bestScore) {
      best = c;
      bestScore = s;
    }
  }
  return best;
}

/**
 * Clusters the current period's tickets (any order; processed by time), assigns the previous period's to
 * the same clusters, and answers clusters of at least `minCount` tickets, biggest first.
 */
export function hotClusters(current: readonly HotTicket[], previous: readonly HotTicket[], minCount = 2, limit = 50): HotCluster[] {
  const clusters: Work[] = [];
  for (const t of [...current].sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id)) {
    if (t.terms.size === 0) continue;
    let c = bestCluster(clusters, t);
    if (!c) {
      c = { place: t.place, freq: new Map(), top: new Set(), ids: [], requesters: new Set(), anonymous: 0, units: new Set(), previous: 0 };
      clusters.push(c);
    }
    c.ids.push(t.id);
    if (t.requester) c.requesters.add(t.requester);
    else c.anonymous++;
    if (t.unitId !== null) c.units.add(t.unitId);
    for (const w of t.terms) c.freq.set(w, (c.freq.get(w) ?? 0) + 1);
    c.top = new Set(topTerms(c.freq, TOP_TERMS));
  }
  const kept = clusters.filter((c) => c.ids.length >= minCount);
  for (const t of previous) {
    const c = bestCluster(kept, t);
    if (c) c.previous++;
  }
  return kept
    .sort((a, b) => b.ids.length - a.ids.length || a.ids[0]! - b.ids[0]!)
    .slice(0, limit)
    .map((c) => {
      const terms = topTerms(c.freq, 3);
      return {
        label: [c.place, terms.join("、")].filter(Boolean).join(" · "),
        place: c.place,
        terms,
        ticketIds: c.ids,
        requesterCount: c.requesters.size + c.anonymous,
        unitIds: [...c.units].sort((a, b) => a - b),
        previousCount: c.previous,
      };
    });
}

export interface RisingSettings {
  /** Growth week on week from which a cluster is rising: 0.5 = +50 %. */
  growth: number;
  /** Tickets the cluster needs this week to be considered at all. */
  minCount: number;
}

export const DEFAULT_RISING: RisingSettings = { growth: 0.5, minCount: 5 };

/** Growth of a cluster against the previous period: (now − before) / before; a new cluster counts as +∞. */
export function growthOf(c: Pick<HotCluster, "ticketIds" | "previousCount">): number {
  return c.previousCount === 0 ? Number.POSITIVE_INFINITY : (c.ticketIds.length - c.previousCount) / c.previousCount;
}

/** The rising clusters: at least `minCount` tickets and growth at or over the threshold. */
export function risingOf(clusters: readonly HotCluster[], s: RisingSettings = DEFAULT_RISING): HotCluster[] {
  return clusters.filter((c) => c.ticketIds.length >= s.minCount && growthOf(c) >= s.growth);
}

/** The place an address names: the longest of the known place names it contains (towns, streets). */
export function placeOf(address: string | null, places: readonly string[]): string | null {
  if (!address) return null;
  let best: string | null = null;
  for (const p of places) {
    const core = p.replace(/(街道办事处|街道|镇|乡|社区)$/u, "");
    if ((address.includes(p) || (core.length >= 2 && address.includes(core))) && (!best || p.length > best.length)) best = p;
  }
  return best;
}
