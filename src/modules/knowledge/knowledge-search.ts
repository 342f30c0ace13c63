import { sql } from "kysely";
import type { Db } from "../../db/database.js";
import { BM25, CHARACTER_FALLBACK_BELOW, CHARACTER_WEIGHT, FIELD_WEIGHTS, SYNONYM_WEIGHT, idf, pickQueryWords, postingsPerWord, queryTermWeight, type QueryWord } from "../../domain/knowledge/ranking.js";
import { countWords } from "../../domain/knowledge/ranking.js";
import { snippet } from "../../domain/knowledge/snippet.js";
import { shanghaiDate } from "../../domain/calendar/calendar.js";
import type { Actor } from "../../http/auth.js";
import { searchWords } from "../../text/segmenter.js";
import { indexTotals } from "./knowledge-index.js";
import { visibilityOf, type Visibility } from "./knowledge.policy.js";
import { ensureCenterWords, synonymsOf } from "./knowledge-words.js";

/**
 * Search of the knowledge base (docs/KNOWLEDGE.md "Search"): the query is segmented like the entries
 * (jieba with the center's words), expanded with the center's synonyms, and ranked in SQL by BM25F over the
 * postings (title ×3, tags ×2, body ×1), so PGlite and PostgreSQL give the same order. Ties go by id.
 * Every word of the query counts (weighted by how often the question uses it); each word reads its postings
 * best impact first, up to its share of POSTING_BUDGET (index knowledge_postings_impact_idx, migration 0073),
 * so the cost of a query is bounded whatever the size of the base.
 */

export interface SearchFilters {
  kind?: string;
  categoryId?: number;
  unitId?: number;
  status?: string;
  scopeType?: "accept" | "reject";
}

export interface SearchHit {
  id: number;
  title: string;
  score: number;
  snippet: string;
}

export interface RankedRow {
  id: number;
  score: number;
}

/**
 * The query's words with their weights: a typed word by how often it is used (queryTermWeight: 1 once),
 * its synonyms SYNONYM_WEIGHT of that.
 */
export async function queryWords(db: Db, q: string): Promise<Map<string, number>> {
  await ensureCenterWords(db);
  const counts = countWords(searchWords(q));
  const weights = new Map<string, number>([...counts].map(([t, n]) => [t, queryTermWeight(n)]));
  const syn = await synonymsOf(db);
  for (const [t, n] of counts) {
    for (const s of syn.get(t) ?? []) {
      for (const w of searchWords(s)) if (!weights.has(w)) weights.set(w, SYNONYM_WEIGHT * queryTermWeight(n));
    }
  }
  return weights;
}

/** The SQL filter of what the viewer may see and asked for. */
function filterSql(v: Visibility, f: SearchFilters, today: string) {
  const parts = [sql`e.status <> 'retired' OR ${f.status ?? null}::text = 'retired'`];
  if (v.kind === "published") {
    parts.push(sql`e.status = 'published' AND (e.valid_from IS NULL OR e.valid_from <= ${today}) AND (e.valid_to IS NULL OR e.valid_to >= ${today})`);
  } else if (v.kind === "unit") {
    parts.push(sql`(e.unit_id = ${v.unitId} OR (e.status = 'published' AND (e.valid_from IS NULL OR e.valid_from <= ${today}) AND (e.valid_to IS NULL OR e.valid_to >= ${today})))`);
  }
  if (f.kind) parts.push(sql`e.kind = ${f.kind}`);
  if (f.categoryId) parts.push(sql`e.category_id = ${f.categoryId}`);
  if (f.unitId) parts.push(sql`e.unit_id = ${f.unitId}`);
  if (f.status) parts.push(sql`e.status = ${f.status}`);
  if (f.scopeType) parts.push(sql`e.scope_type = ${f.scopeType}`);
  return sql.join(parts.map((p) => sql`(${p})`), sql` AND `);
}

/**
 * Entry ids best first with their scores, for a query. `offset`/`limit` page through the ranking. Returns
 * the words looked up too (for snippets).
 */
