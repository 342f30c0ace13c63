import type { Db } from "../../db/database.js";
import { WorkingCalendar } from "../../domain/calendar/calendar.js";
import { listOverrides } from "./calendar.repository.js";

/**
 * The working-day calendar with the admin overrides stored in calendar_overrides. Cached; a local
 * change invalidates at once, and the cache is re-read after `ttlMs` so another server instance's
 * override takes effect too. (The TTL is cache housekeeping, not domain time: it uses the real clock
 * so the test clock's jumps never keep a stale calendar.)
 */
export class CalendarService {
  private cached: { calendar: WorkingCalendar; loadedAt: number } | null = null;
  private generation = 0;

  constructor(private readonly ttlMs = 5_000) {}

  /** The current calendar (built-in data plus overrides). */
  async get(db: Db): Promise<WorkingCalendar> {
    const now = Date.now();
    if (this.cached && now - this.cached.loadedAt < this.ttlMs) return this.cached.calendar;
    const generation = this.generation;
    const calendar = new WorkingCalendar(await listOverrides(db));
    // An override saved while this read was in flight wins: do not cache the older view.
    if (generation === this.generation) this.cached = { calendar, loadedAt: now };
    return calendar;
  }

  /** Drops the cache; the next get() re-reads the overrides. Call after an override changes. */
  invalidate(): void {
    this.generation++;
    this.cached = null;
  }
}
