/**
 * Issue 12, defects 3, 15 and 17.
 * - `huying_markers`: one-off facts about this database (the demo seed's start and completion marker).
 *   A database seeded before this migration (it has the demo user `operator`) counts as seeded.
 * - `demo_admin` (an admin with the published demo password) is deactivated and its sessions revoked,
 *   with an audit row; new demo data has no admin (docs/API.md).
 * - `tickets.anonymised_at`: when the retention job removed the requester's name and phone; the partial
 *   index lets the daily job find closed tickets not yet anonymised without reading every ticket.
 * - Indexes for the daily purges of expired sessions and read notifications.
 */
export const sql = `
CREATE TABLE huying_markers (
  name   text PRIMARY KEY,
  value  text NOT NULL,
  at     timestamptz NOT NULL DEFAULT now()
);
INSERT INTO huying_markers (name, value)
  SELECT 'demo.seeded', 'before migration 0016' WHERE EXISTS (SELECT 1 FROM users WHERE username = 'operator');

INSERT INTO audit_log (at, actor_id, action, target_type, target_id, data)
  SELECT now(), NULL, 'user.updated', 'user', id::text, '{"active": false, "reason": "demo admin with a published password (issue 12)"}'::jsonb
  FROM users WHERE username = 'demo_admin' AND active;
UPDATE sessions SET revoked_at = now()
  WHERE revoked_at IS NULL AND user_id IN (SELECT id FROM users WHERE username = 'demo_admin');
UPDATE users SET active = false WHERE username = 'demo_admin';

ALTER TABLE tickets ADD COLUMN anonymised_at timestamptz;
CREATE INDEX tickets_retention_idx ON tickets (closed_at, id) WHERE anonymised_at IS NULL AND closed_at IS NOT NULL;

CREATE INDEX sessions_expires_idx ON sessions (expires_at);
CREATE INDEX notifications_read_idx ON notifications (read_at) WHERE read_at IS NOT NULL;
`;
