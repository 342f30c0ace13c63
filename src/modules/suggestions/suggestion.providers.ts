import type { Db } from "../../db/database.js";

/**
 * Seams for what issue 14 builds in parallel (the knowledge base and the dispatch catalogue,
 * src/modules/knowledge/). Until the lead wires them after the merge, suggestions answer `knowledge: []`
 * and unit reasons come from the center's history and the address only. Wiring is two assignments:
 *
 *   SUGGESTION_PROVIDERS.knowledge = (db, q, o) => searchKnowledge(db, q, o);
 *   SUGGESTION_PROVIDERS.catalogue = (db, input) => catalogueUnitsFor(db, input);
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
  knowledge: null,
  catalogue: null,
};
