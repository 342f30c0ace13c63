import { shanghaiDate } from "../../../domain/calendar/calendar.js";
import { invalid, notFound } from "../../../domain/errors.js";
import type { Actor } from "../../../http/auth.js";
import { listEntries, rankEntries, type SearchFilters } from "../knowledge-search.js";
import { maySee, visibilityOf } from "../knowledge.policy.js";
import { presentEntry, presentListItem, answerOf } from "../knowledge.presenter.js";
import { entriesByIds, findEntry, versionsOf } from "../knowledge.repository.js";
import type { KnowledgeDeps } from "./save-entry.js";
import { normaliseText } from "../../../text/segmenter.js";

/** The knowledge list: ranked by the query (best first), else newest first; a cursor is the next offset. */
export async function queryEntries(deps: KnowledgeDeps, actor: Actor, q: SearchFilters & { q?: string; limit?: number; cursor?: string }) {
  if (q.cursor !== undefined && !/^\d{1,6}$/.test(q.cursor)) throw invalid("cursor", "is not a cursor this server gave out");
  const limit = q.limit ?? 20;
  const offset = q.cursor === undefined ? 0 : Number(q.cursor);
  const today = shanghaiDate(deps.clock.now());
  const opts = { visibility: visibilityOf(actor), filters: q, today, limit: limit + 1, offset };
  const { rows, terms } = q.q ? await rankEntries(deps.db, q.q, opts) : { rows: await listEntries(deps.db, opts), terms: [] as string[] };
  const page = rows.slice(0, limit);
  const byId = await entriesByIds(deps.db, page.map((r) => r.id));
  return {
    items: page.flatMap((r) => {
      const e = byId.get(r.id);
      return e ? [presentListItem(e, r.score, terms)] : [];
    }),
    nextCursor: rows.length > limit ? String(offset + limit) : null,
  };
}

/** One entry with its versions (newest first); 404 when the viewer may not see it. */
export async function getEntry(deps: KnowledgeDeps, actor: Actor, id: number) {
  const today = shanghaiDate(deps.clock.now());
  const e = await findEntry(deps.db, id);
  if (!e || !maySee(actor, e, today)) throw notFound("knowledge entry");
  // Operators read the live version only; writers and reviewers every version.
  const versions = visibilityOf(actor).kind === "published" ? (await versionsOf(deps.db, id)).filter((v) => v.version <= e.live_version) : await versionsOf(deps.db, id);
  return presentEntry(e, versions, actor, today);
}

/**
 * The intake screen's live panel (rule 2 and 3): the best entries for what the operator typed, and the
 * non-acceptance items whose words the text contains.
 */
export async function assist(deps: KnowledgeDeps, actor: Actor, text: string, limit = 5) {
  const today = shanghaiDate(deps.clock.now());
  const visibility = { kind: "published" } as const;
  const { rows, terms } = text.trim() ? await rankEntries(deps.db, text, { visibility, today, limit }) : { rows: [], terms: [] };
  const byId = await entriesByIds(deps.db, rows.map((r) => r.id));
  const entries = rows.flatMap((r) => {
    const e = byId.get(r.id);
    return e && maySee(actor, e, today) ? [presentListItem(e, r.score, terms)] : [];
  });
  const scope = await scopeMatches(deps, text, today);
  return { entries, scope };
}

/** Non-acceptance items (kind scope, reject) in force whose tags or title occur in the text. */
export async function scopeMatches(deps: KnowledgeDeps, text: string, today: string) {
  const hay = normaliseText(text);
  if (!hay.trim()) return [];
  const items = await deps.db
    .selectFrom("knowledge_entries")
    .selectAll()
    .where("kind", "=", "scope")
    .where("scope_type", "=", "reject")
    .where("status", "=", "published")
    .where((eb) => eb.or([eb("valid_from", "is", null), eb("valid_from", "<=", today)]))
    .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">=", today)]))
    .orderBy("id")
    .limit(500)
    .execute();
  return items.flatMap((e) => {
    const matched = e.tags.filter((t) => hay.includes(normaliseText(t)));
    return matched.length > 0 ? [{ id: e.id, title: e.title, matched, answer: answerOf(e) }] : [];
  });
}
