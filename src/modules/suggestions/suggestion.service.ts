import { sql } from "kysely";
import type { Db } from "../../db/database.js";
import { DomainError } from "../../domain/errors.js";
import { featureStrings, normaliseAddress } from "../../domain/suggestions/features.js";
import { accuracy, macroF1, topKAccuracy } from "../../domain/suggestions/evaluate.js";
import { placeOf } from "../../domain/suggestions/hot-issues.js";
import { probeTerms } from "../../domain/suggestions/repeats.js";
import {
  bucketCounts,
  decodeModel,
  encodeModel,
  modelRows,
  predictProba,
  pruneModel,
  topLabels,
  type BucketCounts,
  type LinearModel,
} from "../../domain/suggestions/linear-model.js";
import { addTextFeatures, textFeatures, trainSvmSteps } from "../../domain/suggestions/svm.js";
import { words } from "../../text/segmenter.js";
import { writeAudit } from "../audit/audit.repository.js";
import { SUGGESTION_PROVIDERS } from "./suggestion.providers.js";

/**
 * Category and unit suggestions learned from the center's own tickets (issue 15, docs/SUGGESTIONS.md):
 * training (examples from the database, a held-out evaluation on the most recent tickets, a versioned row
 * in suggestion_models), the loaded model per database, and the answer to POST /api/suggestions.
 */

export interface Evaluation {
  examples: number;
  holdout: number;
  classes: number;
  macroF1: number | null;
  top1: number | null;
  top3: number | null;
}

export interface TrainResult {
  modelVersion: number;
  examples: number;
  durationMs: number;
  evaluation: { category: Evaluation; unit: Evaluation };
}

/** Tickets a training reads at most (the most recent): bounds memory (≈ 5 KB per example) and time. */
export const DEFAULT_MAX_EXAMPLES = 200_000;

export interface TrainOptions {
  /** At most this many of the most recent tickets (default DEFAULT_MAX_EXAMPLES). */
  maxExamples?: number;
  epochs?: number;
  /** Share of the most recent examples held out for the evaluation (default 0.1). */
  holdoutShare?: number;
}

interface Loaded {
  version: number;
  category: { model: LinearModel; rows: Map<number, number> } | null;
  unit: { model: LinearModel; rows: Map<number, number> } | null;
}

const loaded = new WeakMap<Db, Loaded | null>();
const training = new WeakSet<Db>();
const towns = new WeakMap<Db, { at: number; list: Array<{ id: number; name: string }> }>();

/** Gives the event loop back (requests keep being served while a model trains). */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

async function drive<T>(g: Generator<unknown, T, void>): Promise<T> {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
    await breathe();
  }
}

/** A ticket's features: words and characters of title + content, and (units) its address words, namespaced. */
export function ticketFeatures(title: string, content: string, address: string | null, withAddress: boolean): BucketCounts {
  const text = `${title} ${content}`.slice(0, 4000);
  const f = textFeatures(words(text), text);
  if (withAddress && address) addTextFeatures(f, words(address.slice(0, 200)), "", { prefix: "a:", charMax: 0 });
  return f;
}

interface Example {
  doc: BucketCounts;
  label: string;
}

/** Many classes (a city's leaf categories, its hundreds of units): each example a negative for 24 sampled classes. */
function svmOptions(classes: number, epochs: number) {
  return { epochs, negatives: classes > 25 ? 24 : undefined };
}

