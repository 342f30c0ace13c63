/**
 * Knowledge-base search (issue 14, docs/KNOWLEDGE.md "Measured"): quality and speed, each beside a plain
 * baseline in the same run.
 *
 * Quality: teddycup2020-c attachment 4 (citizens' messages with the official replies), read at run time and
 * never committed. Every reply is an entry (title = the message's subject, body = the reply); the queries are
 * the citizens' message texts (first 200 characters) of the first N usable rows by message number (reply ≥ 30
 * and message ≥ 20 characters, one per subject). A hit = the query's own reply in the top 3. Baseline: a plain
 * ILIKE ranking without segmentation (how many of the query's two-character pieces occur in the title or body).
 *
 * Speed: search p99 over a synthetic corpus (the replies repeated with their subjects shuffled between them),
 * against the baseline of one trigram-indexed ILIKE on the text for the query's first word.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { sql } from "kysely";
import type { Db } from "../../src/db/database.js";
import { countWords } from "../../src/domain/knowledge/ranking.js";
import { fieldWords, postingRow, refreshImpacts } from "../../src/modules/knowledge/knowledge-index.js";
import { rankEntries } from "../../src/modules/knowledge/knowledge-search.js";
import type { BenchRow } from "../lib/result.js";

export interface Pair {
  subject: string;
  question: string;
  reply: string;
}

const clean = (v: unknown) => String(v ?? "").replace(/\s+/g, " ").trim();

/** The (question, reply) pairs of attachment 4, or null (with the reason printed) when the data is absent. */
export async function loadPairs(teddyDir: string, log: (s: string) => void): Promise<Pair[] | null> {
  const file = join(teddyDir, "attachment4-replies-full.xlsx");
  if (!existsSync(file)) {
    log(`knowledge: ${file} is absent — quality figure skipped; speed uses generated text`);
    return null;
  }
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0]!;
  const rows: Array<Pair & { no: number }> = [];
  const seen = new Set<string>();
  ws.eachRow((row, i) => {
    if (i === 1) return;
    const v = row.values as unknown[];
    const subject = clean(v[3]);
    const question = clean(v[5]).slice(0, 200);
    const reply = clean(v[6]);
    if (reply.length < 30 || question.length < 20 || !subject || seen.has(subject)) return;
    seen.add(subject);
    rows.push({ no: Number(v[1]), subject, question, reply });
  });
  rows.sort((a, b) => a.no - b.no);
  return rows.map(({ subject, question, reply }) => ({ subject, question, reply }));
}

/** Bulk-loads published entries and their postings (the same words and counts as indexEntry, in batches). */
export async function bulkLoad(db: Db, entries: ReadonlyArray<{ title: string; body: string }>): Promise<number[]> {
  const now = new Date();
  const ids: number[] = [];
  for (let i = 0; i < entries.length; i += 500) {
    const chunk = entries.slice(i, i + 500);
    const rows = await db
      .insertInto("knowledge_entries")
      .values(chunk.map((e) => ({ kind: "faq", status: "published" as const, title: e.title, body: `<p>${e.body}</p>`, body_text: e.body, tags: "[]", created_at: now, updated_at: now, published_at: now })))
      .returning("id")
      .execute();
    const postings: Array<ReturnType<typeof postingRow>> = [];
    rows.forEach((r, j) => {
      ids.push(r.id);
      const w = fieldWords({ title: chunk[j]!.title, tags: [], body: chunk[j]!.body });
      const tt = countWords(w.title);
      const tb = countWords(w.body);
      for (const term of new Set([...tt.keys(), ...tb.keys()])) {
        if (term.length > 60) continue;
        postings.push(postingRow(term, r.id, { title: tt.get(term) ?? 0, tags: 0, body: tb.get(term) ?? 0 }, { title: w.title.length, tags: 0, body: w.body.length }, { title: 1, tags: 1, body: 1 }));
      }
    });
    for (let k = 0; k < postings.length; k += 2000) await db.insertInto("knowledge_postings").values(postings.slice(k, k + 2000)).execute();
  }
  await sql`DELETE FROM knowledge_df`.execute(db);
  await sql`INSERT INTO knowledge_df (term, df) SELECT term, count(*) FROM knowledge_postings GROUP BY term`.execute(db);
  await sql`INSERT INTO knowledge_df (term, df, sum_lt, sum_lg, sum_lb)
    SELECT '', count(*), coalesce(sum(lt), 0), 0, coalesce(sum(lb), 0) FROM (SELECT DISTINCT entry_id, lt, lb FROM knowledge_postings) x`.execute(db);
  await refreshImpacts(db);
  await sql`ANALYZE knowledge_postings`.execute(db);
  await sql`ANALYZE knowledge_entries`.execute(db);
  return ids;
}

