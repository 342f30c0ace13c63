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
  /** Creation order: of equally similar clusters, the later one wins (as a scan in creation order with >= gives). */
  order: number;
  place: string | null;
  freq: Map<string, number>;
  top: Set<string>;
  /** The top words with their counts, in `before` order (at most TOP_TERMS). */
  ranked: Array<[string, number]>;
  ids: number[];
  requesters: Set<string>;
  anonymous: number;
  units: Set<number>;
  previous: number;
}

/** Similarity to a cluster's top words from which a ticket joins it. */
export const JOIN_THRESHOLD = 0.35;
const TOP_TERMS = 8;

/** Count descending, then the word ascending (a total order: words are distinct). */
const before = (a: readonly [string, number], b: readonly [string, number]) => a[1] > b[1] || (a[1] === b[1] && a[0] < b[0]);

/** The n most frequent words (ties by the word), selected in one pass instead of sorting the vocabulary. */
function topTerms(freq: Map<string, number>, n: number): string[] {
  const top: Array<[string, number]> = [];
  for (const e of freq) {
    if (top.length === n && !before(e, top[n - 1]!)) continue;
    let i = top.length;
    while (i > 0 && before(e, top[i - 1]!)) i--;
    top.splice(i, 0, e);
    if (top.length > n) top.pop();
  }
  return top.map(([w]) => w);
}

/** The fewest common words a ticket of `a` words needs with a top of `m` words to reach the threshold (m + 1: never). */
function needFor(a: number, m: number): number {
  for (let k = 1; k <= m; k++) if (k / Math.sqrt(a * m) >= JOIN_THRESHOLD) return k;
  return m + 1;
}

/**
 * Tiers of the prefix index by ticket size: a ticket of a words uses the largest tier ≤ a. Tier 1 lists every
 * top word (need(1, m) = 1 for m ≤ 8); bigger tickets need more common words, so fewer of a top's words suffice.
 */
const TIERS = [1, 10, 20, 30, 40] as const;
/** For tier i and a top of m words: how many of its rarest words that tier lists (pigeonhole, see ClusterIndex). */
const PREFIX_LEN = TIERS.map((aMin) => Array.from({ length: TOP_TERMS + 1 }, (_, m) => Math.max(0, m - needFor(aMin, m) + 1)));

type Postings = Map<string, Set<Work>>;

/**
 * The clusters of each place, indexed by their top words, so a ticket is scored only against clusters that
 * can reach the threshold (scores are textSimilarity's: common / √(|ticket| · |top|)), not against every
 * cluster of its place (a week of a big city has tens of thousands of tickets and as many clusters).
 * Exact prefix filtering: a ticket of a words reaches the threshold with a top of m words only if they share
 * need(a, m) words, and need(a, m) ≥ need(aMin, m) for a ≥ aMin; then the ticket shares one of ANY
 * m − need(aMin, m) + 1 of the top words. Each tier lists every cluster under that many of its rarest words
 * (by document frequency in the period), so the commonest words, in thousands of clusters' tops, are not
 * walked by the long tickets. Candidates are then scored exactly; of equal scores the later cluster wins, as a
 * scan in creation order did.
 */
class ClusterIndex {
  private readonly byPlace = new Map<string | null, Postings[]>();
  private readonly listed = new Map<Work, string[][]>();
  /** Clusters already scored for the ticket at hand (reused: one per ticket would be garbage). */
  private readonly seen = new Set<Work>();

  constructor(private readonly df: ReadonlyMap<string, number>) {}

  private tiers(place: string | null): Postings[] {
    let m = this.byPlace.get(place);
    if (!m) this.byPlace.set(place, (m = TIERS.map(() => new Map())));
    return m;
  }

  add(c: Work): void {
    const tiers = this.tiers(c.place);
    const rare = [...c.top].sort((x, y) => (this.df.get(x) ?? 0) - (this.df.get(y) ?? 0) || (x < y ? -1 : 1));
    const lists = tiers.map((p, i) => {
      const words = rare.slice(0, PREFIX_LEN[i]![c.top.size] ?? 0);
      for (const w of words) {
        let set = p.get(w);
        if (!set) p.set(w, (set = new Set()));
        set.add(c);
      }
      return words;
    });
    this.listed.set(c, lists);
  }

  remove(c: Work): void {
    const tiers = this.tiers(c.place);
    (this.listed.get(c) ?? []).forEach((words, i) => {
      for (const w of words) tiers[i]!.get(w)?.delete(c);
    });
    this.listed.delete(c);
  }