async function fitOne(examples: Example[], holdoutShare: number, epochs: number): Promise<{ model: LinearModel | null; evaluation: Evaluation }> {
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const empty: Evaluation = { examples: examples.length, holdout: 0, classes: labels.length, macroF1: null, top1: null, top3: null };
  if (labels.length < 2) return { model: null, evaluation: empty };
  const holdout = examples.length >= 20 ? Math.max(1, Math.floor(examples.length * holdoutShare)) : 0;
  const train = examples.slice(0, examples.length - holdout);
  const test = examples.slice(examples.length - holdout);
  const y = Int32Array.from(train, (e) => index.get(e.label)!);
  let model = await drive(trainSvmSteps(train.map((e) => e.doc), y, labels, svmOptions(labels.length, epochs)));
  let evaluation = empty;
  if (holdout > 0) {
    const rows = modelRows(model);
    const truth: number[] = [];
    const pred: number[] = [];
    const ranked: number[][] = [];
    for (const e of test) {
      const p = predictProba(model, rows, e.doc);
      const order = [...p.keys()].sort((a, b) => p[b]! - p[a]! || a - b);
      truth.push(index.get(e.label)!);
      pred.push(order[0]!);
      ranked.push(order.slice(0, 3));
    }
    const round = (v: number) => Math.round(v * 10000) / 10000;
    evaluation = { ...empty, holdout, macroF1: round(macroF1(truth, pred, labels.length)), top1: round(accuracy(truth, pred)), top3: round(topKAccuracy(truth, ranked, 3)) };
    // The served model learns the held-out (most recent) tickets too: one more pass over all of it.
    const yAll = Int32Array.from(examples, (e) => index.get(e.label)!);
    model = await drive(trainSvmSteps(examples.map((e) => e.doc), yAll, labels, svmOptions(labels.length, Math.max(2, Math.ceil(epochs / 2)))));
  }
  return { model: pruneModel(model), evaluation };
}

/**
 * Trains both models from the center's tickets: the category an operator chose (tickets with a category)
 * and the unit that kept the ticket (the lead unit of replied tickets, so a unit a ticket was returned from
 * does not count), text and address words. Stores a new version with its evaluation; audit-logged.
 */
export async function trainModels(db: Db, actorId: number | null, now: Date, options: TrainOptions = {}): Promise<TrainResult> {
  if (training.has(db)) throw new DomainError("TRAINING_IN_PROGRESS", "a suggestion model is already training");
  training.add(db);
  try {
    const started = Date.now();
    const max = options.maxExamples ?? DEFAULT_MAX_EXAMPLES;
    const rows = await db
      .selectFrom("tickets")
      .select(["id", "title", "content", "address", "category_id", "lead_unit_id", "replied_at"])
      .where((eb) => eb.or([eb("category_id", "is not", null), eb.and([eb("lead_unit_id", "is not", null), eb("replied_at", "is not", null)])]))
      .orderBy("received_at", "desc")
      .orderBy("id", "desc")
      .limit(max)
      .execute();
    rows.reverse(); // oldest first: the holdout is the most recent tickets
    const categories: Example[] = [];
    const units: Example[] = [];
    let n = 0;
    for (const r of rows) {
      const text = `${r.title} ${r.content}`.slice(0, 4000);
      const doc = textFeatures(words(text), text);
      if (r.category_id !== null) categories.push({ doc, label: String(r.category_id) });
      if (r.lead_unit_id !== null && r.replied_at !== null) {
        const f = r.address ? addTextFeatures(new Map(doc), words(r.address.slice(0, 200)), "", { prefix: "a:", charMax: 0 }) : doc;
        units.push({ doc: f, label: String(r.lead_unit_id) });
      }
      if (++n % 2000 === 0) await breathe();
    }
    const share = options.holdoutShare ?? 0.1;
    const epochs = options.epochs ?? 6;
    const cat = await fitOne(categories, share, epochs);
    const unit = await fitOne(units, share, epochs);
    const durationMs = Date.now() - started;
    const evaluation = { category: cat.evaluation, unit: unit.evaluation };
    const row = await db.transaction().execute(async (trx) => {
      const saved = await trx
        .insertInto("suggestion_models")
        .values({
          trained_at: now,
          trained_by: actorId,
          examples: rows.length,
          duration_ms: durationMs,
          evaluation: JSON.stringify(evaluation),
          category_model: cat.model ? encodeModel(cat.model) : null,
          unit_model: unit.model ? encodeModel(unit.model) : null,
        })
        .returning(["version"])
        .executeTakeFirstOrThrow();
      await writeAudit(trx, { at: now, actorId, action: "suggestions.trained", targetType: "suggestion_model", targetId: saved.version, data: { examples: rows.length, durationMs } });
      return saved;
    });
    loaded.set(db, {
      version: row.version,
      category: cat.model ? { model: cat.model, rows: modelRows(cat.model) } : null,
      unit: unit.model ? { model: unit.model, rows: modelRows(unit.model) } : null,
    });
    return { modelVersion: row.version, examples: rows.length, durationMs, evaluation };
  } finally {
    training.delete(db);
  }
}

