/**
 * Issue 19: the append-only tables partitioned by month on PostgreSQL (docs/SCALING.md "Partitions").
 *
 * One migration for both engines: the SQL creates the partition functions everywhere and converts the
 * tables only when the server is not PGlite (`version()` says which); on PGlite (one process, a few GB at
 * most) the tables stay as they are and every query is the same text on both.
 *
 * `huying_partition_table(table, column)` converts one table in place, generically (other migrations add
 * columns, indexes, triggers and foreign keys to these tables; all of them are carried over):
 * - the table is renamed `<table>_legacy` and becomes the partition FROM (MINVALUE) TO (the first month
 *   after its newest row, or after this month): its rows are not copied (only the new primary key is built);
 * - the new parent has the same columns, defaults, checks, indexes (same names), triggers and outgoing
 *   foreign keys, and a primary key that adds the partition column (PostgreSQL requires it);
 * - months ahead get their own partitions, and a DEFAULT partition takes anything else (a test clock in
 *   another year, say); `huying_partition_month` later moves such rows into their month's partition.
 * A table that another table references by foreign key, or with a unique index that does not include the
 * partition column (an ON CONFLICT target), is left unpartitioned with a NOTICE: partitioning it would
 * break that reference or that uniqueness. Exception: audit_log's `seq`, unique by construction (the chain
 * head is locked by every writer), keeps a plain index.
 *
 * Months are Asia/Shanghai months, as the reports count them: a monthly report reads one partition.
 * The outbox is NOT partitioned: it is a queue (rows change status and are purged a week after delivery,
 * so it stays small) and its `idempotency_id` must stay unique across all months.
 */
