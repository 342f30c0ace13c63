import type { KnowledgeEntryRow, KnowledgeReviewRow, KnowledgeVersionRow } from "../../db/schema.js";
import { snippet } from "../../domain/knowledge/snippet.js";
import { isValidOn } from "../../domain/knowledge/validity.js";
import type { Actor } from "../../http/auth.js";
import { isReviewer, mayWriteFor } from "./knowledge.policy.js";
import type { KNOWLEDGE_KINDS, SCOPE_TYPES } from "./knowledge.schemas.js";

/** Plain JSON of knowledge entries, versions and review tasks (never raw rows). */

type Kind = (typeof KNOWLEDGE_KINDS)[number];
type ScopeType = (typeof SCOPE_TYPES)[number];
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** The text an operator reads or sends: the entry's answer, else its body's first 500 characters. */
export const answerOf = (e: Pick<KnowledgeEntryRow, "answer" | "body_text">) => e.answer ?? e.body_text.slice(0, 500);

export function presentListItem(e: KnowledgeEntryRow, score: number, terms: readonly string[]) {
  return {
    id: e.id,
    title: e.title,
    kind: e.kind as Kind,
    scopeType: (e.scope_type as ScopeType | null) ?? null,
    snippet: snippet(e.body_text, terms),
    score,
    version: e.version,
    status: e.status,
    pendingVersion: e.pending_version,
    categoryId: e.category_id,
    unitId: e.unit_id,
    tags: e.tags,
    validFrom: e.valid_from,
    validTo: e.valid_to,
    useCount: e.use_count,
    answer: answerOf(e),
  };
}

export function presentVersion(v: KnowledgeVersionRow) {
  return {
    version: v.version,
    title: v.title,
    body: v.body,
    kind: v.kind as Kind,
    scopeType: (v.scope_type as ScopeType | null) ?? null,
    answer: v.answer,
    categoryId: v.category_id,
    unitId: v.unit_id,
    tags: v.tags,
    validFrom: v.valid_from,
    validTo: v.valid_to,
    note: v.note,
    createdBy: v.created_by,
    createdAt: iso(v.created_at)!,
  };
}

export function presentEntry(e: KnowledgeEntryRow, versions: readonly KnowledgeVersionRow[], actor: Actor, today: string) {
  const { snippet: _s, score: _c, ...item } = presentListItem(e, 0, []);
  const actions: Array<"edit" | "publish" | "reject" | "retire"> = [];
  if (e.status !== "retired" && mayWriteFor(actor, e.unit_id)) actions.push("edit");
  if (isReviewer(actor) && e.status !== "retired" && (e.status === "draft" || e.pending_version !== null)) actions.push("publish", "reject");
  if (isReviewer(actor) && e.status !== "retired") actions.push("retire");
  return {
    ...item,
    body: e.body,
    sourceName: e.source_name,
    liveVersion: e.live_version,
    lastUsedAt: iso(e.last_used_at),
    createdAt: iso(e.created_at)!,
    updatedAt: iso(e.updated_at)!,
    publishedAt: iso(e.published_at),
    expired: !isValidOn(null, e.valid_to, today),
    versions: versions.map(presentVersion),
    allowedActions: actions,
  };
}

export function presentReview(r: KnowledgeReviewRow & { title: string }) {
  return {
    id: r.id,
    entryId: r.entry_id,
    kind: r.kind,
    version: r.version,
    unitId: r.unit_id,
    title: r.title,
    status: r.status,
    requestedBy: r.requested_by,
    requestedAt: iso(r.requested_at)!,
    decidedBy: r.decided_by,
    decidedAt: iso(r.decided_at),
    note: r.note,
  };
}
