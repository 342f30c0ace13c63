import { z } from "zod";
import type { Role } from "../../domain/ticket/ticket.types.js";
import type { Actor } from "../../http/auth.js";
import { maskPhone } from "../tickets/ticket.presenter.js";
import type { UnitView } from "./org.repository.js";

/**
 * A unit's duty phone (值班电话, issue 16): where urgent-dispatch SMS go, so it must be a mainland mobile
 * number (an SMS cannot reach a landline). Accepted with spaces or hyphens and an optional +86/86; stored as
 * its 11 digits. docs/CHANNELS.md "SMS" states who reads it unmasked.
 */
const DUTY_PHONE = /^(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d){8}$/;

export const dutyPhoneField = z
  .string()
  .trim()
  .regex(DUTY_PHONE, "a mobile number (11 digits, 1[3-9]…, optionally +86): urgent-dispatch SMS go to it")
  .describe("the unit's duty mobile for urgent-dispatch SMS; null clears it");

/** "+86 138-1234-5678" → "13812345678". */
export function normalizeDutyPhone(v: string): string {
  return v.replace(/[ -]/g, "").replace(/^\+?86(?=1\d{10}$)/, "");
}

/**
 * The duty phone is an office number of the unit, not a citizen's personal data, but the phone a unit puts
 * on duty is often an officer's own mobile. It is read in full by the center's roles (they phone the unit
 * about urgent tickets) and by the unit's own users; everyone else (other units, viewers, social
 * supervisors, QA) sees it masked, 138****5678.
 */
const DUTY_PHONE_ROLES: readonly Role[] = ["admin", "operator", "dispatcher", "supervisor", "follow_up"];

export function mayReadDutyPhone(actor: Pick<Actor, "roles" | "unitId">, unitId: number): boolean {
  return actor.roles.some((r) => DUTY_PHONE_ROLES.includes(r)) || (actor.unitId !== null && actor.unitId === unitId);
}

export function presentUnitFor(actor: Pick<Actor, "roles" | "unitId">, unit: UnitView): UnitView {
  return mayReadDutyPhone(actor, unit.id) ? unit : { ...unit, dutyPhone: maskPhone(unit.dutyPhone) };
}
