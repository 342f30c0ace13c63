/**
 * The call center (issue 17, docs/CALL-CENTER.md): call records from the telephone system, the
 * call-center settings, quality-inspection samples and reviews, and operators' training records.
 * A call links its ticket (calls.ticket_id); the tickets table is unchanged.
 */
export const sql = /* sql */ `
CREATE TABLE calls (
  id serial PRIMARY KEY,
  external_id text NOT NULL UNIQUE,
  started_at timestamptz NOT NULL,
  answered_at timestamptz,
  ended_at timestamptz NOT NULL,
  operator_id integer REFERENCES users(id),
  ticket_id integer REFERENCES tickets(id),
  transferred boolean NOT NULL DEFAULT false,
  recording_url text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ended_at >= started_at),
  CHECK (answered_at IS NULL OR (answered_at >= started_at AND answered_at <= ended_at))
);
CREATE INDEX calls_started_at_idx ON calls (started_at);
CREATE INDEX calls_operator_started_idx ON calls (operator_id, started_at) WHERE operator_id IS NOT NULL;
CREATE INDEX calls_ticket_idx ON calls (ticket_id) WHERE ticket_id IS NOT NULL;

CREATE TABLE call_center_settings (
  id integer PRIMARY KEY CHECK (id = 1),
  settings jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by integer REFERENCES users(id)
);

CREATE TABLE qa_samples (
  id serial PRIMARY KEY,
  month text NOT NULL,
  call_id integer NOT NULL REFERENCES calls(id),
  operator_id integer NOT NULL REFERENCES users(id),
  shift text NOT NULL,
  seed text NOT NULL,
  created_at timestamptz NOT NULL,
  created_by integer REFERENCES users(id),
  UNIQUE (month, call_id)
);
CREATE INDEX qa_samples_month_idx ON qa_samples (month, operator_id);

CREATE TABLE qa_reviews (
  id serial PRIMARY KEY,
  call_id integer NOT NULL UNIQUE REFERENCES calls(id),
  operator_id integer NOT NULL REFERENCES users(id),
  reviewer_id integer NOT NULL REFERENCES users(id),
  month text NOT NULL,
  scores jsonb NOT NULL,
  total double precision NOT NULL,
  passed boolean NOT NULL,
  comment text,
  call_started_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX qa_reviews_operator_idx ON qa_reviews (operator_id, call_started_at);
CREATE INDEX qa_reviews_month_idx ON qa_reviews (month);

CREATE TABLE training_records (
  id serial PRIMARY KEY,
  operator_id integer NOT NULL REFERENCES users(id),
  kind text NOT NULL CHECK (kind IN ('induction', 'monthly', 'weekly')),
  title text NOT NULL,
  date date NOT NULL,
  days integer NOT NULL DEFAULT 1,
  attended boolean NOT NULL,
  note text,
  created_at timestamptz NOT NULL,
  created_by integer REFERENCES users(id)
);
CREATE INDEX training_records_operator_idx ON training_records (operator_id, date);
`;
