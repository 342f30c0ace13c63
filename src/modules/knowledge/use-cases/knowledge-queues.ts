import { invalid } from "../../../domain/errors.js";
import type { Actor } from "../../../http/auth.js";
import { isReviewer, visibilityOf } from "../knowledge.policy.js";
import { presentReview } from "../knowledge.presenter.js";
import type { KnowledgeDeps } from "./save-entry.js";

const offsetOf = (cursor: string | undefined) => {
  if (cursor !== undefined && !/^\d{1,15}$/.test(cursor)) throw invalid("cursor", "is not a cursor this server gave out");
  return cursor === undefined ? undefined : Number(cursor);
};

/** The review queue (rule 38): publish and expiry tasks, oldest pending first; a unit sees its own tasks. */
export async function listReviews(deps: KnowledgeDeps, actor: Actor, q: { status?: "pending" | "approved" | "refused" | "withdrawn"; kind?: "publish" | "expiry"; limit?: number; cursor?: string }) {
  const limit = q.limit ?? 50;
  const after = offsetOf(q.cursor);
  let query = deps.db.selectFrom("knowledge_reviews as r").innerJoin("knowledge_entries as e", "e.id", "r.entry_id").selectAll("r").select("e.title").where("r.status", "=", q.status ?? "pending");
  if (q.kind) query = query.where("r.kind", "=", q.kind);
  const v = visibilityOf(actor);
  if (!isReviewer(actor)) query = query.where("r.unit_id", "=", v.kind === "unit" ? v.unitId : -1);
  if (after !== undefined) query = query.where("r.id", ">", after);
  const rows = await query.orderBy("r.id").limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  return { items: page.map(presentReview), nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null };
}

/** Published entries no call has used since `since` (issue 14: entries never used are listed for review). */
export async function listUnused(deps: KnowledgeDeps, actor: Actor, q: { limit?: number; cursor?: string }) {
  const limit = q.limit ?? 50;
  const after = offsetOf(q.cursor);
  let query = deps.db.selectFrom("knowledge_entries").select(["id", "title", "kind", "unit_id", "published_at", "use_count"]).where("status", "=", "published").where("use_count", "=", 0);
  const v = visibilityOf(actor);
  if (v.kind === "unit") query = query.where("unit_id", "=", v.unitId);
  if (after !== undefined) query = query.where("id", ">", after);
  const rows = await query.orderBy("id").limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map((e) => ({ id: e.id, title: e.title, kind: e.kind, unitId: e.unit_id, publishedAt: e.published_at ? new Date(e.published_at).toISOString() : null, useCount: e.use_count })),
    nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
  };
}
