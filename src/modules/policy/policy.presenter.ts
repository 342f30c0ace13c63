import type { WorkingCalendar } from "../../domain/calendar/calendar.js";
import type { PolicySettings } from "../../domain/policy/policy.js";
import type { VersionedPolicy } from "./policy.service.js";

/** A condition the admin must see (docs/API.md: a year with no calendar data is visible, not a silent guess). */
export interface PolicyWarning {
  code: "CALENDAR_DATA_MISSING";
  year: number;
  message: string;
}

export interface PolicyView {
  version: number;
  name: string;
  settings: PolicySettings;
  createdAt: string | null;
  createdBy: number | null;
  missingYears: number[];
  warnings: PolicyWarning[];
}

/**
 * Years a deadline computed today may reach (this year and the next, in Shanghai) that have no
 * official holiday data.
 */
export function calendarWarnings(calendar: WorkingCalendar, today: string): { missingYears: number[]; warnings: PolicyWarning[] } {
  const year = Number(today.slice(0, 4));
  const missingYears = calendar.missingYears(`${year}-01-01`, `${year + 1}-12-31`);
  return {
    missingYears,
    warnings: missingYears.map((y) => ({
      code: "CALENDAR_DATA_MISSING" as const,
      year: y,
      message: `${y} 年的法定节假日和调休安排尚未收录：该年暂按周一至周五计算工作日。请在国务院办公厅通知发布后更新 chinese-days，或在工作日历中逐日设置。`,
    })),
  };
}

/** The policy as GET /api/policy returns it: settings, version, name and the calendar warnings. */
export function presentPolicy(p: VersionedPolicy, calendar: WorkingCalendar, today: string): PolicyView {
  return {
    version: p.version,
    name: p.name,
    settings: p.settings,
    createdAt: p.createdAt ? p.createdAt.toISOString() : null,
    createdBy: p.createdBy ?? null,
    ...calendarWarnings(calendar, today),
  };
}
