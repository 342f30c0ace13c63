/**
 * Supervision's daily detection (issue 13, docs/SUPERVISION.md "Speed"): partial indexes on the few tickets
 * each detector looks for, so the detection reads them instead of scanning every ticket.
 */
export const sql = /* sql */ `
CREATE INDEX tickets_redone_idx ON tickets (redo_count) WHERE redo_count >= 1;
CREATE INDEX tickets_repeated_idx ON tickets (repeat_count) WHERE repeat_count >= 1;
CREATE INDEX tickets_open_flags_idx ON tickets (lead_unit_id)
  WHERE status <> 'closed' AND (sign_overdue OR reply_overdue OR progress_overdue OR first_contact_state = 'missed');
CREATE INDEX tickets_no_change_idx ON tickets (id) WHERE flagged_no_change;
`;
