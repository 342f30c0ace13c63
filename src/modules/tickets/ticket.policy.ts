import { rolesAccess, type Access } from "../../http/access.js";
import { mayHandlePersonalData, type Actor } from "../../http/auth.js";
import { TicketAction, type Role } from "../../domain/ticket/ticket.types.js";

/**
 * Who may do what to a ticket (docs/STYLE.md: one declarative file per entity). Unit roles act only on
 * tickets their unit leads; they see tickets their unit leads or co-handles (docs/RULES.md rule 10).
 */

/** Center roles see every ticket. */
const CENTER_ROLES: readonly Role[] = ["admin", "operator", "dispatcher", "supervisor", "follow_up", "viewer"];

/** `coUnit`: roles of a unit named among the ticket's co-units (rule 10, issue 18). */
type Who = { center?: readonly Role[]; leadUnit?: readonly Role[]; coUnit?: readonly Role[] };

export const TICKET_PERMISSIONS: Record<TicketAction, Who> = {
  [TicketAction.Dispatch]: { center: ["admin", "dispatcher", "supervisor"] },
  [TicketAction.Sign]: { leadUnit: ["unit_leader", "unit_handler"] },
  // Co-units contact the requester where the lead unit or the center asks them to (docs/WORKDAY.md).
  [TicketAction.RecordContact]: { leadUnit: ["unit_leader", "unit_handler"], coUnit: ["unit_leader", "unit_handler"] },
  [TicketAction.RequestReturn]: { leadUnit: ["unit_leader", "unit_handler"] },
  [TicketAction.DecideReturn]: { center: ["admin", "dispatcher", "supervisor"] },
  [TicketAction.RequestExtension]: { leadUnit: ["unit_leader", "unit_handler"] },
  [TicketAction.DecideExtension]: { center: ["admin", "dispatcher", "supervisor"] },
  [TicketAction.Reply]: { leadUnit: ["unit_leader", "unit_handler"] },
  [TicketAction.ApproveReply]: { leadUnit: ["unit_leader"] },
  [TicketAction.FollowUp]: { center: ["admin", "follow_up", "supervisor"] },
  [TicketAction.Redo]: { center: ["admin", "follow_up", "supervisor"] },
  [TicketAction.RequestExclusion]: { leadUnit: ["unit_leader", "unit_handler"] },
  [TicketAction.DecideExclusion]: { center: ["admin", "dispatcher", "supervisor"] },
  [TicketAction.Terminate]: { center: ["admin", "supervisor"] },
  [TicketAction.RevealPhone]: {
    center: ["admin", "dispatcher", "supervisor", "operator", "follow_up"],
    leadUnit: ["unit_leader", "unit_handler"],
    coUnit: ["unit_leader", "unit_handler"],
  },
  [TicketAction.AutoClose]: {},
  [TicketAction.ReportProgress]: { leadUnit: ["unit_leader", "unit_handler"] },
  [TicketAction.CoSign]: { coUnit: ["unit_leader", "unit_handler"] },
  [TicketAction.CoSubmit]: { coUnit: ["unit_leader", "unit_handler"] },
  [TicketAction.Assign]: { leadUnit: ["unit_leader"] },
  [TicketAction.Merge]: { center: ["admin", "dispatcher", "supervisor"] },
  [TicketAction.CloseOutOfScope]: { center: ["admin", "operator", "dispatcher", "supervisor"] },
};

/** Roles that see requesters' phone numbers unmasked in every answer (they call requesters all day). */
export const PHONE_VISIBLE_ROLES: readonly Role[] = ["operator", "follow_up"];
/** Roles that may create tickets (intake). */
export const INTAKE_ROLES: readonly Role[] = ["admin", "operator", "dispatcher"];
/** Route access of intake (checked before the body is validated; createTicket checks INTAKE_ROLES too). */
export const INTAKE_ACCESS: Access = rolesAccess(INTAKE_ROLES);

/**
 * Route access of a ticket action, from TICKET_PERMISSIONS: a center role of the action, or a lead-unit
 * role of it held by a unit user. Checked before validation (403 before 400); the use case then checks
 * `mayAct` with the ticket in hand (is the caller's unit the lead unit).
 */
export function ticketActionAccess(action: TicketAction): Access {
  const who = TICKET_PERMISSIONS[action];
  const unitRoles = [...(who.leadUnit ?? []), ...(who.coUnit ?? [])];
  const roles = [...new Set([...(who.center ?? []), ...unitRoles])];
  return {
    roles,
    allows: (actor) => !!who.center?.some((r) => actor.roles.includes(r)) || (actor.unitId !== null && unitRoles.some((r) => actor.roles.includes(r))),
  };
}

export interface TicketScope {
  leadUnitId: number | null;
  coUnitIds: readonly number[];
}

export function isCenterUser(actor: Actor): boolean {
  return actor.roles.some((r) => CENTER_ROLES.includes(r));
}

/** Whether the actor may see the ticket at all; others get 404, not 403. */
export function canSee(actor: Actor, t: TicketScope): boolean {
  if (isCenterUser(actor)) return true;
  if (actor.unitId === null) return false;
  return t.leadUnitId === actor.unitId || t.coUnitIds.includes(actor.unitId);
}

/** Whether the actor's roles (and unit) allow the action on this ticket, whatever its status. */
export function mayAct(actor: Actor, action: TicketAction, t: TicketScope): boolean {
  if (action === TicketAction.RevealPhone && !mayHandlePersonalData(actor)) return false;
  const who = TICKET_PERMISSIONS[action];
  if (who.center?.some((r) => actor.roles.includes(r))) return true;
  if (who.leadUnit && actor.unitId !== null && t.leadUnitId === actor.unitId) {
    return who.leadUnit.some((r) => actor.roles.includes(r));
  }
  if (who.coUnit && actor.unitId !== null && t.leadUnitId !== actor.unitId && t.coUnitIds.includes(actor.unitId)) {
    return who.coUnit.some((r) => actor.roles.includes(r));
  }
  return false;
}

export function maySeePhone(actor: Actor): boolean {
  if (!mayHandlePersonalData(actor)) return false;
  return actor.roles.some((r) => PHONE_VISIBLE_ROLES.includes(r));
}
