/**
 * The dispatch catalogue's choice (派单口径, rules 9 and 13), pure: of the catalogue items for a ticket's
 * category, the territorial ones (area keywords, or a town) that the address or content names come first,
 * then the category's general item. Rule 9: 属地管理 (territory) before 按职承办 (competence).
 */

export interface CatalogueItem {
  id: number;
  categoryId: number;
  areaKeywords: readonly string[];
  townName: string | null;
  townUnitId: number | null;
  leadUnitId: number;
  coUnitIds: readonly number[];
  dutyText: string;
}

export interface CatalogueMatch {
  item: CatalogueItem;
  /** The area keyword or town the text named; null for the category's general item. */
  matched: string | null;
}

/** The matching items, best first: a territorial match (longest keyword first), then the general items. */
export function matchCatalogue(items: readonly CatalogueItem[], text: string): CatalogueMatch[] {
  const hay = text.normalize("NFKC").toLowerCase();
  const territorial: Array<CatalogueMatch & { len: number }> = [];
  const general: CatalogueMatch[] = [];
  for (const item of items) {
    const keys = [...item.areaKeywords, ...(item.townName ? [item.townName] : [])].map((k) => k.normalize("NFKC").toLowerCase()).filter((k) => k.length > 0);
    if (keys.length === 0) {
      general.push({ item, matched: null });
      continue;
    }
    const hit = keys.filter((k) => hay.includes(k)).sort((a, b) => b.length - a.length)[0];
    if (hit) territorial.push({ item, matched: hit, len: hit.length });
  }
  territorial.sort((a, b) => b.len - a.len || a.item.id - b.item.id);
  general.sort((a, b) => a.item.id - b.item.id);
  return [...territorial.map(({ item, matched }) => ({ item, matched })), ...general];
}

/** Whether a dispatch follows the catalogue: the same lead unit as its first match (or there is no match). */
export function followsCatalogue(matches: readonly CatalogueMatch[], leadUnitId: number): boolean {
  return matches.length === 0 || matches[0]!.item.leadUnitId === leadUnitId;
}
