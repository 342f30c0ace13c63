import { rolesAccess, type Access } from "../../http/access.js";
import { hasRole, type Actor } from "../../http/auth.js";
import type { Role } from "../../domain/ticket/ticket.types.js";
import type { KnowledgeEntryRow } from "../../db/schema.js";

/**
 * Who may do what in the knowledge base (rule 38, docs/KNOWLEDGE.md "Roles"): units submit and update entries
 * for their own duties, the center (admin, supervisor) reviews and publishes; everyone who takes or routes
 * calls reads published entries in force; a unit also sees its own drafts.
 */

/** The center's reviewers: publish, retire, edit any entry, see every status. */
export const KNOWLEDGE_REVIEWERS: readonly Role[] = ["admin", "supervisor"];
/** Who may write entries (a unit user only for the unit's own). */
export const KNOWLEDGE_WRITERS: readonly Role[] = ["admin", "supervisor", "dispatcher", "unit_leader", "unit_handler"];
/** Who may read the knowledge base at all. */
export const KNOWLEDGE_READERS: readonly Role[] = ["admin", "supervisor", "dispatcher", "operator", "follow_up", "viewer", "unit_leader", "unit_handler"];
/** Who keeps the dispatch catalogue and the synonyms. */
export const CATALOGUE_EDITORS: readonly Role[] = ["admin", "supervisor"];
/** Who closes a ticket as out of scope (before dispatch). */
export const OUT_OF_SCOPE_ROLES: readonly Role[] = ["admin", "operator", "dispatcher", "supervisor"];

export const READ_ACCESS: Access = rolesAccess(KNOWLEDGE_READERS);
export const WRITE_ACCESS: Access = rolesAccess(KNOWLEDGE_WRITERS);
export const REVIEW_ACCESS: Access = rolesAccess(KNOWLEDGE_REVIEWERS);
export const CATALOGUE_ACCESS: Access = rolesAccess(CATALOGUE_EDITORS);
export const CATALOGUE_READ_ACCESS: Access = rolesAccess(["admin", "supervisor", "dispatcher", "operator", "viewer"]);

/** What a viewer sees: every status (reviewers), published-and-valid plus the own unit's (units), or published-and-valid only. */
export type Visibility = { kind: "all" } | { kind: "unit"; unitId: number } | { kind: "published" };

export function visibilityOf(actor: Actor): Visibility {
  if (hasRole(actor, ...KNOWLEDGE_REVIEWERS)) return { kind: "all" };
  if (actor.unitId !== null && hasRole(actor, "unit_leader", "unit_handler")) return { kind: "unit", unitId: actor.unitId };
  return { kind: "published" };
}

export const isReviewer = (actor: Actor) => hasRole(actor, ...KNOWLEDGE_REVIEWERS);

/** Whether the actor may write an entry owned by `unitId` (null: a center entry). */
export function mayWriteFor(actor: Actor, unitId: number | null): boolean {
  if (isReviewer(actor)) return true;
  if (hasRole(actor, "dispatcher")) return unitId === null;
  return actor.unitId !== null && hasRole(actor, "unit_leader", "unit_handler") && unitId === actor.unitId;
}

/** Whether the entry is visible to the actor on `today`. */
export function maySee(actor: Actor, e: Pick<KnowledgeEntryRow, "status" | "unit_id" | "valid_from" | "valid_to">, today: string): boolean {
  const v = visibilityOf(actor);
  if (v.kind === "all") return true;
  if (v.kind === "unit" && e.unit_id === v.unitId) return true;
  return e.status === "published" && (e.valid_from === null || e.valid_from <= today) && (e.valid_to === null || e.valid_to >= today);
}
