/**
 * Every channel in (issue 16, docs/CHANNELS.md): idempotent intake by externalRef (a unique index; refs that
 * were already doubled keep the first ticket's and get `#<id>` appended), the mailbox a letter was written to,
 * citizen SMS notices, the citizens' query codes (hashed) and online/SMS ratings, Open311 request details,
 * the upstream replay guard, the public form's per-address counter and captchas, SMS rating requests.
 */
export const sql = /* sql */ `
UPDATE tickets t SET external_ref = t.external_ref || '#' || t.id
 WHERE t.external_ref IS NOT NULL
   AND EXISTS (SELECT 1 FROM tickets o WHERE o.external_ref = t.external_ref AND o.id < t.id);
CREATE UNIQUE INDEX tickets_external_ref_key ON tickets (external_ref) WHERE external_ref IS NOT NULL;
ALTER TABLE tickets ADD COLUMN mailbox text;
ALTER TABLE tickets ADD COLUMN citizen_sms boolean NOT NULL DEFAULT false;
CREATE INDEX tickets_channel_received_idx ON tickets (channel, received_at);

CREATE TABLE public_access (
  ticket_id  integer PRIMARY KEY REFERENCES tickets(id),
  code_hash  text NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE citizen_ratings (
  id         serial PRIMARY KEY,
  ticket_id  integer NOT NULL REFERENCES tickets(id),
  source     text NOT NULL,
  outcome    text NOT NULL,
  comment    text,
  at         timestamptz NOT NULL
);
CREATE UNIQUE INDEX citizen_ratings_ticket_key ON citizen_ratings (ticket_id);

CREATE TABLE open311_requests (
  ticket_id    integer PRIMARY KEY REFERENCES tickets(id),
  service_code text NOT NULL,
  lat          double precision,
  long         double precision,
  address_id   text,
  media_url    text,
  attributes   jsonb NOT NULL DEFAULT '{}'::jsonb
);

CREATE TABLE upstream_signatures (
  signature text PRIMARY KEY,
  at        timestamptz NOT NULL
);

CREATE TABLE public_submissions (
  client_hash text NOT NULL,
  day         date NOT NULL,
  count       integer NOT NULL DEFAULT 0,
  PRIMARY KEY (client_hash, day)
);

CREATE TABLE public_captchas (
  id          text PRIMARY KEY,
  answer_hash text NOT NULL,
  expires_at  timestamptz NOT NULL
);

CREATE TABLE sms_rating_requests (
  id          serial PRIMARY KEY,
  ticket_id   integer NOT NULL REFERENCES tickets(id),
  phone_hash  text NOT NULL,
  sent_at     timestamptz NOT NULL,
  answered_at timestamptz
);
CREATE INDEX sms_rating_requests_phone_idx ON sms_rating_requests (phone_hash, sent_at DESC) WHERE answered_at IS NULL;

ALTER TABLE units ADD COLUMN duty_phone text;
`;
