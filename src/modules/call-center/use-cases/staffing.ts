import type { AppContext } from "../../../app-context.js";
import { dateOfDayNumber, dayNumber, shanghaiDate, shanghaiMidnight } from "../../../domain/calendar/calendar.js";
import { staffFor, validateErlangInput, type ErlangInput } from "../../../domain/call-center/erlang.js";
import { dayKindOf, forecastDay, referenceDates, SLOTS_PER_DAY, type HistoryDay } from "../../../domain/call-center/forecast.js";
import { planShifts } from "../../../domain/call-center/shift-plan.js";
import { loadCallCenterSettings } from "../call-center-settings.repository.js";
import { firstCallAt, slotHistory } from "../call-figures.repository.js";
import { shanghaiIso } from "../call.presenter.js";

/** How far back the forecast looks for reference days (a year, so last year's holidays count). */
const LOOKBACK_DAYS = 400;

export type ErlangQuery = Partial<Omit<ErlangInput, "calls" | "ahtSeconds">> & { calls: number; ahtSeconds: number };

/** `GET /api/call-center/erlang-c`: the staffing of one interval; missing inputs come from the settings. */
export async function computeErlang(ctx: Pick<AppContext, "db">, q: ErlangQuery) {
  const s = await loadCallCenterSettings(ctx.db);
  return staffFor({
    calls: q.calls,
    ahtSeconds: q.ahtSeconds,
    intervalMinutes: q.intervalMinutes ?? 30,
    targetSeconds: q.targetSeconds ?? s.answerTargetSeconds,
    serviceLevel: q.serviceLevel ?? s.serviceLevel,
    maxOccupancy: q.maxOccupancy ?? s.maxOccupancy,
    shrinkage: q.shrinkage ?? s.shrinkage,
    patienceSeconds: q.patienceSeconds,
  });
}

/**
 * `GET /api/call-center/staffing`: the date's per-half-hour forecast from the call history (reference
 * days chosen by the calendar: same weekday, holidays, make-up days; trend), the agents each half hour
 * needs (Erlang C, or A with a patience), and a shift plan covering the scheduled agents.
 */
export async function getStaffing(
  ctx: Pick<AppContext, "db" | "calendar">,
  q: { date: string; serviceLevel?: number; targetSeconds?: number; maxOccupancy?: number; shrinkage?: number; patienceSeconds?: number },
) {
  const s = await loadCallCenterSettings(ctx.db);
  const params = {
    serviceLevel: q.serviceLevel ?? s.serviceLevel,
    targetSeconds: q.targetSeconds ?? s.answerTargetSeconds,
    maxOccupancy: q.maxOccupancy ?? s.maxOccupancy,
    shrinkage: q.shrinkage ?? s.shrinkage,
    patienceSeconds: q.patienceSeconds,
  };
  validateErlangInput({ calls: 1, intervalMinutes: 30, ahtSeconds: 1, ...params });
  const calendar = await ctx.calendar.get(ctx.db);
  const target = dayNumber(q.date);
  const kind = dayKindOf(calendar.day(q.date));
  const first = await firstCallAt(ctx.db);
  const firstDay = first ? dayNumber(shanghaiDate(first)) : target;
  const past: { date: string; kind: ReturnType<typeof dayKindOf> }[] = [];
  for (let dn = target - 1; dn >= Math.max(firstDay, target - LOOKBACK_DAYS); dn--) {
    const date = dateOfDayNumber(dn);
    past.push({ date, kind: dayKindOf(calendar.day(date)) });
  }
  const refs = referenceDates({ date: q.date, kind }, past);
  const slots = await slotHistory(ctx.db, refs.map((d) => dayNumber(d)));
  const history: HistoryDay[] = refs.map((date) => {
    const dn = dayNumber(date);
    const day: HistoryDay = { date, kind: past.find((p) => p.date === date)!.kind, offered: zeros(), answered: zeros(), handleSeconds: zeros() };
    for (const r of slots) {
      if (r.day !== dn || r.slot < 0 || r.slot >= SLOTS_PER_DAY) continue;
      day.offered[r.slot] = r.offered;
      day.answered[r.slot] = r.answered;
      day.handleSeconds[r.slot] = r.handleSeconds;
    }
    return day;
  });
  const forecast = forecastDay({ date: q.date, kind }, history, s.defaultAhtSeconds);
  const start = shanghaiMidnight(q.date).getTime();
  const staffed = forecast.intervals.map((i) => {
    if (i.forecastCalls <= 0) return { ...i, agents: 0, scheduledAgents: 0, serviceLevel: null as number | null };
    const r = staffFor({ calls: i.forecastCalls, intervalMinutes: 30, ahtSeconds: i.ahtSeconds, ...params });
    return { ...i, agents: r.agents, scheduledAgents: r.scheduledAgents, serviceLevel: Math.round(r.serviceLevel * 1000) / 1000 };
  });
  const plan = planShifts(staffed.map((i) => i.scheduledAgents), s.shiftHours * 2);
  const at = (slot: number) => shanghaiIso(new Date(start + slot * 1_800_000));
  return {
    date: q.date,
    dayKind: kind,
    model: params.patienceSeconds === undefined ? ("erlang_c" as const) : ("erlang_a" as const),
    referenceDates: forecast.referenceDates,
    trend: forecast.trend,
    serviceLevel: params.serviceLevel,
    targetSeconds: params.targetSeconds,
    intervals: staffed.map((i) => ({
      start: at(i.slot),
      forecastCalls: i.forecastCalls,
      ahtSeconds: i.ahtSeconds,
      agents: i.agents,
      scheduledAgents: i.scheduledAgents,
      plannedSeats: plan.planned[i.slot]!,
      serviceLevel: i.serviceLevel,
    })),
    shifts: plan.shifts.map((x) => ({ start: at(x.startSlot), end: at(x.endSlot), agents: x.agents })),
  };
}

const zeros = () => new Array<number>(SLOTS_PER_DAY).fill(0);