export async function rankEntries(
  db: Db,
  q: string,
  opts: { visibility: Visibility; filters?: SearchFilters; today: string; limit: number; offset?: number },
): Promise<{ rows: RankedRow[]; terms: string[] }> {
  const weights = await queryWords(db, q);
  if (weights.size === 0) return { rows: [], terms: [] };
  const totals = await indexTotals(db);
  if (totals.docs === 0) return { rows: [], terms: [] };
  const dfRows = await db.selectFrom("knowledge_df").select(["term", "df"]).where("term", "in", [...weights.keys()]).execute();
  // A typed word the index has never seen (养狗 against 养犬 and 狗) falls back to its characters, at half weight,
  // when the words the index knows are too few to rank by (a short query): in a long question single
  // characters only add noise (top-3 0.877 → 0.887 on the bench pairs without them).
  const known = new Set(dfRows.map((r) => r.term));
  const typed = new Set(searchWords(q));
  const knownTyped = [...typed].filter((w) => known.has(w)).length;
  const fallback = new Map<string, number>();
  for (const w of typed) {
    if (knownTyped >= CHARACTER_FALLBACK_BELOW || known.has(w) || w.length < 2) continue;
    for (const ch of new Set(w)) if (!weights.has(ch)) fallback.set(ch, CHARACTER_WEIGHT);
  }
  if (fallback.size > 0) {
    dfRows.push(...(await db.selectFrom("knowledge_df").select(["term", "df"]).where("term", "in", [...fallback.keys()]).execute()));
    for (const [ch, w] of fallback) weights.set(ch, w);
  }
  const candidates: QueryWord[] = dfRows.map((r) => ({ term: r.term, df: r.df, weight: weights.get(r.term) ?? 1 }));
  const picked = pickQueryWords(candidates);
  if (picked.length === 0) return { rows: [], terms: [] };
  const values = sql.join(picked.map((w) => sql`(${w.term}::text, ${idf(totals.docs, w.df) * w.weight}::float8)`));
  const { k1, b } = BM25;
  const norm = (tf: string, len: string, avg: number, weight: number) =>
    sql`${weight}::float8 * p.${sql.raw(tf)} / (${1 - b}::float8 + ${b / Math.max(avg, 1)}::float8 * p.${sql.raw(len)})`;
  const tfw = sql`(${norm("tt", "lt", totals.avg.title, FIELD_WEIGHTS.title)} + ${norm("tg", "lg", totals.avg.tags, FIELD_WEIGHTS.tags)} + ${norm("tb", "lb", totals.avg.body, FIELD_WEIGHTS.body)})`;
  const result = await sql<{ id: number; score: number }>`
    WITH q(term, w) AS (VALUES ${values}),
    s AS (
      SELECT p.entry_id, sum(q.w * ${tfw} / (${k1}::float8 + ${tfw})) AS score
      FROM q CROSS JOIN LATERAL (
        SELECT k.entry_id, k.tt, k.tg, k.tb, k.lt, k.lg, k.lb FROM knowledge_postings k
        WHERE k.term = q.term ORDER BY k.imp DESC, k.entry_id LIMIT ${postingsPerWord(picked.length)}
      ) p
      GROUP BY p.entry_id
    )
    SELECT e.id, round(s.score::numeric, 6)::float8 AS score
    FROM s JOIN knowledge_entries e ON e.id = s.entry_id
    WHERE ${filterSql(opts.visibility, opts.filters ?? {}, opts.today)}
    ORDER BY score DESC, e.id
    LIMIT ${opts.limit} OFFSET ${opts.offset ?? 0}`.execute(db);
  return { rows: result.rows.map((r) => ({ id: r.id, score: Number(r.score) })), terms: [...weights.keys()] };
}

/** The plain listing (no query): newest first, same filters. */
export async function listEntries(db: Db, opts: { visibility: Visibility; filters?: SearchFilters; today: string; limit: number; offset?: number }): Promise<RankedRow[]> {
  const result = await sql<{ id: number }>`
    SELECT e.id FROM knowledge_entries e
    WHERE ${filterSql(opts.visibility, opts.filters ?? {}, opts.today)}
    ORDER BY e.updated_at DESC, e.id DESC
    LIMIT ${opts.limit} OFFSET ${opts.offset ?? 0}`.execute(db);
  return result.rows.map((r) => ({ id: r.id, score: 0 }));
}

/**
 * Search for other modules (issue 15's suggestions): the best published, valid entries for a text, as the
 * actor (an operator by default) would see them.
 */
export async function searchKnowledge(db: Db, query: string, opts: { limit?: number; actor?: Actor; today?: string } = {}): Promise<SearchHit[]> {
  const today = opts.today ?? shanghaiDate(new Date());
  const visibility: Visibility = opts.actor ? visibilityOf(opts.actor) : { kind: "published" };
  const { rows, terms } = await rankEntries(db, query, { visibility, today, limit: opts.limit ?? 5 });
  if (rows.length === 0) return [];
  const entries = await db.selectFrom("knowledge_entries").select(["id", "title", "body_text"]).where("id", "in", rows.map((r) => r.id)).execute();
  const byId = new Map(entries.map((e) => [e.id, e]));
  return rows.flatMap((r) => {
    const e = byId.get(r.id);
    return e ? [{ id: e.id, title: e.title, score: r.score, snippet: snippet(e.body_text, terms) }] : [];
  });
}
