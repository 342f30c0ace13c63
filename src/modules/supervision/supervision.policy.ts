import { rolesAccess, type Access } from "../../http/access.js";
import type { Actor } from "../../http/auth.js";
import type { Role } from "../../domain/ticket/ticket.types.js";

/** Who may do what in supervision 督办 (docs/SUPERVISION.md "Who"). Checked before validation (403 before 400). */
export const SUPERVISE_ROLES: readonly Role[] = ["admin", "supervisor"];
/** Center roles that read the supervision records. */
export const CENTER_READ_ROLES: readonly Role[] = ["admin", "supervisor", "dispatcher", "viewer", "follow_up"];
const UNIT_ROLES: readonly Role[] = ["unit_leader", "unit_handler"];

export const SUPERVISE: Access = rolesAccess(SUPERVISE_ROLES);
export const READ_ALERTS: Access = rolesAccess(CENTER_READ_ROLES);
/** Notices and orders: the center, and units (their own only, filtered in the query). */
export const READ_RECORDS: Access = rolesAccess([...CENTER_READ_ROLES, ...UNIT_ROLES]);
export const ANSWER_NOTICE: Access = rolesAccess(["unit_leader"]);
export const ANSWER_ORDER: Access = rolesAccess(UNIT_ROLES);
/** Petition risk is marked by the staff who hear it (rule 28). */
export const MARK_RISK: Access = rolesAccess(["admin", "supervisor", "dispatcher", "operator", "follow_up"]);
/** Rule 33: social supervisors file evaluations; they reach nothing else of supervision. */
export const EVALUATE: Access = rolesAccess(["social_supervisor"]);
export const READ_EVALUATIONS: Access = rolesAccess(["admin", "supervisor", "viewer", "social_supervisor"]);

export const isCenterActor = (a: Actor) => a.roles.some((r) => CENTER_READ_ROLES.includes(r));
export const isUnitActor = (a: Actor) => a.unitId !== null && a.roles.some((r) => UNIT_ROLES.includes(r));
/** The unit a unit user is confined to, or null for center users (who see every unit). */
export const scopeUnit = (a: Actor): number | null => (isCenterActor(a) ? null : (a.unitId ?? -1));
