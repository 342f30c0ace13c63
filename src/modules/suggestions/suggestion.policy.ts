import { rolesAccess } from "../../http/access.js";
import { ticketActionAccess } from "../tickets/ticket.policy.js";
import { TicketAction } from "../../domain/ticket/ticket.types.js";

/** Who may call the smart-intake routes (issue 15; checked before validation: 403 before 400). */
export const SUGGEST_ACCESS = rolesAccess(["admin", "operator", "dispatcher", "supervisor"]);
export const TRAIN_ACCESS = rolesAccess(["admin"]);
/** Repeat candidates: whoever sees tickets; unit users see only their unit's (similar.ts). */
export const SIMILAR_ACCESS = rolesAccess(["admin", "operator", "dispatcher", "supervisor", "follow_up", "viewer", "unit_leader", "unit_handler"]);
export const ANALYTICS_ACCESS = rolesAccess(["admin", "operator", "dispatcher", "supervisor", "follow_up", "viewer", "unit_leader", "unit_handler"]);
/** Batch dispatch is many dispatches: the dispatch action's access. */
export const BATCH_DISPATCH_ACCESS = ticketActionAccess(TicketAction.Dispatch);
