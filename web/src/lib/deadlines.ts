import type { Ticket } from "../api/types.js";
import { DEADLINE_KINDS, OVERDUE_KINDS, clockSwept } from "./domain.js";

/** Deadlines on the web, read from the one table of deadline kinds (src/domain/ticket/deadline-kinds.ts). */

/** Chinese name of each deadline kind (签收, 先行联系, 答复, …), keyed by its name. */
export const DEADLINE_LABELS: Readonly<Record<string, string>> = Object.fromEntries(DEADLINE_KINDS.map((k) => [k.name, k.label]));

/** The deadline that matters now: the first kind the sweep is watching for this ticket, with its Chinese name. */
export function currentDeadline(t: Pick<Ticket, "status" | "deadlines" | "firstContact">): { label: string; at: string } | null {
  for (const k of DEADLINE_KINDS) {
    const at = (t.deadlines as Record<string, string | null | undefined>)[k.viewKey];
    if (at && clockSwept(k, t.status, t.firstContact.state)) return { label: k.label, at };
  }
  return null;
}

/** The overdue tags of a ticket: 签收超期 / 联系超期 / 答复超期, one per kind with an overdue flag. */
export function overdueLabels(t: Pick<Ticket, "overdue">): string[] {
  const overdue = t.overdue as Record<string, boolean | undefined>;
  return OVERDUE_KINDS.filter((k) => overdue[k.overdue!.viewKey]).map((k) => k.overdueLabel!);
}