/** The newest model of this database, loaded once (and again after a training on this instance). */
async function current(db: Db): Promise<Loaded | null> {
  const have = loaded.get(db);
  const latest = await db.selectFrom("suggestion_models").select("version").orderBy("version", "desc").limit(1).executeTakeFirst();
  if (!latest) return null;
  if (have && have.version === latest.version) return have;
  const row = await db.selectFrom("suggestion_models").selectAll().where("version", "=", latest.version).executeTakeFirstOrThrow();
  const load = (b: Uint8Array | null) => {
    if (!b) return null;
    const model = decodeModel(new Uint8Array(b));
    // Models from before the SVM (one block, word features only) do not match today's features: retrain.
    if (!model.split) return null;
    return { model, rows: modelRows(model) };
  };
  const l: Loaded = { version: row.version, category: load(row.category_model), unit: load(row.unit_model) };
  loaded.set(db, l);
  return l;
}

/** Forget the loaded model (tests that switch models). */
export function forgetModel(db: Db): void {
  loaded.delete(db);
}

/** Towns and streets of the unit tree (territorial units), cached for a minute for suggestions (`fresh` reads them now). */
export async function townUnits(db: Db, fresh = false): Promise<Array<{ id: number; name: string }>> {
  const c = towns.get(db);
  if (!fresh && c && Date.now() - c.at < 60_000) return c.list;
  const list = await db.selectFrom("units").select(["id", "name"]).where("kind", "=", "town").orderBy("id").execute();
  towns.set(db, { at: Date.now(), list });
  return list;
}

export interface SuggestInput {
  title?: string;
  content?: string;
  address?: string | null;
}

export interface SuggestAnswer {
  modelVersion: number | null;
  categories: Array<{ categoryId: number; name: string; score: number }>;
  units: Array<{ unitId: number; name: string; score: number; reasons: Array<"history" | "address" | "catalogue"> }>;
  knowledge: Array<{ id: number; title: string; score: number }>;
}

