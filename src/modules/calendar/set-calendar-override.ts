import type { AppContext } from "../../app-context.js";
import { dayNumber, type CalendarDay } from "../../domain/calendar/calendar.js";
import { invalid } from "../../domain/errors.js";
import { rolesAccess } from "../../http/access.js";
import { requireRole, type Actor } from "../../http/auth.js";
import type { Role } from "../../domain/ticket/ticket.types.js";

/** Who may override calendar days; the routes declare the same access. */
export const CALENDAR_EDITORS: readonly Role[] = ["admin"];
export const CALENDAR_EDIT_ACCESS = rolesAccess(CALENDAR_EDITORS);
import { writeAudit } from "../audit/audit.repository.js";
import { deleteOverride, findOverride, upsertOverride } from "./calendar.repository.js";

/** Overrides are kept within the years the calendar tables cover. */
const FIRST_YEAR = 2000;
const LAST_YEAR = 2199;

function checkDate(date: string): void {
  dayNumber(date);
  const year = Number(date.slice(0, 4));
  if (year < FIRST_YEAR || year > LAST_YEAR) throw invalid("date", `must be between ${FIRST_YEAR} and ${LAST_YEAR}`);
}

/**
 * An admin marks one date as a working day or a day off (a local holiday, a typhoon day), with an
 * optional name. Stored, audited, and effective at once: the cached calendar is dropped after the
 * commit, so every deadline computed afterwards uses it (docs/POLICIES.md "Overrides").
 */
export async function setCalendarOverride(
  ctx: AppContext,
  actor: Actor,
  input: { date: string; workday: boolean; name?: string | null },
): Promise<CalendarDay> {
  requireRole(actor, ...CALENDAR_EDITORS);
  checkDate(input.date);
  const name = input.name?.trim() || null;
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await findOverride(trx, input.date);
    const builtIn = (await ctx.calendar.get(trx)).day(input.date);
    await upsertOverride(trx, { date: input.date, workday: input.workday, name, at, by: actor.id });
    await writeAudit(trx, {
      at,
      actorId: actor.id,
      action: "calendar.override_set",
      targetType: "calendar_day",
      targetId: input.date,
      data: {
        workday: input.workday,
        name,
        before: before ? { workday: before.workday, name: before.name } : { workday: builtIn.workday, source: builtIn.source },
      },
    });
  });
  ctx.calendar.invalidate();
  return (await ctx.calendar.get(ctx.db)).day(input.date);
}

/** An admin removes the override of one date: the official calendar applies again. Audited. */
export async function removeCalendarOverride(ctx: AppContext, actor: Actor, date: string): Promise<CalendarDay> {
  requireRole(actor, ...CALENDAR_EDITORS);
  checkDate(date);
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await findOverride(trx, date);
    if (!(await deleteOverride(trx, date))) return;
    await writeAudit(trx, {
      at,
      actorId: actor.id,
      action: "calendar.override_set",
      targetType: "calendar_day",
      targetId: date,
      data: { removed: true, before: before ? { workday: before.workday, name: before.name } : null },
    });
  });
  ctx.calendar.invalidate();
  return (await ctx.calendar.get(ctx.db)).day(date);
}