/** The baseline ranking: how many of the query's two-character pieces occur (ILIKE) in title or body. */
async function baselineTop(db: Db, q: string, limit: number): Promise<number[]> {
  const chars = [...q.replace(/[^\p{L}\p{N}]/gu, "")];
  const grams = [...new Set(chars.slice(0, -1).map((c, i) => c + chars[i + 1]))].slice(0, 60);
  if (grams.length === 0) return [];
  const score = sql.join(grams.map((g) => sql`(CASE WHEN e.title || ' ' || e.body_text ILIKE ${`%${g}%`} THEN 1 ELSE 0 END)`), sql` + `);
  const r = await sql<{ id: number }>`SELECT e.id FROM knowledge_entries e ORDER BY ${score} DESC, e.id LIMIT ${limit}`.execute(db);
  return r.rows.map((x) => x.id);
}

const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))]!;
const today = () => new Date().toISOString().slice(0, 10);

/** Top-3 hit rate of ours and of the baseline over `queries` pairs (entries already loaded, ids by pair). */
export async function qualityRows(db: Db, engine: BenchRow["engine"], pairs: readonly Pair[], ids: readonly number[], queries: number): Promise<BenchRow[]> {
  let ours = 0;
  let base = 0;
  const n = Math.min(queries, pairs.length);
  for (let i = 0; i < n; i++) {
    const q = pairs[i]!.question;
    const { rows } = await rankEntries(db, q, { visibility: { kind: "published" }, today: today(), limit: 3 });
    if (rows.some((r) => r.id === ids[i])) ours++;
    if ((await baselineTop(db, q, 3)).includes(ids[i]!)) base++;
  }
  const value = ours / n;
  const baseline = base / n;
  return [{ engine, bench: "knowledge top-3 hit rate", scale: `${n} questions over ${ids.length} replies (teddycup 2020-C)`, unit: "", value, baseline, ratio: baseline > 0 ? value / baseline : undefined, goal: "≥ 0.9", met: value >= 0.9 }];
}

/** Search p99 (ms) over the loaded corpus for the questions, beside the trigram ILIKE baseline. */
export async function speedRows(db: Db, engine: BenchRow["engine"], questions: readonly string[], entries: number, runs: number, goalMs: number): Promise<BenchRow[]> {
  await sql`CREATE INDEX IF NOT EXISTS bench_knowledge_trgm ON knowledge_entries USING gin (body_text gin_trgm_ops)`.execute(db).catch(() => undefined);
  const ours: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < runs; i++) {
    const q = questions[i % questions.length]!;
    let t = performance.now();
    await rankEntries(db, q, { visibility: { kind: "published" }, today: today(), limit: 10 });
    ours.push(performance.now() - t);
    const word = q.replace(/[^\p{L}\p{N}]/gu, "").slice(0, 3);
    t = performance.now();
    await sql`SELECT id FROM knowledge_entries WHERE status = 'published' AND body_text ILIKE ${`%${word}%`} ORDER BY id LIMIT 10`.execute(db);
    base.push(performance.now() - t);
  }
  const value = p99(ours);
  const baseline = p99(base);
  return [{ engine, bench: "knowledge search p99", scale: `${entries.toLocaleString("en")} entries, ${runs} queries`, unit: "ms", value, baseline, ratio: baseline / value, goal: `≤ ${goalMs} ms`, met: value <= goalMs }];
}

