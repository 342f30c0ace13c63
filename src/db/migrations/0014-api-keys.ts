/**
 * Service accounts (docs/API.md "Service accounts"): an API key is stored as the SHA-256 of a 256-bit
 * random key, with its scopes. Each key has a backing row in `users` (username `apikey:<n>`, no password
 * that can match, no roles of its own), so the tickets, events and audit rows it writes reference it like
 * any user's.
 */
export const sql = /* sql */ `
CREATE TABLE api_keys (
  id            serial PRIMARY KEY,
  name          text NOT NULL,
  scopes        text[] NOT NULL,
  key_hash      text NOT NULL UNIQUE,
  key_prefix    text NOT NULL,
  user_id       integer NOT NULL UNIQUE REFERENCES users(id),
  created_by    integer REFERENCES users(id),
  created_at    timestamptz NOT NULL,
  last_used_at  timestamptz,
  revoked_at    timestamptz,
  revoked_by    integer REFERENCES users(id)
);
`;