  best(t: HotTicket): Work | null {
    const tiers = this.byPlace.get(t.place);
    const a = t.terms.size;
    if (!tiers || a === 0) return null;
    let tier = 0;
    while (tier + 1 < TIERS.length && TIERS[tier + 1]! <= a) tier++;
    const p = tiers[tier]!;
    let best: Work | null = null;
    let bestScore = JOIN_THRESHOLD;
    const seen = this.seen;
    seen.clear();
    for (const w of t.terms) {
      const set = p.get(w);
      if (!set) continue;
      for (const c of set) {
        if (seen.has(c)) continue;
        seen.add(c);
        let n = 0;
        for (const x of c.top) if (t.terms.has(x)) n++;
        const s = n / Math.sqrt(a * c.top.size);
        if (s > bestScore || (s === bestScore && (best === null || c.order > best.order))) {
          best = c;
          bestScore = s;
        }
      }
    }
    return best;
  }
}

/**
 * Clusters the current period's tickets (any order; processed by time), assigns the previous period's to
 * the same clusters, and answers clusters of at least `minCount` tickets, biggest first. A ticket joins the
 * most similar cluster of its place (the latest of equals) when the similarity to the cluster's top words
 * reaches JOIN_THRESHOLD, else it starts one.
 */
export function hotClusters(current: readonly HotTicket[], previous: readonly HotTicket[], minCount = 2, limit = 50): HotCluster[] {
  const clusters: Work[] = [];
  const df = new Map<string, number>();
  for (const t of [...current, ...previous]) for (const w of t.terms) df.set(w, (df.get(w) ?? 0) + 1);
  const index = new ClusterIndex(df);
  for (const t of [...current].sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id)) {
    if (t.terms.size === 0) continue;
    let c = index.best(t);
    const fresh = !c;
    if (!c) {
      c = { order: clusters.length, place: t.place, freq: new Map(), top: new Set(), ranked: [], ids: [], requesters: new Set(), anonymous: 0, units: new Set(), previous: 0 };
      clusters.push(c);
    }
    c.ids.push(t.id);
    if (t.requester) c.requesters.add(t.requester);
    else c.anonymous++;
    if (t.unitId !== null) c.units.add(t.unitId);
    // The top words, updated incrementally: counts only grow, so a word outside the top that this ticket did
    // not name stays behind the old eighth; only the ticket's words can enter.
    const eighth = c.ranked.length >= TOP_TERMS ? ([c.ranked[TOP_TERMS - 1]![0], c.ranked[TOP_TERMS - 1]![1]] as const) : null;
    let moved = false;
    for (const w of t.terms) {
      const n = (c.freq.get(w) ?? 0) + 1;
      c.freq.set(w, n);
      const e = c.ranked.find((x) => x[0] === w);
      if (e) {
        e[1] = n;
        moved = true;
      } else if (!eighth || before([w, n], eighth)) {
        c.ranked.push([w, n]);
        moved = true;
      }
    }
    if (moved) {
      c.ranked.sort((x, y) => (before(x, y) ? -1 : 1));
      c.ranked.length = Math.min(c.ranked.length, TOP_TERMS);
    }
    const top = c.ranked.map(([w]) => w);
    if (fresh || top.length !== c.top.size || top.some((w) => !c.top.has(w))) {
      if (!fresh) index.remove(c);
      c.top = new Set(top);
      index.add(c);
    }
  }
  const kept = clusters.filter((c) => c.ids.length >= minCount);
  const keptIndex = new ClusterIndex(df);
  for (const c of kept) keptIndex.add(c);
  for (const t of previous) {
    const c = keptIndex.best(t);
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
  return placeMatcher(places)(address);
}

/**
 * `placeOf` for many addresses against one list of places: each place's core name (without 街道 / 镇 / 乡 …)
 * is derived once, not once per address.
 */
export function placeMatcher(places: readonly string[]): (address: string | null) => string | null {
  const known = places.map((p) => ({ p, core: p.replace(/(街道办事处|街道|镇|乡|社区)$/u, "") }));
  return (address) => {
    if (!address) return null;
    let best: string | null = null;
    for (const { p, core } of known) {
      if ((address.includes(p) || (core.length >= 2 && address.includes(core))) && (!best || p.length > best.length)) best = p;
    }
    return best;
  };
}
