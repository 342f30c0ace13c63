/** The initial schema: organisation, access, tickets and their records, audit, notifications. */
export const sql = /* sql */ `
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

CREATE TABLE units (
  id          serial PRIMARY KEY,
  name        text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('center', 'department', 'town', 'section')),
  parent_id   integer REFERENCES units(id),
  region      text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX units_parent_idx ON units (parent_id);

CREATE TABLE users (
  id             serial PRIMARY KEY,
  username       text NOT NULL UNIQUE,
  password_hash  text NOT NULL,
  name           text NOT NULL,
  roles          text[] NOT NULL,
  unit_id        integer REFERENCES units(id),
  phone          text,
  active         boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_unit_idx ON users (unit_id);

CREATE TABLE sessions (
  token_hash  text PRIMARY KEY,
  user_id     integer NOT NULL REFERENCES users(id),
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE categories (
  id          serial PRIMARY KEY,
  name        text NOT NULL,
  parent_id   integer REFERENCES categories(id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX categories_name_parent_idx ON categories (coalesce(parent_id, 0), name);

-- A ticket keeps the policy version it was dispatched under (issue 4).
CREATE TABLE policies (
  version     serial PRIMARY KEY,
  name        text NOT NULL,
  settings    jsonb NOT NULL,
  created_at  timestamptz NOT NULL,
  created_by  integer REFERENCES users(id)
);

CREATE TABLE calendar_overrides (
  date        date PRIMARY KEY,
  workday     boolean NOT NULL,
  name        text,
  updated_at  timestamptz NOT NULL,
  updated_by  integer REFERENCES users(id)
);

CREATE TABLE tickets (
  id                  serial PRIMARY KEY,
  number              text NOT NULL UNIQUE,
  status              text NOT NULL,
  urgency             text NOT NULL,
  channel             text NOT NULL,
  title               text NOT NULL,
  content             text NOT NULL,
  business            boolean NOT NULL DEFAULT false,
  requester_name      text,
  requester_phone     text,
  anonymous           boolean NOT NULL DEFAULT false,
  category_id         integer REFERENCES categories(id),
  address             text,
  external_ref        text,
  idempotency_key     text UNIQUE,
  received_at         timestamptz NOT NULL,
  created_at          timestamptz NOT NULL,
  created_by          integer REFERENCES users(id),
  lead_unit_id        integer REFERENCES units(id),
  co_unit_ids         integer[] NOT NULL DEFAULT '{}',
  dispatch_mode       text,
  dispatched_at       timestamptz,
  signed_at           timestamptz,
  replied_at          timestamptz,
  closed_at           timestamptz,
  closure_kind        text,
  closure_remark      text,
  redo_count          integer NOT NULL DEFAULT 0,
  version             integer NOT NULL DEFAULT 1,
  policy_version      integer,
  -- the status to go back to when a return or reply review is refused
  resume_status       text,
  -- deadlines (STYLE.md: stored, indexed, recomputed by the use case that changes them)
  deadline_cycle      integer NOT NULL DEFAULT 0,
  sign_due_at         timestamptz,
  contact_due_at      timestamptz,
  reply_due_at        timestamptz,
  progress_due_at     timestamptz,
  auto_close_at       timestamptz,
  next_due_at         timestamptz,
  sign_overdue        boolean NOT NULL DEFAULT false,
  contact_overdue     boolean NOT NULL DEFAULT false,
  reply_overdue       boolean NOT NULL DEFAULT false,
  first_contact_state text NOT NULL DEFAULT 'pending',
  first_contact_at    timestamptz,
  excluded_from_satisfaction boolean NOT NULL DEFAULT false,
  pending_extension   boolean NOT NULL DEFAULT false,
  pending_exclusion   boolean NOT NULL DEFAULT false,
  no_change_streak    integer NOT NULL DEFAULT 0,
  flagged_no_change   boolean NOT NULL DEFAULT false
);
CREATE INDEX tickets_status_idx ON tickets (status, received_at DESC, id DESC);
CREATE INDEX tickets_received_idx ON tickets (received_at DESC, id DESC);
CREATE INDEX tickets_lead_unit_idx ON tickets (lead_unit_id, status, reply_due_at);
CREATE INDEX tickets_co_units_idx ON tickets USING gin (co_unit_ids);
CREATE INDEX tickets_next_due_idx ON tickets (next_due_at) WHERE next_due_at IS NOT NULL;
CREATE INDEX tickets_phone_idx ON tickets (requester_phone) WHERE requester_phone IS NOT NULL;
CREATE INDEX tickets_category_idx ON tickets (category_id);
CREATE INDEX tickets_text_trgm_idx ON tickets USING gin ((title || ' ' || content) gin_trgm_ops);

-- Append-only typed events: the audit trail and the ticket timeline (STYLE.md).
CREATE TABLE ticket_events (
  id         bigserial PRIMARY KEY,
  ticket_id  integer NOT NULL REFERENCES tickets(id),
  type       text NOT NULL,
  at         timestamptz NOT NULL,
  actor_id   integer REFERENCES users(id),
  unit_id    integer REFERENCES units(id),
  data       jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX ticket_events_ticket_idx ON ticket_events (ticket_id, id);
CREATE INDEX ticket_events_type_at_idx ON ticket_events (type, at);

CREATE TABLE contact_attempts (
  id         serial PRIMARY KEY,
  ticket_id  integer NOT NULL REFERENCES tickets(id),
  unit_id    integer REFERENCES units(id),
  at         timestamptz NOT NULL,
  method     text NOT NULL,
  outcome    text NOT NULL,
  counted    boolean NOT NULL,
  note       text,
  actor_id   integer REFERENCES users(id),
  created_at timestamptz NOT NULL
);
CREATE INDEX contact_attempts_ticket_idx ON contact_attempts (ticket_id, at);

CREATE TABLE return_requests (
  id                 serial PRIMARY KEY,
  ticket_id          integer NOT NULL REFERENCES tickets(id),
  unit_id            integer NOT NULL REFERENCES units(id),
  reason             text NOT NULL,
  basis              text,
  verified           text,
  suggested_unit_id  integer REFERENCES units(id),
  late               boolean NOT NULL,
  status             text NOT NULL DEFAULT 'pending',
  decision_note      text,
  decided_by         integer REFERENCES users(id),
  decided_at         timestamptz,
  actor_id           integer REFERENCES users(id),
  created_at         timestamptz NOT NULL
);
CREATE INDEX return_requests_ticket_idx ON return_requests (ticket_id);
CREATE INDEX return_requests_pending_idx ON return_requests (status) WHERE status = 'pending';

CREATE TABLE extension_requests (
  id            serial PRIMARY KEY,
  ticket_id     integer NOT NULL REFERENCES tickets(id),
  unit_id       integer NOT NULL REFERENCES units(id),
  working_days  integer NOT NULL,
  reason        text NOT NULL,
  status        text NOT NULL DEFAULT 'pending',
  granted_days  integer,
  decided_by    integer REFERENCES users(id),
  decided_at    timestamptz,
  actor_id      integer REFERENCES users(id),
  created_at    timestamptz NOT NULL
);
CREATE INDEX extension_requests_ticket_idx ON extension_requests (ticket_id);

CREATE TABLE replies (
  id            serial PRIMARY KEY,
  ticket_id     integer NOT NULL REFERENCES tickets(id),
  unit_id       integer NOT NULL REFERENCES units(id),
  round         integer NOT NULL,
  content       text NOT NULL,
  result        text NOT NULL,
  handler_name  text NOT NULL,
  leader_name   text NOT NULL,
  status        text NOT NULL,
  approved_by   integer REFERENCES users(id),
  approved_at   timestamptz,
  late          boolean NOT NULL DEFAULT false,
  actor_id      integer REFERENCES users(id),
  created_at    timestamptz NOT NULL
);
CREATE INDEX replies_ticket_idx ON replies (ticket_id, id);

CREATE TABLE follow_ups (
  id          serial PRIMARY KEY,
  ticket_id   integer NOT NULL REFERENCES tickets(id),
  round       integer NOT NULL,
  outcome     text NOT NULL,
  contacted   boolean NOT NULL,
  informed    boolean NOT NULL,
  resolved    boolean NOT NULL,
  decision    text,
  note        text,
  actor_id    integer REFERENCES users(id),
  at          timestamptz NOT NULL
);
CREATE INDEX follow_ups_ticket_idx ON follow_ups (ticket_id, id);

CREATE TABLE exclusion_requests (
  id           serial PRIMARY KEY,
  ticket_id    integer NOT NULL REFERENCES tickets(id),
  unit_id      integer REFERENCES units(id),
  reason_code  text NOT NULL,
  explanation  text NOT NULL,
  status       text NOT NULL DEFAULT 'pending',
  decided_by   integer REFERENCES users(id),
  decided_at   timestamptz,
  actor_id     integer REFERENCES users(id),
  created_at   timestamptz NOT NULL
);
CREATE INDEX exclusion_requests_ticket_idx ON exclusion_requests (ticket_id);

CREATE TABLE attachments (
  id           serial PRIMARY KEY,
  ticket_id    integer NOT NULL REFERENCES tickets(id),
  owner_kind   text NOT NULL,
  owner_id     integer,
  filename     text NOT NULL,
  mime         text NOT NULL,
  size         integer NOT NULL,
  storage_key  text NOT NULL,
  uploaded_by  integer REFERENCES users(id),
  created_at   timestamptz NOT NULL
);
CREATE INDEX attachments_ticket_idx ON attachments (ticket_id);

-- Exactly-once marks of the deadline sweep: (ticket, deadline, kind, cycle) is unique.
CREATE TABLE deadline_marks (
  ticket_id  integer NOT NULL REFERENCES tickets(id),
  deadline   text NOT NULL,
  kind       text NOT NULL,
  cycle      integer NOT NULL,
  at         timestamptz NOT NULL,
  PRIMARY KEY (ticket_id, deadline, kind, cycle)
);

CREATE TABLE notifications (
  id          bigserial PRIMARY KEY,
  user_id     integer NOT NULL REFERENCES users(id),
  ticket_id   integer REFERENCES tickets(id),
  kind        text NOT NULL,
  title       text NOT NULL,
  body        text,
  created_at  timestamptz NOT NULL,
  read_at     timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC);

-- Everything that is not a ticket change but must be traceable: phone reveals, exports, admin edits.
CREATE TABLE audit_log (
  id           bigserial PRIMARY KEY,
  at           timestamptz NOT NULL,
  actor_id     integer REFERENCES users(id),
  action       text NOT NULL,
  target_type  text,
  target_id    text,
  data         jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);

-- Per-day counter behind human-readable ticket numbers (20251014-000123).
CREATE TABLE ticket_number_counters (
  day   text PRIMARY KEY,
  last  integer NOT NULL
);
`;
