import type { Db } from "../../../db/database.js";
import { dayNumber, shanghaiMidnight } from "../../../domain/calendar/calendar.js";
import { invalid } from "../../../domain/errors.js";
import type { Actor } from "../../../http/auth.js";
import { loadCallCenterSettings } from "../call-center-settings.repository.js";
import { seesAllOperators } from "../call-center.policy.js";
import { callFigures, operatorFigures, type FigureRow } from "../call-figures.repository.js";
import { shanghaiIso } from "../call.presenter.js";

/** The longest period one figures request covers. */
export const MAX_FIGURE_DAYS = 400;

export interface ConnectionFigures {
  offered: number;
  answered: number;
  answeredWithinTarget: number;
  abandoned: number;
  transferred: number;
  /** 接通率 = answered / offered (null with no calls). */
  connectionRate: number | null;
  /** Answered within the target seconds / offered. */
  serviceLevel: number | null;
  abandonmentRate: number | null;
  averageSpeedOfAnswerSeconds: number | null;
  averageHandleSeconds: number | null;
}

/** The figures of one bucket or of the total (docs/CALL-CENTER.md "Connection figures"). */
export function figuresOf(r: Omit<FigureRow, "bucket">): ConnectionFigures {
  const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);
  const mean = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10) / 10 : null);
  return {
    offered: r.offered,
    answered: r.answered,
    answeredWithinTarget: r.answeredWithinTarget,
    abandoned: r.abandoned,
    transferred: r.transferred,
    connectionRate: ratio(r.answered, r.offered),
    serviceLevel: ratio(r.answeredWithinTarget, r.offered),
    abandonmentRate: ratio(r.abandoned, r.offered),
    averageSpeedOfAnswerSeconds: mean(r.waitSeconds, r.answered),
    averageHandleSeconds: mean(r.handleSeconds, r.answered),
  };
}

/**
 * [from, to] as Shanghai dates (both included) → [start, end) instants; a bound given as a time is used
 * as is (`to` exclusive). 400 for a reversed or too long period.
 */
export function period(from: string, to: string): { start: Date; end: Date } {
  const start = from.includes("T") ? new Date(from) : shanghaiMidnight(from);
  if (!from.includes("T")) dayNumber(from, "from");
  const end = to.includes("T") ? new Date(to) : new Date(shanghaiMidnight(to).getTime() + 86_400_000);
  if (!to.includes("T")) dayNumber(to, "to");
  if (end.getTime() <= start.getTime()) throw invalid("to", "must be after from");
  if (end.getTime() - start.getTime() > MAX_FIGURE_DAYS * 86_400_000) throw invalid("to", `at most ${MAX_FIGURE_DAYS} days`);
  return { start, end };
}

/**
 * Connection figures per hour or day over a period, with the total and the targets in force
 * (connection rate ≥ the target, answered within the target seconds).
 */
export async function getCallRates(db: Db, q: { from: string; to: string; interval: "hour" | "day" }) {
  const settings = await loadCallCenterSettings(db);
  const { start, end } = period(q.from, q.to);
  const rows = await callFigures(db, start, end, q.interval, settings.answerTargetSeconds);
  const total = rows.reduce(
    (s, r) => ({
      offered: s.offered + r.offered,
      answered: s.answered + r.answered,
      answeredWithinTarget: s.answeredWithinTarget + r.answeredWithinTarget,
      abandoned: s.abandoned + r.abandoned,
      transferred: s.transferred + r.transferred,
      waitSeconds: s.waitSeconds + r.waitSeconds,
      handleSeconds: s.handleSeconds + r.handleSeconds,
    }),
    { offered: 0, answered: 0, answeredWithinTarget: 0, abandoned: 0, transferred: 0, waitSeconds: 0, handleSeconds: 0 },
  );
  const totals = figuresOf(total);
  return {
    from: q.from,
    to: q.to,
    interval: q.interval,
    targets: {
      connectionRate: settings.connectionRateTarget,
      answerTargetSeconds: settings.answerTargetSeconds,
      met: totals.connectionRate === null ? null : totals.connectionRate >= settings.connectionRateTarget,
    },
    total: totals,
    rows: rows.map((r) => ({ start: shanghaiIso(new Date(r.bucket * 1000)), ...figuresOf(r) })),
  };
}

/** Per operator: what each answered over the period; an operator sees their own row only. */
export async function getOperatorRates(db: Db, actor: Actor, q: { from: string; to: string }) {
  const settings = await loadCallCenterSettings(db);
  const { start, end } = period(q.from, q.to);
  const rows = await operatorFigures(db, start, end, settings.answerTargetSeconds, seesAllOperators(actor) ? undefined : actor.id);
  return {
    from: q.from,
    to: q.to,
    rows: rows.map((r) => ({
      operatorId: r.operatorId,
      operator: r.username,
      name: r.name,
      answered: r.answered,
      answeredWithinTarget: r.answeredWithinTarget,
      transferred: r.transferred,
      ticketsLinked: r.ticketsLinked,
      averageSpeedOfAnswerSeconds: r.answered > 0 ? Math.round((r.waitSeconds / r.answered) * 10) / 10 : null,
      averageHandleSeconds: r.answered > 0 ? Math.round((r.handleSeconds / r.answered) * 10) / 10 : null,
    })),
  };
}
