/**
 * Smart intake (issue 15, docs/SUGGESTIONS.md): versioned suggestion models with their held-out evaluation,
 * and each ticket's segmented words and normalised address for repeat detection (written at intake in
 * the intake statement; older tickets are filled in by the training job).
 */
export const sql = /* sql */ `
CREATE TABLE suggestion_models (
  version        serial PRIMARY KEY,
  trained_at     timestamptz NOT NULL,
  trained_by     integer REFERENCES users(id),
  examples       integer NOT NULL,
  duration_ms    integer NOT NULL,
  evaluation     jsonb NOT NULL,
  category_model bytea,
  unit_model     bytea
);

CREATE TABLE ticket_terms (
  ticket_id    integer PRIMARY KEY REFERENCES tickets(id),
  terms        text[] NOT NULL,
  address_key  text
);
CREATE INDEX ticket_terms_terms_idx ON ticket_terms USING gin (terms);
CREATE INDEX ticket_terms_address_idx ON ticket_terms (address_key) WHERE address_key IS NOT NULL;
`;
