import { DomainError } from "../../domain/errors.js";
import type { Role } from "../../domain/ticket/ticket.types.js";
import { rolesAccess, type Access } from "../../http/access.js";
import { type Actor, hasRole, requireRole } from "../../http/auth.js";

/**
 * Who may read and enter what in reports (docs/STYLE.md: one declarative file per entity). Center roles see
 * every unit; unit users see their own unit's rates and the published ranking; only the center's admin
 * and supervisors enter appraisal items (rule 35: "entered by the center").
 */
export const REPORT_CENTER_ROLES: readonly Role[] = ["admin", "supervisor", "dispatcher", "follow_up", "operator", "viewer"];
export const REPORT_UNIT_ROLES: readonly Role[] = ["unit_leader", "unit_handler"];
export const APPRAISAL_EDIT_ROLES: readonly Role[] = ["admin", "supervisor"];

/** Route access of the reports (before validation): a center role, or a unit role held by a unit user (reportScope). */
export const REPORT_ACCESS: Access = {
  roles: [...REPORT_CENTER_ROLES, ...REPORT_UNIT_ROLES],
  allows: (actor) => hasRole(actor, ...REPORT_CENTER_ROLES) || (hasRole(actor, ...REPORT_UNIT_ROLES) && actor.unitId !== null),
};
/** Route access of entering appraisal items (requireAppraisalEditor). */
export const APPRAISAL_EDIT_ACCESS: Access = rolesAccess(APPRAISAL_EDIT_ROLES);

/** The unit a report is limited to for this actor: null = every unit; throws 403 for roles with no report access. */
export function reportScope(actor: Actor): { unitId: number | null } {
  if (hasRole(actor, ...REPORT_CENTER_ROLES)) return { unitId: null };
  if (hasRole(actor, ...REPORT_UNIT_ROLES) && actor.unitId !== null) return { unitId: actor.unitId };
  throw new DomainError("FORBIDDEN", "reports need a center role or a unit role");
}

/** Throws 403 unless the actor may enter appraisal items. */
export function requireAppraisalEditor(actor: Actor): void {
  requireRole(actor, ...APPRAISAL_EDIT_ROLES);
}
