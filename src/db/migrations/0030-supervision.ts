/**
 * Supervision 督办 (issue 13, docs/SUPERVISION.md): alerts detected daily, prompt and warning notices to units,
 * supervision orders on tickets, weekly special reports, formal talks and social supervisors' evaluations; the
 * units' leader contacts; the progress report clock of special tickets (rule 8) gets its overdue flag.
 */
export const sql = /* sql */ `
ALTER TABLE units ADD COLUMN leader_contacts jsonb NOT NULL DEFAULT '[]'::jsonb;
ALTER TABLE tickets ADD COLUMN progress_overdue boolean NOT NULL DEFAULT false;

CREATE TABLE supervision_alerts (
  id             serial PRIMARY KEY,
  kind           text NOT NULL,
  condition_key  text NOT NULL,
  unit_id        integer REFERENCES units(id),
  ticket_ids     integer[] NOT NULL DEFAULT '{}',
  count          integer NOT NULL DEFAULT 1,
  severity       text NOT NULL CHECK (severity IN ('prompt', 'warning')),
  label          text NOT NULL,
  detected_at    timestamptz NOT NULL,
  status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'handled')),
  handled_at     timestamptz,
  handled_by     integer REFERENCES users(id),
  handled_note   text
);
-- the same condition never raises a second open alert
CREATE UNIQUE INDEX supervision_alerts_open_uq ON supervision_alerts (condition_key) WHERE status = 'open';
CREATE INDEX supervision_alerts_list_idx ON supervision_alerts (detected_at DESC, id DESC);

CREATE SEQUENCE supervision_notice_no;
CREATE TABLE supervision_notices (
  id            serial PRIMARY KEY,
  number        text NOT NULL UNIQUE,
  kind          text NOT NULL CHECK (kind IN ('prompt', 'warning')),
  form          text NOT NULL CHECK (form IN ('sms', 'letter')),
  unit_id       integer NOT NULL REFERENCES units(id),
  alert_ids     integer[] NOT NULL DEFAULT '{}',
  ticket_ids    integer[] NOT NULL DEFAULT '{}',
  content       text NOT NULL,
  status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'overdue')),
  due_at        timestamptz NOT NULL,
  issued_by     integer REFERENCES users(id),
  issued_at     timestamptz NOT NULL,
  response      text,
  responded_by  integer REFERENCES users(id),
  responded_at  timestamptz
);
CREATE INDEX supervision_notices_unit_idx ON supervision_notices (unit_id, id DESC);

CREATE SEQUENCE supervision_order_no;
CREATE TABLE supervision_orders (
  id                 serial PRIMARY KEY,
  number             text NOT NULL UNIQUE,
  ticket_id          integer NOT NULL REFERENCES tickets(id),
  unit_id            integer NOT NULL REFERENCES units(id),
  form               text NOT NULL CHECK (form IN ('daily', 'on_site', 'media', 'meeting', 'joint', 'leader')),
  source             text NOT NULL CHECK (source IN ('center', 'city', 'city_written', 'county_government', 'media_or_discipline')),
  requirement        text NOT NULL,
  requirement_hash   text NOT NULL,
  due_working_days   integer NOT NULL,
  due_at             timestamptz NOT NULL,
  status             text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'overdue', 'closed')),
  created_by         integer REFERENCES users(id),
  created_at         timestamptz NOT NULL,
  response           text,
  responded_by       integer REFERENCES users(id),
  responded_at       timestamptz,
  closed_by          integer REFERENCES users(id),
  closed_at          timestamptz,
  closing_note       text
);
-- a double click creates one order: one open order per ticket, source, form and requirement
CREATE UNIQUE INDEX supervision_orders_once_uq ON supervision_orders (ticket_id, source, form, requirement_hash) WHERE status <> 'closed';
CREATE INDEX supervision_orders_unit_idx ON supervision_orders (unit_id, id DESC);
CREATE INDEX supervision_orders_ticket_idx ON supervision_orders (ticket_id);
CREATE INDEX supervision_orders_month_idx ON supervision_orders (created_at, unit_id);

CREATE TABLE supervision_special_reports (
  id          serial PRIMARY KEY,
  week_of     date NOT NULL,
  sections    jsonb NOT NULL,
  created_by  integer REFERENCES users(id),
  created_at  timestamptz NOT NULL
);

CREATE TABLE supervision_talks (
  id                    serial PRIMARY KEY,
  unit_id               integer NOT NULL REFERENCES units(id),
  reasons               text[] NOT NULL,
  at                    timestamptz NOT NULL,
  participants          text[] NOT NULL,
  minutes               text,
  rectification_due_at  timestamptz,
  status                text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'rectified', 'overdue')),
  created_by            integer REFERENCES users(id),
  created_at            timestamptz NOT NULL
);

CREATE TABLE supervision_evaluations (
  id            serial PRIMARY KEY,
  unit_id       integer NOT NULL REFERENCES units(id),
  score         integer NOT NULL CHECK (score BETWEEN 0 AND 100),
  comment       text,
  evaluator_id  integer NOT NULL REFERENCES users(id),
  created_at    timestamptz NOT NULL
);
CREATE INDEX supervision_evaluations_unit_idx ON supervision_evaluations (unit_id, created_at);
`;
