import { sql } from "kysely";
import type { Db } from "../../db/database.js";
import { BM25, countWords, FIELD_WEIGHTS, weightedTf } from "../../domain/knowledge/ranking.js";
import { searchWords } from "../../text/segmenter.js";

/**
 * The search index of the knowledge base (docs/KNOWLEDGE.md "Search"): one `knowledge_postings` row per word
 * and entry with the word's count in the title, tags and body and those fields' lengths, and the document
 * frequencies in `knowledge_df` (the row with the empty word holds the entry count and length sums). Written
 * in the transaction of the change, so the index never disagrees with the entry it describes. Each posting
 * also carries its impact (`imp`, the BM25F weighted frequency with the averages of the moment), the order
 * in which a query reads a word's postings (migration 0073).
 */

export interface IndexedText {
  title: string;
  tags: readonly string[];
  /** The body as plain text, with the answer if any. */
  body: string;
}

const SMALL = 32_000;
const cap = (n: number) => Math.min(n, SMALL);

/** The words of each field, as search-mode segments (the same function the query goes through). */
export function fieldWords(t: IndexedText) {
  return { title: searchWords(t.title), tags: searchWords(t.tags.join(" ")), body: searchWords(t.body) };
}

/** Removes an entry from the index (retired, or about to be re-indexed). */
export async function unindexEntry(trx: Db, entryId: number): Promise<void> {
  const old = await trx.selectFrom("knowledge_postings").select(["term", "lt", "lg", "lb"]).where("entry_id", "=", entryId).execute();
  if (old.length === 0) return;
  const first = old[0]!;
  await sql`UPDATE knowledge_df SET df = df - 1 WHERE term IN (SELECT term FROM knowledge_postings WHERE entry_id = ${entryId})`.execute(trx);
  await sql`UPDATE knowledge_df SET df = df - 1, sum_lt = sum_lt - ${first.lt}, sum_lg = sum_lg - ${first.lg}, sum_lb = sum_lb - ${first.lb} WHERE term = ''`.execute(trx);
  await trx.deleteFrom("knowledge_postings").where("entry_id", "=", entryId).execute();
}

/** (Re)indexes an entry's live text. */
export async function indexEntry(trx: Db, entryId: number, text: IndexedText): Promise<void> {
  await unindexEntry(trx, entryId);
  const w = fieldWords(text);
  const tt = countWords(w.title);
  const tg = countWords(w.tags);
  const tb = countWords(w.body);
  const terms = [...new Set([...tt.keys(), ...tg.keys(), ...tb.keys()])].filter((t) => t.length <= 60);
  const lt = cap(w.title.length);
  const lg = cap(w.tags.length);
  const lb = w.body.length;
  await sql`UPDATE knowledge_df SET df = df + 1, sum_lt = sum_lt + ${lt}, sum_lg = sum_lg + ${lg}, sum_lb = sum_lb + ${lb} WHERE term = ''`.execute(trx);
  if (terms.length === 0) return;
  const { avg } = await indexTotals(trx);
  for (let i = 0; i < terms.length; i += 500) {
    const chunk = terms.slice(i, i + 500);
    await trx
      .insertInto("knowledge_postings")
      .values(chunk.map((term) => postingRow(term, entryId, { title: tt.get(term) ?? 0, tags: tg.get(term) ?? 0, body: tb.get(term) ?? 0 }, { title: lt, tags: lg, body: lb }, avg)))
      .execute();
    await trx
      .insertInto("knowledge_df")
      .values(chunk.map((term) => ({ term, df: 1 })))
      .onConflict((oc) => oc.column("term").doUpdateSet({ df: sql`knowledge_df.df + 1` }))
      .execute();
  }
}

/** One posting row: the word's counts and the fields' lengths (capped to smallint) and its impact. */
export function postingRow(term: string, entryId: number, tf: { title: number; tags: number; body: number }, len: { title: number; tags: number; body: number }, avg: IndexTotals["avg"]) {
  const row = { term, entry_id: entryId, tt: cap(tf.title), tg: cap(tf.tags), tb: cap(tf.body), lt: cap(len.title), lg: cap(len.tags), lb: len.body };
  return { ...row, imp: Math.fround(weightedTf({ title: row.tt, tags: row.tg, body: row.tb }, { title: row.lt, tags: row.lg, body: row.lb }, avg)) };
}

/**
 * Recomputes every posting's impact with today's averages (after a bulk load; the averages drift slowly,
 * so entries written long ago are read in nearly the right order anyway and their scores are exact).
 */
export async function refreshImpacts(db: Db): Promise<void> {
  const { avg } = await indexTotals(db);
  const norm = (tf: string, len: string, a: number, w: number) => sql`${w}::float8 * ${sql.ref(tf)} / (${1 - BM25.b}::float8 + ${BM25.b}::float8 * ${sql.ref(len)} / ${Math.max(a, 1)}::float8)`;
  await sql`UPDATE knowledge_postings SET imp = (${norm("tt", "lt", avg.title, FIELD_WEIGHTS.title)} + ${norm("tg", "lg", avg.tags, FIELD_WEIGHTS.tags)} + ${norm("tb", "lb", avg.body, FIELD_WEIGHTS.body)})::real`.execute(db);
}

export interface IndexTotals {
  docs: number;
  avg: { title: number; tags: number; body: number };
}

/** The entry count and average field lengths. */
export async function indexTotals(db: Db): Promise<IndexTotals> {
  const row = await db.selectFrom("knowledge_df").selectAll().where("term", "=", "").executeTakeFirst();
  const docs = row?.df ?? 0;
  const avg = (s: string | number | undefined) => (docs > 0 ? Number(s ?? 0) / docs : 1);
  return { docs, avg: { title: avg(row?.sum_lt), tags: avg(row?.sum_lg), body: avg(row?.sum_lb) } };
}
