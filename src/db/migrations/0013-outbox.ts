/**
 * The transactional outbox (docs/ARCHITECTURE.md "Outbox"): whatever leaves the process (SMS, webhooks) is a
 * row written in the business transaction and delivered after commit by a worker. A row is claimed with
 * FOR UPDATE SKIP LOCKED and a lease (`locked_until`, `claim_token`), so two instances never deliver the
 * same row at once; `idempotency_id` travels with every delivery so a receiver can drop a repeat.
 */
export const sql = /* sql */ `
CREATE TABLE outbox (
  id               bigserial PRIMARY KEY,
  idempotency_id   text NOT NULL UNIQUE,
  kind             text NOT NULL,
  payload          jsonb NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts         integer NOT NULL DEFAULT 0,
  max_attempts     integer NOT NULL,
  next_attempt_at  timestamptz NOT NULL,
  locked_until     timestamptz,
  claim_token      text,
  last_error       text,
  created_at       timestamptz NOT NULL,
  delivered_at     timestamptz
);
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX outbox_status_idx ON outbox (status, id);
`;
