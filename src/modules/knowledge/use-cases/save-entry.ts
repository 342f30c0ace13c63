import { shanghaiDate } from "../../../domain/calendar/calendar.js";
import { DomainError, invalid, notFound } from "../../../domain/errors.js";
import type { Db } from "../../../db/database.js";
import type { KnowledgeEntryRow } from "../../../db/schema.js";
import type { Actor } from "../../../http/auth.js";
import type { Clock } from "../../../clock.js";
import { writeAudit } from "../../audit/audit.repository.js";
import { plainText, sanitiseBody } from "../knowledge-html.js";
import { indexEntry } from "../knowledge-index.js";
import { ensureCenterWords } from "../knowledge-words.js";
import { isReviewer, maySee, mayWriteFor } from "../knowledge.policy.js";
import { findEntry, insertVersion, upsertPendingReview } from "../knowledge.repository.js";
import type { CreateEntryInput, UpdateEntryInput } from "../knowledge.schemas.js";

export interface KnowledgeDeps {
  db: Db;
  clock: Clock;
}

/** The fields of one version as stored: the body sanitised, its plain text, the scope type defaulted. */
export function normalise(input: CreateEntryInput) {
  const body = sanitiseBody(input.body);
  const bodyText = plainText(body);
  if (bodyText.length === 0) throw invalid("body", "has no text once unsafe markup is removed");
  return {
    kind: input.kind,
    scope_type: input.kind === "scope" ? (input.scopeType ?? "reject") : null,
    title: input.title,
    body,
    body_text: bodyText,
    answer: input.answer ? input.answer : null,
    category_id: input.categoryId ?? null,
    tags: [...new Set(input.tags ?? [])],
    valid_from: input.validFrom ?? null,
    valid_to: input.validTo ?? null,
  };
}

/** A version's columns: the fields without the derived plain text. */
function versionFields(f: ReturnType<typeof normalise>) {
  const { body_text: _text, ...rest } = f;
  return rest;
}

/** 400 for an unknown category or unit (issue 14 "Bad input"). */
async function checkRefs(db: Db, categoryId: number | null, unitId: number | null): Promise<void> {
  if (categoryId !== null && !(await db.selectFrom("categories").select("id").where("id", "=", categoryId).executeTakeFirst())) throw invalid("categoryId", "no such category");
  if (unitId !== null && !(await db.selectFrom("units").select("id").where("id", "=", unitId).executeTakeFirst())) throw invalid("unitId", "no such unit");
}

/** The owning unit: a unit user's own by default; naming another unit is a 403. */
function ownerOf(actor: Actor, requested: number | null | undefined, current: number | null): number | null {
  const unitId = requested === undefined ? (current ?? (isReviewer(actor) ? null : actor.unitId)) : requested;
  if (!mayWriteFor(actor, unitId)) throw new DomainError("FORBIDDEN", "a unit writes entries for its own duties only");
  return unitId;
}

const indexed = (e: { title: string; tags: string[]; body_text: string; answer: string | null }) => ({
  title: e.title,
  tags: e.tags,
  body: e.answer && !e.body_text.includes(e.answer) ? `${e.body_text}\n${e.answer}` : e.body_text,
});

/** A new entry (rule 38): a draft, version 1, with a pending publish task for the center. */
export async function createEntry(deps: KnowledgeDeps, actor: Actor, input: CreateEntryInput) {
  const unitId = ownerOf(actor, input.unitId, null);
  const fields = normalise(input);
  await checkRefs(deps.db, fields.category_id, unitId);
  await ensureCenterWords(deps.db);
  const now = deps.clock.now();
  return deps.db.transaction().execute((trx) => insertEntry(trx, actor, fields, unitId, input.sourceName ?? null, now));
}

/**
 * Checks one entry's input as createEntry does (sanitised body, window, owner, category and unit), without
 * writing: the import checks every row before it writes any.
 */
