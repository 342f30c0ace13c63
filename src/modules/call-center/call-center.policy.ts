import type { Access } from "../../http/access.js";
import { rolesAccess } from "../../http/access.js";
import { hasRole, type Actor } from "../../http/auth.js";
import type { Role } from "../../domain/ticket/ticket.types.js";

/**
 * Who may do what in the call center (docs/CALL-CENTER.md "Roles"), declared once. The telephone
 * system writes calls with an API key of scope `calls` (or an admin by hand); the center's managers
 * (supervisor, admin) and leaders (viewer) read the figures and staffing; the QA reviewer 质检员 samples
 * and scores; an operator sees only their own calls, results and training.
 */
export const CALL_MANAGERS: readonly Role[] = ["admin", "supervisor"];
export const FIGURE_READERS: readonly Role[] = ["admin", "supervisor", "viewer", "qa_reviewer"];
export const QA_REVIEWERS: readonly Role[] = ["admin", "supervisor", "qa_reviewer"];
export const QA_READERS: readonly Role[] = [...QA_REVIEWERS, "viewer", "operator"];

/** A calls-scope service account, or a person with one of `roles`. */
function keyOrRoles(roles: readonly Role[]): Access {
  return { roles, allows: (actor) => (actor.kind === "service" ? (actor.scopes ?? []).includes("calls") : hasRole(actor, ...roles)) };
}

export const RECORD_CALL_ACCESS = keyOrRoles(["admin"]);
export const IMPORT_CALLS_ACCESS = keyOrRoles(CALL_MANAGERS);
export const CALL_LIST_ACCESS = rolesAccess([...QA_REVIEWERS, "operator"]);
export const FIGURES_ACCESS = rolesAccess(FIGURE_READERS);
export const SETTINGS_WRITE_ACCESS = rolesAccess(CALL_MANAGERS);
export const QA_REVIEW_ACCESS = rolesAccess(QA_REVIEWERS);
export const QA_READ_ACCESS = rolesAccess(QA_READERS);

/** Whether the actor sees every operator's records, or (an operator alone) only their own. */
export function seesAllOperators(actor: Actor): boolean {
  return hasRole(actor, ...QA_REVIEWERS, "viewer");
}
