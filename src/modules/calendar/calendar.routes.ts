import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { shanghaiDate } from "../../domain/calendar/calendar.js";
import { invalid } from "../../domain/errors.js";
import { actorOf } from "../../http/auth.js";
import { errorResponses, isoDate, queryTime } from "../../http/schemas.js";
import { CALENDAR_EDIT_ACCESS, removeCalendarOverride, setCalendarOverride } from "./set-calendar-override.js";

const dayView = z.object({
  date: z.string(),
  workday: z.boolean(),
  name: z.string().optional(),
  source: z.enum(["weekday", "weekend", "holiday", "makeup", "override"]),
  provisional: z.boolean().optional(),
});
z.globalRegistry.add(dayView, { id: "CalendarDay" });
const dateParams = z.object({ date: isoDate });

/** The working-day calendar and its admin overrides (docs/API.md "Calendar and policy"). */
export async function calendarRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/api/calendar/days",
    {
      schema: {
        tags: ["calendar"],
        summary: "Every date in a range with workday, name and why (at most 3660 days)",
        querystring: z.object({ from: isoDate, to: isoDate }),
        response: { 200: z.array(dayView), ...errorResponses },
      },
    },
    async (request) => {
      actorOf(request);
      return (await ctx.calendar.get(ctx.db)).days(request.query.from, request.query.to);
    },
  );

  r.put(
    "/api/calendar/days/:date",
    {
      config: { access: CALENDAR_EDIT_ACCESS },
      schema: {
        tags: ["calendar"],
        summary: "Admin override of one date (a local holiday, a typhoon day, an extra working day)",
        params: dateParams,
        body: z.object({ workday: z.boolean(), name: z.string().max(50).nullish() }),
        response: { 200: dayView, ...errorResponses },
      },
    },
    async (request) => setCalendarOverride(ctx, actorOf(request), { date: request.params.date, ...request.body }),
  );

  r.delete(
    "/api/calendar/days/:date",
    {
      config: { access: CALENDAR_EDIT_ACCESS },
      schema: {
        tags: ["calendar"],
        summary: "Remove an admin override: the official calendar applies again",
        params: dateParams,
        response: { 200: dayView, ...errorResponses },
      },
    },
    async (request) => removeCalendarOverride(ctx, actorOf(request), request.params.date),
  );

  r.get(
    "/api/calendar/add-working-days",
    {
      schema: {
        tags: ["calendar"],
        summary: "The deadline N working days after a time, under the current policy's counting mode",
        querystring: z.object({
          from: queryTime,
          days: z.coerce.number().int().min(0).max(365),
          mode: z.enum(["end_of_day", "elapsed"]).optional(),
        }),
        response: {
          200: z.object({ dueAt: z.string(), countingMode: z.enum(["end_of_day", "elapsed"]), missingYears: z.array(z.number()) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      actorOf(request);
      const { from, days, mode } = request.query;
      const calendar = await ctx.calendar.get(ctx.db);
      const countingMode = mode ?? (await ctx.policy.current(ctx.db)).settings.countingMode;
      const start = new Date(from);
      const dueAt = calendar.addWorkingDays(start, days, countingMode);
      const dueDate = shanghaiDate(dueAt);
      if (!isoDate.safeParse(dueDate).success) throw invalid("from", "the deadline would fall after the year 2100");
      return { dueAt: dueAt.toISOString(), countingMode, missingYears: calendar.missingYears(shanghaiDate(start), dueDate) };
    },
  );
}
