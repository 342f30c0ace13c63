/**
 * Issue 18 part A (docs/WORKDAY.md): co-handling (rule 10) — one row per co-unit of a ticket with its own
 * sign, part and deadline; the unit's own desk — the section (科室) and handler a lead unit assigned the ticket
 * to; reply templates per category (admin-maintained).
 */
export const sql = /* sql */ `
CREATE TABLE ticket_co_units (
  id serial PRIMARY KEY,
  ticket_id integer NOT NULL REFERENCES tickets(id),
  unit_id integer NOT NULL REFERENCES units(id),
  cycle integer NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'dispatched',
  dispatched_at timestamptz NOT NULL,
  due_at timestamptz,
  signed_at timestamptz,
  signed_by integer REFERENCES users(id),
  sign_late boolean NOT NULL DEFAULT false,
  content text,
  submitted_at timestamptz,
  submitted_by integer REFERENCES users(id),
  late boolean NOT NULL DEFAULT false,
  UNIQUE (ticket_id, unit_id)
);
CREATE INDEX ticket_co_units_unit_idx ON ticket_co_units (unit_id, status);
ALTER TABLE tickets ADD COLUMN assigned_section_id integer REFERENCES units(id);
ALTER TABLE tickets ADD COLUMN assigned_user_id integer REFERENCES users(id);
ALTER TABLE tickets ADD COLUMN assigned_at timestamptz;
CREATE INDEX tickets_assigned_user_idx ON tickets (assigned_user_id) WHERE assigned_user_id IS NOT NULL;
CREATE TABLE reply_templates (
  id serial PRIMARY KEY,
  category_id integer REFERENCES categories(id),
  title text NOT NULL,
  body text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_by integer REFERENCES users(id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX reply_templates_category_idx ON reply_templates (category_id, id);
`;