export const sql = /* sql */ `
CREATE TABLE huying_partitioned (
  table_name    text PRIMARY KEY,
  column_name   text NOT NULL,
  -- The legacy partition (the table's rows from before the conversion) covers everything before this.
  legacy_until  timestamptz
);

-- The first instant of the Shanghai month that holds ts.
CREATE FUNCTION huying_month_start(ts timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $fn$
  SELECT date_trunc('month', ts AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'
$fn$;

-- Creates the partition of tbl for the month holding ts (moving its rows out of the DEFAULT partition
-- first, if any landed there); returns the partition's name. Idempotent.
CREATE FUNCTION huying_partition_month(tbl text, ts timestamptz) RETURNS text LANGUAGE plpgsql AS $fn$
DECLARE
  col   text := (SELECT column_name FROM huying_partitioned WHERE table_name = tbl);
  a     timestamptz := huying_month_start(ts);
  b     timestamptz := huying_month_start(huying_month_start(ts) + interval '40 days');
  part  text := tbl || '_p' || to_char(a AT TIME ZONE 'Asia/Shanghai', 'YYYYMM');
  def   text := tbl || '_default';
  moved boolean;
BEGIN
  IF col IS NULL THEN RAISE EXCEPTION '% is not partitioned', tbl; END IF;
  IF to_regclass(part) IS NOT NULL THEN RETURN part; END IF;
  -- A month already covered by the legacy partition needs nothing.
  IF a < (SELECT legacy_until FROM huying_partitioned WHERE table_name = tbl) THEN RETURN tbl || '_legacy'; END IF;
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE %I >= $1 AND %I < $2)', def, col, col) INTO moved USING a, b;
  IF NOT moved THEN
    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', part, tbl, a, b);
    RETURN part;
  END IF;
  -- Rows of that month sit in DEFAULT: move them into a new table, then attach it (user triggers of the
  -- DEFAULT partition, e.g. audit_log's append-only guard, are off for the move: the rows are unchanged).
  EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED)', part, tbl);
  EXECUTE format('ALTER TABLE %I DISABLE TRIGGER USER', def);
  EXECUTE format('WITH m AS (DELETE FROM %I WHERE %I >= $1 AND %I < $2 RETURNING *) INSERT INTO %I SELECT * FROM m', def, col, col, part) USING a, b;
  EXECUTE format('ALTER TABLE %I ENABLE TRIGGER USER', def);
  EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', tbl, part, a, b);
  RETURN part;
END
$fn$;

-- Partitions for every partitioned table from the month of since to months_ahead months after now.
CREATE FUNCTION huying_partition_maintain(months_ahead integer DEFAULT 3, since timestamptz DEFAULT now()) RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE
  t record;
  m timestamptz;
  n integer := 0;
BEGIN
  -- Two instances running it at once take turns (the second finds the partitions made).
  PERFORM pg_advisory_xact_lock(hashtext('huying_partition_maintain'));
  FOR t IN SELECT table_name FROM huying_partitioned ORDER BY table_name LOOP
    m := huying_month_start(least(since, now()));
    WHILE m <= huying_month_start(now()) + make_interval(months => months_ahead) LOOP
      PERFORM huying_partition_month(t.table_name, m);
      n := n + 1;
      m := huying_month_start(m + interval '40 days');
    END LOOP;
  END LOOP;
  RETURN n;
END
$fn$;

CREATE FUNCTION huying_partition_table(tbl text, col text) RETURNS text LANGUAGE plpgsql AS $fn$
DECLARE
  legacy   text := tbl || '_legacy';
  r        record;
  idx      record;
  pk_name  text;
  pk_cols  text;
  indexes  text[] := '{}';
  triggers text[] := '{}';
  fkeys    text[] := '{}';
  stmt     text;
  newest   timestamptz;
  bound    timestamptz;
BEGIN
  IF (SELECT relkind FROM pg_class WHERE oid = to_regclass(tbl)) IS DISTINCT FROM 'r' THEN RETURN tbl || ': not a plain table'; END IF;
  IF EXISTS (SELECT 1 FROM pg_constraint WHERE confrelid = to_regclass(tbl) AND contype = 'f') THEN
    RAISE NOTICE 'huying: % stays unpartitioned: other tables reference it by foreign key', tbl;
    RETURN tbl || ': referenced';
  END IF;
  FOR idx IN
    SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def, i.indisprimary AS is_pk, i.indisunique AS is_unique,
           (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord) FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) AS cols,
           EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attname = col AND a.attnum = ANY (i.indkey)) AS has_col
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE i.indrelid = to_regclass(tbl)
  LOOP
    IF idx.is_pk THEN
      pk_name := idx.name;
      pk_cols := idx.cols || CASE WHEN idx.has_col THEN '' ELSE ', ' || quote_ident(col) END;
    ELSIF idx.is_unique AND NOT idx.has_col THEN
      IF idx.name = 'audit_log_seq_idx' THEN
        indexes := indexes || replace(idx.def, 'CREATE UNIQUE INDEX', 'CREATE INDEX');
      ELSE
        RAISE NOTICE 'huying: % stays unpartitioned: unique index % does not include %', tbl, idx.name, col;
        RETURN tbl || ': unique ' || idx.name;
      END IF;
    ELSE
      indexes := indexes || idx.def;
    END IF;
  END LOOP;
  FOR r IN SELECT pg_get_triggerdef(oid) AS def, tgname FROM pg_trigger WHERE tgrelid = to_regclass(tbl) AND NOT tgisinternal LOOP
    triggers := triggers || r.def;
    EXECUTE format('DROP TRIGGER %I ON %I', r.tgname, tbl);
  END LOOP;
  FOR r IN SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = to_regclass(tbl) AND contype = 'f' LOOP
    fkeys := fkeys || format('ALTER TABLE %I ADD CONSTRAINT %I %s', tbl, r.conname, r.def);
  END LOOP;

  EXECUTE format('ALTER TABLE %I RENAME TO %I', tbl, legacy);
  FOR r IN SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = to_regclass(legacy) LOOP
    EXECUTE format('ALTER INDEX %I RENAME TO %I', r.relname, left(r.relname, 55) || '_legacy');
  END LOOP;
  EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING STATISTICS INCLUDING COMMENTS) PARTITION BY RANGE (%I)', tbl, legacy, col);
  -- Sequences (bigserial ids) belong to the parent now: detaching and dropping old months keeps them.
  FOR r IN SELECT s.relname AS seq, a.attname FROM pg_depend d
           JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
           JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
           WHERE d.refobjid = to_regclass(legacy) AND d.deptype = 'a' LOOP
    EXECUTE format('ALTER SEQUENCE %I OWNED BY %I.%I', r.seq, tbl, r.attname);
  END LOOP;
  IF pk_name IS NOT NULL THEN
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I PRIMARY KEY (%s)', tbl, pk_name, pk_cols);
  END IF;
  FOREACH stmt IN ARRAY indexes LOOP EXECUTE stmt; END LOOP;
  FOREACH stmt IN ARRAY fkeys LOOP EXECUTE stmt; END LOOP;
  FOREACH stmt IN ARRAY triggers LOOP EXECUTE stmt; END LOOP;
  INSERT INTO huying_partitioned (table_name, column_name) VALUES (tbl, col);

  EXECUTE format('SELECT max(%I) FROM %I', col, legacy) INTO newest;
  IF newest IS NULL THEN
    EXECUTE format('DROP TABLE %I', legacy);
    bound := huying_month_start(now());
  ELSE
    bound := huying_month_start(huying_month_start(greatest(newest, now())) + interval '40 days');
    EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (MINVALUE) TO (%L)', tbl, legacy, bound);
    UPDATE huying_partitioned SET legacy_until = bound WHERE table_name = tbl;
  END IF;
  EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', tbl || '_default', tbl);
  PERFORM huying_partition_month(tbl, bound);
  PERFORM huying_partition_month(tbl, bound + interval '32 days');
  PERFORM huying_partition_month(tbl, bound + interval '63 days');
  RETURN tbl || ': partitioned';
END
$fn$;

DO $do$
BEGIN
  IF version() LIKE '%PGlite%' THEN RETURN; END IF;
  PERFORM huying_partition_table('ticket_events', 'at');
  PERFORM huying_partition_table('notifications', 'created_at');
  -- audit_log_canonical(audit_log) is bound to the table's row type: dropped, and made again below for
  -- whichever table is audit_log afterwards (the same text as migration 0015).
  DROP FUNCTION IF EXISTS audit_log_canonical(audit_log);
  PERFORM huying_partition_table('audit_log', 'at');
  CREATE FUNCTION audit_log_canonical(a audit_log) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
    SELECT jsonb_build_array(
      a.id, a.seq,
      to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
      to_char(a.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
      a.actor_id, a.action, a.target_type, a.target_id, a.data
    )::text
  $fn$;
  IF EXISTS (SELECT 1 FROM huying_partitioned WHERE table_name = 'audit_log') THEN
    -- The chain trigger runs on each partition, whose NEW has the partition's row type: the canonical
    -- text is built from NEW's fields here (the same expression as audit_log_canonical and the verifier).
    CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $fn$
    DECLARE
      head audit_chain_head%ROWTYPE;
      canonical text;
    BEGIN
      SELECT * INTO head FROM audit_chain_head WHERE id = 1 FOR UPDATE;
      NEW.recorded_at := clock_timestamp();
      NEW.seq := head.seq + 1;
      NEW.prev_hash := head.hash;
      canonical := jsonb_build_array(
        NEW.id, NEW.seq,
        to_char(NEW.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        to_char(NEW.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        NEW.actor_id, NEW.action, NEW.target_type, NEW.target_id, NEW.data
      )::text;
      NEW.hash := encode(sha256(convert_to(head.hash || E'\\n' || canonical, 'UTF8')), 'hex');
      UPDATE audit_chain_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
      RETURN NEW;
    END
    $fn$;
  END IF;
END
$do$;
`;
