/**
 * Issue 12, defect 17: an audit log nobody can quietly edit.
 * - `recorded_at`: the wall-clock time of the write (clock_timestamp(), set by the trigger; `at` stays the
 *   business time, which the test clock moves).
 * - A hash chain: each row carries `seq` (its place in the chain), `prev_hash` (the previous row's hash) and
 *   `hash` = sha-256 of prev_hash, a newline and the row's canonical content (a jsonb array of its columns).
 *   The chain head (one row) is locked FOR UPDATE by the trigger, so concurrent writers append one after
 *   another and never fork the chain; the lock is held until the writer's transaction ends.
 * - UPDATE and DELETE on audit_log are refused by a trigger. `npm run audit:verify` walks the chain.
 * Existing rows are chained in id order; their recorded_at is their `at` (the best knowledge there is).
 * The canonical expression is repeated in src/modules/audit/audit-chain.ts (the verifier); keep both equal.
 */
export const sql = `
ALTER TABLE audit_log ADD COLUMN recorded_at timestamptz;
ALTER TABLE audit_log ADD COLUMN seq bigint;
ALTER TABLE audit_log ADD COLUMN prev_hash text;
ALTER TABLE audit_log ADD COLUMN hash text;
UPDATE audit_log SET recorded_at = at;

CREATE TABLE audit_chain_head (
  id    integer PRIMARY KEY CHECK (id = 1),
  seq   bigint NOT NULL,
  hash  text NOT NULL
);

CREATE FUNCTION audit_log_canonical(a audit_log) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT jsonb_build_array(
    a.id, a.seq,
    to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    to_char(a.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    a.actor_id, a.action, a.target_type, a.target_id, a.data
  )::text
$fn$;

DO $do$
DECLARE
  r record;
  h text := repeat('0', 64);
  n bigint := 0;
BEGIN
  FOR r IN SELECT id FROM audit_log ORDER BY id LOOP
    n := n + 1;
    UPDATE audit_log SET seq = n, prev_hash = h WHERE id = r.id;
    SELECT encode(sha256(convert_to(h || E'\\n' || audit_log_canonical(a), 'UTF8')), 'hex') INTO h FROM audit_log a WHERE a.id = r.id;
    UPDATE audit_log SET hash = h WHERE id = r.id;
  END LOOP;
  INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, n, h);
END
$do$;

ALTER TABLE audit_log ALTER COLUMN recorded_at SET DEFAULT clock_timestamp();
ALTER TABLE audit_log ALTER COLUMN recorded_at SET NOT NULL;
ALTER TABLE audit_log ALTER COLUMN seq SET NOT NULL;
ALTER TABLE audit_log ALTER COLUMN prev_hash SET NOT NULL;
ALTER TABLE audit_log ALTER COLUMN hash SET NOT NULL;
CREATE UNIQUE INDEX audit_log_seq_idx ON audit_log (seq);

CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  head audit_chain_head%ROWTYPE;
BEGIN
  SELECT * INTO head FROM audit_chain_head WHERE id = 1 FOR UPDATE;
  NEW.recorded_at := clock_timestamp();
  NEW.seq := head.seq + 1;
  NEW.prev_hash := head.hash;
  NEW.hash := encode(sha256(convert_to(head.hash || E'\\n' || audit_log_canonical(NEW), 'UTF8')), 'hex');
  UPDATE audit_chain_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain();

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$fn$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
`;
