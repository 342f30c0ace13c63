/**
 * Issue 18 point 1 (docs/WORKDAY.md "Co-unit deadlines"): the deadline sweep marks each co-unit's own deadline.
 * `next_mark_at` is the co-unit's next mark (its warning, then its deadline; null once submitted or marked
 * overdue), claimed by the sweep like tickets.next_due_at; `warned_at` and `overdue_at` record the marks once.
 */
export const sql = /* sql */ `
ALTER TABLE ticket_co_units ADD COLUMN next_mark_at timestamptz;
ALTER TABLE ticket_co_units ADD COLUMN warned_at timestamptz;
ALTER TABLE ticket_co_units ADD COLUMN overdue_at timestamptz;
UPDATE ticket_co_units SET next_mark_at = due_at WHERE status <> 'submitted' AND due_at IS NOT NULL;
CREATE INDEX ticket_co_units_next_mark_idx ON ticket_co_units (next_mark_at, id) WHERE next_mark_at IS NOT NULL;
`;
