import { DomainError, invalid, notFound } from "../../../domain/errors.js";
import type { Db } from "../../../db/database.js";
import type { CatalogueRow } from "../../../db/schema.js";
import type { Actor } from "../../../http/auth.js";
import { writeAudit } from "../../audit/audit.repository.js";
import { loadCenterWords } from "../knowledge-words.js";
import type { KnowledgeDeps } from "./save-entry.js";

export interface CatalogueInput {
  categoryId: number;
  areaKeywords?: string[];
  townUnitId?: number | null;
  leadUnitId: number;
  coUnitIds?: number[];
  dutyText: string;
  version?: number;
}

/** 400 for an unknown category or unit, the center as a handler, or the lead among its co-units. */
export async function checkCatalogueInput(db: Db, input: CatalogueInput): Promise<void> {
  if (!(await db.selectFrom("categories").select("id").where("id", "=", input.categoryId).executeTakeFirst())) throw invalid("categoryId", "no such category");
  const co = input.coUnitIds ?? [];
  if (co.includes(input.leadUnitId)) throw invalid("coUnitIds", "the lead unit cannot also be a co-unit");
  const ids = [input.leadUnitId, ...co, ...(input.townUnitId ? [input.townUnitId] : [])];
  const units = await db.selectFrom("units").select(["id", "kind"]).where("id", "in", ids).execute();
  const field = (id: number) => (id === input.leadUnitId ? "leadUnitId" : co.includes(id) ? "coUnitIds" : "townUnitId");
  for (const id of ids) {
    const u = units.find((x) => x.id === id);
    if (!u) throw invalid(field(id), `no unit ${id}`);
    if (u.kind === "center" && id !== input.townUnitId) throw invalid(field(id), "tickets are dispatched to handler units, not to the center");
  }
}

const values = (input: CatalogueInput) => ({
  category_id: input.categoryId,
  area_keywords: JSON.stringify([...new Set((input.areaKeywords ?? []).map((k) => k.trim()).filter(Boolean))]),
  town_unit_id: input.townUnitId ?? null,
  lead_unit_id: input.leadUnitId,
  co_unit_ids: JSON.stringify([...new Set(input.coUnitIds ?? [])]),
  duty_text: input.dutyText,
});

export function requireEditor(actor: Actor) {
  if (!actor.roles.some((r) => r === "admin" || r === "supervisor")) throw new DomainError("FORBIDDEN", "the center keeps the dispatch catalogue");
}

/** A new catalogue item (version 1), or a new version of one (`id`); every version stays readable. */
export async function saveCatalogueItem(deps: KnowledgeDeps, actor: Actor, input: CatalogueInput, id?: number): Promise<CatalogueRow> {
  requireEditor(actor);
  await checkCatalogueInput(deps.db, input);
  const now = deps.clock.now();
  const row = await deps.db.transaction().execute((trx) => writeCatalogueItem(trx, actor, input, now, id));
  await loadCenterWords(deps.db);
  return row;
}

/** Writes an item (new, or a new version of `id`) and its version row in the caller's transaction. */
export async function writeCatalogueItem(trx: Db, actor: Actor, input: CatalogueInput, now: Date, id?: number): Promise<CatalogueRow> {
  const v = values(input);
  {
    let saved: CatalogueRow | undefined;
    if (id === undefined) {
      saved = await trx.insertInto("dispatch_catalogue").values({ ...v, created_by: actor.id, created_at: now, updated_at: now }).returningAll().executeTakeFirstOrThrow();
    } else {
      const cur = await trx.selectFrom("dispatch_catalogue").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
      if (!cur) throw notFound("catalogue item");
      if (input.version !== undefined && input.version !== cur.version) throw new DomainError("VERSION_CONFLICT", `the item is at version ${cur.version}`);
      saved = await trx
        .updateTable("dispatch_catalogue")
        .set({ ...v, version: cur.version + 1, status: "active", updated_at: now })
        .where("id", "=", id)
        .where("version", "=", cur.version)
        .returningAll()
        .executeTakeFirst();
      if (!saved) throw new DomainError("VERSION_CONFLICT", "another edit came first");
    }
    await trx.insertInto("dispatch_catalogue_versions").values({ item_id: saved.id, version: saved.version, status: saved.status, ...v, created_by: actor.id, created_at: now }).execute();
    await writeAudit(trx, { at: now, actorId: actor.id, action: "catalogue.saved", targetType: "dispatch_catalogue", targetId: saved.id, data: { version: saved.version } });
    return saved;
  }
}

export async function retireCatalogueItem(deps: KnowledgeDeps, actor: Actor, id: number): Promise<CatalogueRow> {
  requireEditor(actor);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const cur = await trx.selectFrom("dispatch_catalogue").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
    if (!cur) throw notFound("catalogue item");
    if (cur.status === "retired") throw new DomainError("CONFLICT", "the item is already retired");
    const saved = await trx.updateTable("dispatch_catalogue").set({ status: "retired", version: cur.version + 1, updated_at: now }).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
    await trx
      .insertInto("dispatch_catalogue_versions")
      .values({ item_id: id, version: saved.version, status: "retired", category_id: cur.category_id, area_keywords: JSON.stringify(cur.area_keywords), town_unit_id: cur.town_unit_id, lead_unit_id: cur.lead_unit_id, co_unit_ids: JSON.stringify(cur.co_unit_ids), duty_text: cur.duty_text, created_by: actor.id, created_at: now })
      .execute();
    await writeAudit(trx, { at: now, actorId: actor.id, action: "catalogue.retired", targetType: "dispatch_catalogue", targetId: id });
    return saved;
  });
}
