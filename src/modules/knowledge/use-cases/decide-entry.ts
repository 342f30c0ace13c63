import { DomainError, notFound } from "../../../domain/errors.js";
import type { KnowledgeEntryRow } from "../../../db/schema.js";
import type { Actor } from "../../../http/auth.js";
import { writeAudit } from "../../audit/audit.repository.js";
import { plainText } from "../knowledge-html.js";
import { indexEntry, unindexEntry } from "../knowledge-index.js";
import { isReviewer } from "../knowledge.policy.js";
import { ensureCenterWords } from "../knowledge-words.js";
import { decidePending, findEntry, findVersion } from "../knowledge.repository.js";
import { indexedText, type KnowledgeDeps } from "./save-entry.js";

/**
 * The center's decisions on an entry (rule 38: units submit, the center reviews and publishes), each one
 * transaction on the locked entry. The pending publish task is decided by a conditional update, so of two
 * reviewers deciding at once one wins and the other gets 409 REQUEST_ALREADY_DECIDED.
 */

function requireReviewer(actor: Actor): void {
  if (!isReviewer(actor)) throw new DomainError("FORBIDDEN", "the center reviews and publishes entries");
}

/** Publishes the pending version (or the draft): it becomes the live content operators see. */
export async function publishEntry(deps: KnowledgeDeps, actor: Actor, id: number, note: string | null): Promise<KnowledgeEntryRow> {
  requireReviewer(actor);
  await ensureCenterWords(deps.db);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const e = await findEntry(trx, id, true);
    if (!e) throw notFound("knowledge entry");
    if (e.status === "retired") throw new DomainError("KNOWLEDGE_RETIRED", "a retired entry is not published again");
    const target = e.pending_version ?? (e.status === "draft" ? e.version : null);
    if (target === null) throw new DomainError("REQUEST_ALREADY_DECIDED", "nothing is waiting to be published");
    const decided = await decidePending(trx, id, "publish", { status: "approved", by: actor.id, at: now, note });
    if (decided.length === 0) throw new DomainError("REQUEST_ALREADY_DECIDED", "this version was already decided");
    const v = await findVersion(trx, id, target);
    if (!v) throw notFound("knowledge version");
    const live = { kind: v.kind, scope_type: v.scope_type, title: v.title, body: v.body, answer: v.answer, category_id: v.category_id, unit_id: v.unit_id, tags: JSON.stringify(v.tags), valid_from: v.valid_from, valid_to: v.valid_to };
    const bodyText = plainText(v.body);
    const updated = await trx
      .updateTable("knowledge_entries")
      .set({ ...live, body_text: bodyText, status: "published", live_version: target, pending_version: null, published_at: now, published_by: actor.id, updated_at: now, expiry_flagged: false })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    // A republished entry answers its expiry task too.
    await decidePending(trx, id, "expiry", { status: "approved", by: actor.id, at: now, note: "republished" });
    await indexEntry(trx, id, indexedText({ title: v.title, tags: v.tags, body_text: bodyText, answer: v.answer }));
    await writeAudit(trx, { at: now, actorId: actor.id, action: "knowledge.published", targetType: "knowledge_entry", targetId: id, data: { version: target } });
    return updated;
  });
}

/** Sends the pending version back to its unit with a note; a published entry keeps its live version. */
export async function rejectEntry(deps: KnowledgeDeps, actor: Actor, id: number, note: string | null): Promise<KnowledgeEntryRow> {
  requireReviewer(actor);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const e = await findEntry(trx, id, true);
    if (!e) throw notFound("knowledge entry");
    const decided = await decidePending(trx, id, "publish", { status: "refused", by: actor.id, at: now, note });
    if (decided.length === 0) throw new DomainError("REQUEST_ALREADY_DECIDED", "nothing is waiting to be published");
    const updated = await trx.updateTable("knowledge_entries").set({ pending_version: null, updated_at: now }).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
    await writeAudit(trx, { at: now, actorId: actor.id, action: "knowledge.rejected", targetType: "knowledge_entry", targetId: id, data: { version: e.pending_version ?? e.version, note } });
    return updated;
  });
}

/** Retires an entry: it leaves search and the operators' view; its versions stay readable. */
export async function retireEntry(deps: KnowledgeDeps, actor: Actor, id: number, note: string | null): Promise<KnowledgeEntryRow> {
  requireReviewer(actor);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const e = await findEntry(trx, id, true);
    if (!e) throw notFound("knowledge entry");
    if (e.status === "retired") throw new DomainError("KNOWLEDGE_RETIRED", "the entry is already retired");
    await decidePending(trx, id, null, { status: "withdrawn", by: actor.id, at: now, note: note ?? "retired" });
    const updated = await trx.updateTable("knowledge_entries").set({ status: "retired", pending_version: null, updated_at: now }).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
    await unindexEntry(trx, id);
    await writeAudit(trx, { at: now, actorId: actor.id, action: "knowledge.retired", targetType: "knowledge_entry", targetId: id, data: { note } });
    return updated;
  });
}
