import dayjs from "dayjs";
import utc from "dayjs/plugin/utc.js";
import timezone from "dayjs/plugin/timezone.js";
import "dayjs/locale/zh-cn.js";

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale("zh-cn");

/** The hotline's zone: dates are shown in Asia/Shanghai whatever the browser's zone (docs/API.md). */
export const ZONE = "Asia/Shanghai";

/** Formats an ISO time as 2026-11-23 14:05 in Asia/Shanghai. */
export function fmtTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return dayjs(iso).tz(ZONE).format("YYYY-MM-DD HH:mm");
}

/** Today's date (YYYY-MM-DD) in Asia/Shanghai, shifted by `offsetDays`. */
export function shanghaiDate(offsetDays = 0, now: number = Date.now()): string {
  return dayjs(now).tz(ZONE).add(offsetDays, "day").format("YYYY-MM-DD");
}

/** Start of a Shanghai day as an ISO time with offset. */
export function dayStartIso(date: string): string {
  return `${date}T00:00:00+08:00`;
}

/** End of a Shanghai day as an ISO time with offset. */
export function dayEndIso(date: string): string {
  return `${date}T23:59:59.999+08:00`;
}

export type DeadlineTone = "green" | "yellow" | "red";

/**
 * Countdown to a deadline: "剩 1天3小时" / "超期 2小时"; red when overdue or under 4 hours, yellow under
 * one day (docs/RULES.md rule 18: warnings before a deadline expires).
 */
export function countdown(dueIso: string, now: number): { text: string; tone: DeadlineTone } {
  const ms = dayjs(dueIso).valueOf() - now;
  const abs = Math.abs(ms);
  const days = Math.floor(abs / 86_400_000);
  const hours = Math.floor((abs % 86_400_000) / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const span = days > 0 ? `${days}天${hours}小时` : hours > 0 ? `${hours}小时${minutes}分` : `${minutes}分钟`;
  if (ms < 0) return { text: `超期 ${span}`, tone: "red" };
  if (ms < 4 * 3_600_000) return { text: `剩 ${span}`, tone: "red" };
  if (ms < 24 * 3_600_000) return { text: `剩 ${span}`, tone: "yellow" };
  return { text: `剩 ${span}`, tone: "green" };
}

export { dayjs };