/** The synthetic corpus: `n` entries from the pairs (subjects and replies recombined), or generated text. */
export function syntheticEntries(pairs: readonly Pair[] | null, n: number): Array<{ title: string; body: string }> {
  const src = pairs && pairs.length > 0 ? pairs : Array.from({ length: 200 }, (_, i) => ({ subject: `第${i}号小区供水管网改造进度咨询`, question: "", reply: `关于第${i}号小区供水管网改造，区住建局已安排施工单位加快进度，预计本月底完成，期间将临时供水。` }));
  const out: Array<{ title: string; body: string }> = [];
  for (let i = 0; i < n; i++) {
    const a = src[i % src.length]!;
    const b = src[(i * 7 + 3) % src.length]!;
    out.push({ title: `${a.subject}（${Math.floor(i / src.length) + 1}）`, body: `${a.reply.slice(0, 300)} ${b.reply.slice(0, 120)}` });
  }
  return out;
}

export interface KnowledgeBenchOptions {
  url: string;
  teddyDir: string;
  /** Entries for the speed figure on PostgreSQL (issue 14: 100,000) and on PGlite (20,000). */
  postgresEntries: number;
  pgliteEntries: number;
  queries: number;
  runs: number;
  skipPostgres: boolean;
  skipPglite: boolean;
  /** PostgreSQL schemas used: `<schema>_q` (quality) and `<schema>` (speed), dropped and rebuilt. */
  schema: string;
  log: (s: string) => void;
}

/** `npm run bench -- --only knowledge [--knowledge-pg 100000] [--knowledge-lite 20000] [--knowledge-queries 300]`. */
export async function runKnowledgeBench(o: KnowledgeBenchOptions, rows: BenchRow[]): Promise<void> {
  const { openDatabase } = await import("../../src/db/database.js");
  const { migrate } = await import("../../src/db/migrate.js");
  const pairs = await loadPairs(o.teddyDir, o.log);
  const questions = pairs ? pairs.slice(0, o.queries).map((p) => p.question) : ["小区供水管网改造什么时候完成", "停水了什么时候恢复供水", "施工进度太慢"];
  const engines: Array<{ engine: BenchRow["engine"]; open: (schema: string) => Promise<{ db: Db; close: () => Promise<void>; exec: (s: string) => Promise<void> }>; entries: number; goal: number }> = [];
  if (!o.skipPglite) engines.push({ engine: "pglite", open: async () => openDatabase({}), entries: o.pgliteEntries, goal: 50 });
  if (!o.skipPostgres) engines.push({ engine: "postgres", open: async (schema) => openDatabase({ url: o.url, schema }), entries: o.postgresEntries, goal: 30 });
  for (const e of engines) {
    if (pairs) {
      const q = await e.open(`${o.schema}_q`);
      await q.exec(`DROP SCHEMA IF EXISTS ${o.schema}_q CASCADE; CREATE SCHEMA IF NOT EXISTS ${o.schema}_q;`).catch(() => undefined);
      await migrate(q as never);
      o.log(`knowledge (${e.engine}): loading ${pairs.length} replies as entries…`);
      const ids = await bulkLoad(q.db, pairs.map((p) => ({ title: p.subject, body: p.reply })));
      rows.push(...(await qualityRows(q.db, e.engine, pairs, ids, o.queries)));
      await q.close();
    }
    if (e.entries <= 0) continue;
    const s = await e.open(o.schema);
    await s.exec(`DROP SCHEMA IF EXISTS ${o.schema} CASCADE; CREATE SCHEMA IF NOT EXISTS ${o.schema};`).catch(() => undefined);
    await migrate(s as never);
    o.log(`knowledge (${e.engine}): loading ${e.entries.toLocaleString("en")} synthetic entries…`);
    await bulkLoad(s.db, syntheticEntries(pairs, e.entries));
    rows.push(...(await speedRows(s.db, e.engine, questions, e.entries, o.runs, e.goal)));
    await s.close();
  }
}