export async function checkNewEntry(db: Db, actor: Actor, input: CreateEntryInput): Promise<{ fields: ReturnType<typeof normalise>; unitId: number | null }> {
  const unitId = ownerOf(actor, input.unitId, null);
  const fields = normalise(input);
  await checkRefs(db, fields.category_id, unitId);
  return { fields, unitId };
}

/** Writes a new entry (draft, version 1, its index and pending publish task) in the caller's transaction. */
export async function insertEntry(trx: Db, actor: Actor, fields: ReturnType<typeof normalise>, unitId: number | null, sourceName: string | null, now: Date, auditData: Record<string, unknown> = {}): Promise<KnowledgeEntryRow> {
  const row = await trx
    .insertInto("knowledge_entries")
    .values({ ...fields, tags: JSON.stringify(fields.tags), unit_id: unitId, source_name: sourceName, created_by: actor.id, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  await insertVersion(trx, { entry_id: row.id, version: 1, ...versionFields(fields), tags: JSON.stringify(fields.tags), unit_id: unitId, note: null, created_by: actor.id, created_at: now });
  await indexEntry(trx, row.id, indexed(fields));
  await upsertPendingReview(trx, { entryId: row.id, kind: "publish", version: 1, unitId, requestedBy: actor.id, at: now });
  await writeAudit(trx, { at: now, actorId: actor.id, action: "knowledge.created", targetType: "knowledge_entry", targetId: row.id, data: { kind: fields.kind, unitId, ...auditData } });
  return row;
}

/**
 * An edit is a new version (issue 14). A draft's live content is replaced; a published entry keeps showing
 * its published version until the center publishes the new one (pending_version). `version`, when given, is
 * the version the editor started from: another edit in between → 409 VERSION_CONFLICT.
 */
export async function updateEntry(deps: KnowledgeDeps, actor: Actor, id: number, input: UpdateEntryInput): Promise<KnowledgeEntryRow> {
  const fields = normalise(input);
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  const pre = await findEntry(deps.db, id);
  if (!pre || !maySee(actor, pre, today)) throw notFound("knowledge entry");
  if (!mayWriteFor(actor, pre.unit_id)) throw new DomainError("FORBIDDEN", "a unit edits its own entries only");
  const unitId = ownerOf(actor, input.unitId, pre.unit_id);
  await checkRefs(deps.db, fields.category_id, unitId);
  await ensureCenterWords(deps.db);
  return deps.db.transaction().execute(async (trx) => {
    const e = await findEntry(trx, id, true);
    if (!e) throw notFound("knowledge entry");
    if (e.status === "retired") throw new DomainError("KNOWLEDGE_RETIRED", "a retired entry is not edited; create a new one");
    if (input.version !== undefined && input.version !== e.version) throw new DomainError("VERSION_CONFLICT", `the entry is at version ${e.version}, not ${input.version}`);
    const version = e.version + 1;
    await insertVersion(trx, { entry_id: id, version, ...versionFields(fields), tags: JSON.stringify(fields.tags), unit_id: unitId, note: input.note ?? null, created_by: actor.id, created_at: now });
    const live = e.status === "draft";
    const updated = await trx
      .updateTable("knowledge_entries")
      .set(
        live
          ? { ...fields, tags: JSON.stringify(fields.tags), unit_id: unitId, version, live_version: version, pending_version: null, updated_at: now, source_name: input.sourceName ?? e.source_name }
          : { version, pending_version: version, updated_at: now },
      )
      .where("id", "=", id)
      .where("version", "=", e.version)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw new DomainError("VERSION_CONFLICT", "another edit came first");
    if (live) await indexEntry(trx, id, indexed(fields));
    await upsertPendingReview(trx, { entryId: id, kind: "publish", version, unitId, requestedBy: actor.id, at: now });
    await writeAudit(trx, { at: now, actorId: actor.id, action: "knowledge.updated", targetType: "knowledge_entry", targetId: id, data: { version } });
    return updated;
  });
}

export { indexed as indexedText };
