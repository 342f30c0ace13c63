/**
 * The knowledge base, the acceptance scope and the dispatch catalogue (issue 14, docs/KNOWLEDGE.md).
 * `knowledge_entries` holds each entry's live content (what search shows); every edit is a row of
 * `knowledge_versions`. Search is an inverted index (`knowledge_postings`: one row per word and entry with
 * the word's count in the title, tags and body and the fields' lengths) ranked by BM25F in SQL, so PGlite
 * and PostgreSQL give the same answers; `knowledge_df` keeps each word's document frequency and the row
 * with the empty word the totals.
 */
export const sql = /* sql */ `
CREATE TABLE knowledge_entries (
  id               serial PRIMARY KEY,
  kind             text NOT NULL CHECK (kind IN ('policy', 'procedure', 'faq', 'contact', 'scope')),
  scope_type       text CHECK (scope_type IN ('accept', 'reject')),
  status           text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'retired')),
  version          integer NOT NULL DEFAULT 1,
  live_version     integer NOT NULL DEFAULT 1,
  pending_version  integer,
  title            text NOT NULL,
  body             text NOT NULL,
  body_text        text NOT NULL,
  answer           text,
  category_id      integer REFERENCES categories(id),
  unit_id          integer REFERENCES units(id),
  tags             jsonb NOT NULL DEFAULT '[]',
  valid_from       text,
  valid_to         text,
  source_name      text,
  source_key       text,
  use_count        integer NOT NULL DEFAULT 0,
  last_used_at     timestamptz,
  created_by       integer REFERENCES users(id),
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  published_at     timestamptz,
  published_by     integer REFERENCES users(id),
  expiry_flagged   boolean NOT NULL DEFAULT false
);
CREATE INDEX knowledge_entries_unit_idx ON knowledge_entries (unit_id, status);
CREATE INDEX knowledge_entries_status_idx ON knowledge_entries (status, id);
CREATE INDEX knowledge_entries_expiry_idx ON knowledge_entries (valid_to) WHERE status = 'published' AND NOT expiry_flagged;

CREATE TABLE knowledge_versions (
  entry_id     integer NOT NULL REFERENCES knowledge_entries(id),
  version      integer NOT NULL,
  kind         text NOT NULL,
  scope_type   text,
  title        text NOT NULL,
  body         text NOT NULL,
  answer       text,
  category_id  integer,
  unit_id      integer,
  tags         jsonb NOT NULL DEFAULT '[]',
  valid_from   text,
  valid_to     text,
  note         text,
  created_by   integer REFERENCES users(id),
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (entry_id, version)
);

CREATE TABLE knowledge_postings (
  term      text NOT NULL,
  entry_id  integer NOT NULL,
  tt        smallint NOT NULL,
  tg        smallint NOT NULL,
  tb        smallint NOT NULL,
  lt        smallint NOT NULL,
  lg        smallint NOT NULL,
  lb        integer NOT NULL,
  PRIMARY KEY (term, entry_id)
);
CREATE INDEX knowledge_postings_entry_idx ON knowledge_postings (entry_id);

CREATE TABLE knowledge_df (
  term      text PRIMARY KEY,
  df        integer NOT NULL,
  sum_lt    bigint NOT NULL DEFAULT 0,
  sum_lg    bigint NOT NULL DEFAULT 0,
  sum_lb    bigint NOT NULL DEFAULT 0
);
INSERT INTO knowledge_df (term, df) VALUES ('', 0);

CREATE TABLE knowledge_synonyms (
  id          serial PRIMARY KEY,
  words       jsonb NOT NULL,
  created_by  integer REFERENCES users(id),
  created_at  timestamptz NOT NULL
);

CREATE TABLE knowledge_reviews (
  id            serial PRIMARY KEY,
  entry_id      integer NOT NULL REFERENCES knowledge_entries(id),
  kind          text NOT NULL CHECK (kind IN ('publish', 'expiry')),
  version       integer NOT NULL,
  unit_id       integer REFERENCES units(id),
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused', 'withdrawn')),
  requested_by  integer REFERENCES users(id),
  requested_at  timestamptz NOT NULL,
  decided_by    integer REFERENCES users(id),
  decided_at    timestamptz,
  note          text
);
CREATE UNIQUE INDEX knowledge_reviews_one_pending ON knowledge_reviews (entry_id, kind) WHERE status = 'pending';
CREATE INDEX knowledge_reviews_pending_idx ON knowledge_reviews (status, id);

CREATE TABLE knowledge_usage (
  id         serial PRIMARY KEY,
  entry_id   integer NOT NULL REFERENCES knowledge_entries(id),
  ticket_id  integer REFERENCES tickets(id),
  used_by    integer REFERENCES users(id),
  used_at    timestamptz NOT NULL
);
CREATE INDEX knowledge_usage_entry_idx ON knowledge_usage (entry_id, used_at);

CREATE TABLE dispatch_catalogue (
  id             serial PRIMARY KEY,
  version        integer NOT NULL DEFAULT 1,
  status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
  category_id    integer NOT NULL REFERENCES categories(id),
  area_keywords  jsonb NOT NULL DEFAULT '[]',
  town_unit_id   integer REFERENCES units(id),
  lead_unit_id   integer NOT NULL REFERENCES units(id),
  co_unit_ids    jsonb NOT NULL DEFAULT '[]',
  duty_text      text NOT NULL,
  created_by     integer REFERENCES users(id),
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL
);
CREATE INDEX dispatch_catalogue_category_idx ON dispatch_catalogue (category_id) WHERE status = 'active';

CREATE TABLE dispatch_catalogue_versions (
  item_id        integer NOT NULL REFERENCES dispatch_catalogue(id),
  version        integer NOT NULL,
  status         text NOT NULL,
  category_id    integer NOT NULL,
  area_keywords  jsonb NOT NULL,
  town_unit_id   integer,
  lead_unit_id   integer NOT NULL,
  co_unit_ids    jsonb NOT NULL,
  duty_text      text NOT NULL,
  created_by     integer REFERENCES users(id),
  created_at     timestamptz NOT NULL,
  PRIMARY KEY (item_id, version)
);
`;
