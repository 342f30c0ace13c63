import type { Db } from "../../db/database.js";
import { catalogueUnitsFor } from "../knowledge/catalogue.js";
import { searchKnowledge } from "../knowledge/knowledge-search.js";

/**
 * What suggestions take from the knowledge base and the dispatch catalogue (src/modules/knowledge/, issue 14):
 * the best published entries for the text, and the catalogue's units for the category and address (the lead
 * unit scores above co-units). Kept as replaceable providers so a test can run suggestions without them.
 */
export interface KnowledgeHit {
  id: number;
  title: string;
  score: number;
}
export interface CatalogueUnit {
  unitId: number;
  score: number;
}
export type KnowledgeProvider = (db: Db, q: string, options: { limit: number }) => Promise<KnowledgeHit[]>;
export type CatalogueProvider = (db: Db, input: { categoryId: number | null; address: string | null; content: string }) => Promise<CatalogueUnit[]>;

export const SUGGESTION_PROVIDERS: { knowledge: KnowledgeProvider | null; catalogue: CatalogueProvider | null } = {
  knowledge: async (db, q, o) => (await searchKnowledge(db, q, { limit: o.limit })).map((h) => ({ id: h.id, title: h.title, score: h.score })),
  catalogue: async (db, input) => (await catalogueUnitsFor(db, input)).map((u) => ({ unitId: u.unitId, score: u.role === "lead" ? 1 : 0.5 })),
};
