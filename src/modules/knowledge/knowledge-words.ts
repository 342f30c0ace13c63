import type { Db } from "../../db/database.js";
import { addWords } from "../../text/segmenter.js";

/**
 * The center's own words (issue 14): unit, category and place names, synonyms and catalogue area keywords
 * are added to the segmenter's dictionary at start and whenever the knowledge module changes them, so
 * "市住建局" or "医疗保险" stay one word. Synonym groups are cached per database handle for a few seconds.
 */

const SYNONYM_TTL_MS = 5_000;
const cache = new WeakMap<object, { at: number; map: Map<string, string[]> }>();

/** Each word of a synonym group → the group's other words. */
export async function synonymsOf(db: Db): Promise<Map<string, string[]>> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < SYNONYM_TTL_MS) return hit.map;
  const rows = await db.selectFrom("knowledge_synonyms").select("words").execute();
  const map = new Map<string, string[]>();
  for (const r of rows) {
    const group = r.words.map((w) => w.normalize("NFKC").toLowerCase().trim()).filter(Boolean);
    for (const w of group) map.set(w, [...new Set([...(map.get(w) ?? []), ...group.filter((o) => o !== w)])]);
  }
  cache.set(db, { at: Date.now(), map });
  return map;
}

/** Forgets the cached synonyms (after a change on this instance). */
export function forgetSynonyms(db: Db): void {
  cache.delete(db);
}

/** Loads the center's words into the segmenter; returns how many were new. */
export async function loadCenterWords(db: Db): Promise<number> {
  const [units, categories, synonyms, catalogue] = await Promise.all([
    db.selectFrom("units").select(["name", "region"]).execute(),
    db.selectFrom("categories").select("name").execute(),
    db.selectFrom("knowledge_synonyms").select("words").execute(),
    db.selectFrom("dispatch_catalogue").select("area_keywords").where("status", "=", "active").execute(),
  ]);
  const words = [
    ...units.flatMap((u) => [u.name, u.region ?? ""]),
    ...categories.map((c) => c.name),
    ...synonyms.flatMap((s) => s.words),
    ...catalogue.flatMap((c) => c.area_keywords),
  ];
  return addWords(words.flatMap((w) => w.split(/[\s/、，,]+/)));
}

/** How long the center's words loaded into the segmenter count as current (new units, categories). */
const WORDS_TTL_MS = 60_000;
const loaded = new WeakMap<object, { at: number; pending: Promise<number> | null }>();

/**
 * Makes sure the center's words are in the segmenter before text is segmented for search or the index:
 * loaded on first use, again at most once a minute (a unit or category added elsewhere), and at once after
 * the knowledge module changes synonyms or the catalogue (`loadCenterWords`).
 */
export async function ensureCenterWords(db: Db): Promise<void> {
  const state = loaded.get(db);
  if (state && (state.pending || Date.now() - state.at < WORDS_TTL_MS)) {
    if (state.pending) await state.pending;
    return;
  }
  const next = { at: Date.now(), pending: loadCenterWords(db) as Promise<number> | null };
  loaded.set(db, next);
  try {
    await next.pending;
  } finally {
    next.pending = null;
  }
}
