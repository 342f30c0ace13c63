import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from "kysely";
import { describe, expect, it } from "vitest";
import type { DB, TicketRow } from "../../src/db/schema.js";
import { WorkingCalendar } from "../../src/domain/calendar/calendar.js";
import { DEFAULT_POLICY } from "../../src/domain/policy/policy.js";
import { DEADLINE_KINDS as KINDS, OVERDUE_KINDS, clockRuns, clockSwept, type DeadlineKind } from "../../src/domain/ticket/deadline-kinds.js";

const DEADLINE_KINDS: readonly DeadlineKind[] = KINDS;
import { deadlineMarks } from "../../src/domain/ticket/deadline-marks.js";
import { decideMark } from "../../src/domain/ticket/ticket.machine.js";
import { presentDeadlines, presentOverdue } from "../../src/modules/tickets/ticket.presenter.js";
import { overdueExpr } from "../../src/modules/tickets/ticket.query.js";
import { DEADLINE_LABELS, currentDeadline, overdueLabels } from "../../web/src/lib/deadlines.js";

/**
 * Issue 11 "deadlines as one table": every deadline kind is read from DEADLINE_KINDS by the presenter, the
 * list's overdue filter, the sweep's marks and transitions, and the web's labels and tags.
 */
const d = (s: string) => new Date(s);
const due = d("2025-03-10T23:59:59.999+08:00");
const row = (k: DeadlineKind, overrides: Partial<TicketRow> = {}): TicketRow =>
  ({
    status: k.runsIn[0],
    first_contact_state: k.firstContact?.[0] ?? "reached",
    dispatched_at: d("2025-03-03T09:00:00+08:00"),
    sign_due_at: null,
    contact_due_at: null,
    reply_due_at: null,
    progress_due_at: null,
    auto_close_at: null,
    sign_overdue: false,
    contact_overdue: false,
    reply_overdue: false,
    closure_kind: null,
    resume_status: null,
    pending_extension: false,
    pending_exclusion: false,
    excluded_from_satisfaction: false,
    [k.dueColumn]: due,
    ...overrides,
  }) as unknown as TicketRow;

const db = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

describe.each(DEADLINE_KINDS.map((k) => [k.name, k] as const))("deadline kind %s", (_name, k) => {
  it("the presenter shows its due time while its clock runs, and not after", () => {
    const t = row(k);
    expect(clockRuns(k, t.status, t.first_contact_state)).toBe(true);
    expect(presentDeadlines(t)[k.viewKey]).toBe(due.toISOString());
    expect(presentDeadlines({ ...t, status: "closed" })[k.viewKey]).toBeNull();
  });

  it("overdue: the presenter, the list filter, the sweep's overdue transition and the web tag", () => {
    if (!k.overdue) {
      expect(OVERDUE_KINDS).not.toContain(k);
      return;
    }
    const late = d("2025-03-11T09:00:00+08:00");
    expect(presentOverdue(row(k), late)[k.overdue.viewKey]).toBe(true);
    expect(presentOverdue(row(k), d("2025-03-04T09:00:00+08:00"))[k.overdue.viewKey]).toBe(false);
    expect(presentOverdue(row(k, { status: "closed", [k.overdue.column]: true } as never), late)[k.overdue.viewKey]).toBe(true);
    const sqlText = db.selectFrom("tickets").selectAll().where((eb) => overdueExpr(eb, late)).compile().sql;
    expect(sqlText).toContain(`"${k.overdue.column}"`);
    expect(sqlText).toContain(`"${k.dueColumn}"`);
    const t = row(k);
    const change = decideMark({ status: t.status as never, closureKind: null, resumeStatus: null, pendingExtension: false, pendingExclusion: false, excludedFromSatisfaction: false, firstContactState: "pending" }, { deadline: k.name, kind: "overdue", at: due, dueAt: due }, { now: late, actorId: null, unitId: 1 });
    expect(change.patch).toMatchObject({ [k.overdue.column]: true });
    expect(change.events[0]).toMatchObject({ type: "ticket.overdue", data: { deadline: k.name } });
    expect(overdueLabels({ overdue: { sign: false, contact: false, reply: false, progress: false, [k.overdue.viewKey]: true } })).toEqual([k.overdueLabel]);
  });

  it("the sweep makes its marks (warnings and overdue, or the close), and none once the clock stops", () => {
    const t = row(k, { first_contact_state: (k.sweepFirstContact ?? k.firstContact)?.[0] ?? "reached" } as never);
    const marks = deadlineMarks(DEFAULT_POLICY, new WorkingCalendar(), t).filter((m) => m.deadline === k.name);
    if (k.sweep === null) expect(marks).toEqual([]);
    else if (k.sweep === "close") expect(marks).toEqual([{ deadline: k.name, kind: "close", at: due }]);
    else {
      expect(clockSwept(k, t.status, t.first_contact_state)).toBe(true);
      expect(marks.map((m) => m.kind)).toContain("overdue");
      expect(marks.some((m) => m.kind.startsWith("warn:"))).toBe(true);
    }
    expect(deadlineMarks(DEFAULT_POLICY, new WorkingCalendar(), { ...t, status: "closed" }).filter((m) => m.deadline === k.name)).toEqual([]);
  });

  it("the web names it and shows it as the current deadline when the sweep watches it", () => {
    expect(DEADLINE_LABELS[k.name]).toBe(k.label);
    const t = row(k, { first_contact_state: (k.sweepFirstContact ?? k.firstContact)?.[0] ?? "reached" } as never);
    const view = { status: t.status as never, firstContact: { state: t.first_contact_state as never, at: null }, deadlines: presentDeadlines(t) as never };
    if (k.sweep !== null) expect(currentDeadline(view)).toEqual({ label: k.label, at: due.toISOString() });
  });
});
