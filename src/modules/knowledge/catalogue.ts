import type { Db } from "../../db/database.js";
import type { CatalogueRow } from "../../db/schema.js";
import { matchCatalogue, type CatalogueItem, type CatalogueMatch } from "../../domain/knowledge/catalogue.js";

/**
 * The dispatch catalogue (派单口径, rules 9 and 13): category (and, for territorial matters, area keywords
 * or a town) → the responsible lead unit, its co-units and the duty text that justifies it. Versioned like
 * the knowledge base; read by the dispatch dialog and issue 15's suggestions through `catalogueUnitsFor`.
 */

export interface CatalogueUnit {
  unitId: number;
  role: "lead" | "co";
  justification: string;
  /** The catalogue item. */
  entryId: number;
}

async function itemsFor(db: Db, categoryId: number): Promise<CatalogueItem[]> {
  const rows = await db
    .selectFrom("dispatch_catalogue as c")
    .leftJoin("units as t", "t.id", "c.town_unit_id")
    .selectAll("c")
    .select("t.name as town_name")
    .where("c.category_id", "=", categoryId)
    .where("c.status", "=", "active")
    .execute();
  return rows.map((r) => ({ ...toItem(r), townName: r.town_name ?? null }));
}

export function toItem(r: CatalogueRow): CatalogueItem {
  return { id: r.id, categoryId: r.category_id, areaKeywords: r.area_keywords, townName: null, townUnitId: r.town_unit_id, leadUnitId: r.lead_unit_id, coUnitIds: r.co_unit_ids, dutyText: r.duty_text };
}

/** The catalogue's matches for a ticket's category and text, best first. */
export async function catalogueMatches(db: Db, q: { categoryId: number | null; address?: string | null; content?: string | null; title?: string | null }): Promise<CatalogueMatch[]> {
  if (!q.categoryId) return [];
  const items = await itemsFor(db, q.categoryId);
  return matchCatalogue(items, [q.address ?? "", q.title ?? "", q.content ?? ""].join(" "));
}

/**
 * The units the catalogue names for a ticket: the best match's lead unit, then its co-units, each with the
 * duty text (and the area it matched) as justification. Empty when the catalogue has nothing for the category.
 */
export async function catalogueUnitsFor(db: Db, q: { categoryId: number | null; address?: string | null; content?: string | null; title?: string | null }): Promise<CatalogueUnit[]> {
  const best = (await catalogueMatches(db, q))[0];
  if (!best) return [];
  const why = best.matched ? `【属地：${best.matched}】${best.item.dutyText}` : best.item.dutyText;
  return [
    { unitId: best.item.leadUnitId, role: "lead", justification: why, entryId: best.item.id },
    ...best.item.coUnitIds.map((unitId) => ({ unitId, role: "co" as const, justification: why, entryId: best.item.id })),
  ];
}