/** Category and unit suggestions for a request being taken (empty lists without a model or words). */
export async function suggest(db: Db, input: SuggestInput): Promise<SuggestAnswer> {
  const title = (input.title ?? "").slice(0, 500);
  const content = (input.content ?? "").slice(0, 4000);
  const address = input.address ? input.address.slice(0, 200) : null;
  const m = await current(db);
  const raw = `${title} ${content}`;
  const text = textFeatures(words(raw), raw);
  const answer: SuggestAnswer = { modelVersion: m?.version ?? null, categories: [], units: [], knowledge: [] };
  if (m?.category && text.size > 0) {
    const top = topLabels(m.category.model, predictProba(m.category.model, m.category.rows, text), 3);
    const ids = top.map((t) => Number(t.label));
    const names = new Map((await db.selectFrom("categories").select(["id", "name"]).where("id", "in", ids).execute()).map((c) => [c.id, c.name]));
    answer.categories = top.filter((t) => names.has(Number(t.label))).map((t) => ({ categoryId: Number(t.label), name: names.get(Number(t.label))!, score: t.score }));
  }
  const scores = new Map<number, { score: number; reasons: Set<"history" | "address" | "catalogue"> }>();
  const add = (unitId: number, score: number, reason: "history" | "address" | "catalogue") => {
    const s = scores.get(unitId) ?? { score: 0, reasons: new Set() };
    s.score = Math.max(s.score, score);
    s.reasons.add(reason);
    scores.set(unitId, s);
  };
  const unitDoc = address ? addTextFeatures(new Map(text), words(address), "", { prefix: "a:", charMax: 0 }) : text;
  if (m?.unit && unitDoc.size > 0) {
    for (const t of topLabels(m.unit.model, predictProba(m.unit.model, m.unit.rows, unitDoc), 3)) add(Number(t.label), t.score, "history");
  }
  // Territorial matters: the town the address names (rule 10's 属地).
  if (address) {
    const list = await townUnits(db);
    const place = placeOf(address, list.map((u) => u.name));
    const town = place ? list.find((u) => u.name === place) : undefined;
    if (town) add(town.id, Math.max(0.5, scores.get(town.id)?.score ?? 0), "address");
  }
  if (SUGGESTION_PROVIDERS.catalogue) {
    const top = answer.categories[0]?.categoryId ?? null;
    for (const c of await SUGGESTION_PROVIDERS.catalogue(db, { categoryId: top, address, content })) add(c.unitId, c.score, "catalogue");
  }
  if (scores.size > 0) {
    const names = new Map((await db.selectFrom("units").select(["id", "name"]).where("id", "in", [...scores.keys()]).execute()).map((u) => [u.id, u.name]));
    answer.units = [...scores.entries()]
      .filter(([id]) => names.has(id))
      .sort((a, b) => b[1].score - a[1].score || a[0] - b[0])
      .slice(0, 5)
      .map(([unitId, s]) => ({ unitId, name: names.get(unitId)!, score: Math.round(s.score * 10000) / 10000, reasons: [...s.reasons] }));
  }
  if (SUGGESTION_PROVIDERS.knowledge && (title || content)) {
    answer.knowledge = await SUGGESTION_PROVIDERS.knowledge(db, `${title} ${content}`.slice(0, 200), { limit: 5 });
  }
  return answer;
}

/** The stored model versions, newest first, with their evaluation (admins). */
export async function listModels(db: Db, limit: number, cursor: number | null) {
  let q = db.selectFrom("suggestion_models").select(["version", "trained_at", "trained_by", "examples", "duration_ms", "evaluation"]).orderBy("version", "desc").limit(limit + 1);
  if (cursor !== null) q = q.where("version", "<", cursor);
  const rows = await q.execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      version: r.version,
      trainedAt: r.trained_at.toISOString(),
      trainedBy: r.trained_by,
      examples: r.examples,
      durationMs: r.duration_ms,
      evaluation: r.evaluation as unknown as { category: Evaluation; unit: Evaluation },
    })),
    nextCursor: rows.length > limit ? String(page[page.length - 1]!.version) : null,
  };
}

/** The words and address key a ticket is indexed under for repeat detection (ticket_terms). */
export function termsOf(title: string, content: string, address: string | null): { terms: string[]; addressKey: string | null } {
  return { terms: probeTerms(words(`${title} ${content}`.slice(0, 4000)), 40), addressKey: normaliseAddress(address) };
}

/** Fills ticket_terms for tickets that have none (older than this feature, or bulk-loaded); returns how many. */
export async function indexMissingTerms(db: Db, limit = 5000): Promise<number> {
  const rows = await db
    .selectFrom("tickets as t")
    .leftJoin("ticket_terms as x", "x.ticket_id", "t.id")
    .select(["t.id", "t.title", "t.content", "t.address"])
    .where("x.ticket_id", "is", null)
    .orderBy("t.id", "desc")
    .limit(limit)
    .execute();
  if (rows.length === 0) return 0;
  const values = rows.map((r) => ({ ticket_id: r.id, ...(({ terms, addressKey }) => ({ terms, address_key: addressKey }))(termsOf(r.title, r.content, r.address)) }));
  for (let i = 0; i < values.length; i += 500) {
    const chunk = values.slice(i, i + 500);
    await sql`INSERT INTO ticket_terms (ticket_id, terms, address_key)
      SELECT x.ticket_id, ARRAY(SELECT jsonb_array_elements_text(x.terms)), x.address_key
      FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS x(ticket_id integer, terms jsonb, address_key text)
      ON CONFLICT (ticket_id) DO NOTHING`.execute(db);
  }
  return rows.length;
}
