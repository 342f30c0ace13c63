/**
 * What the center enters by hand for the Linshu appraisal (docs/RULES.md rule 35, docs/METRICS.md):
 * supervision and other per-unit deductions of a month, department volume tiers, and the year-end items.
 */
export const sql = /* sql */ `
CREATE TABLE appraisal_entries (
  id          serial PRIMARY KEY,
  month       text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  unit_id     integer NOT NULL REFERENCES units(id),
  kind        text NOT NULL CHECK (kind IN ('city_supervision', 'written_order', 'county_supervision',
                'media_or_discipline', 'city_redo', 'process_fault', 'wrongful_return', 'poor_filing', 'false_filing')),
  count       integer NOT NULL DEFAULT 1 CHECK (count > 0 AND count <= 1000),
  ticket_id   integer REFERENCES tickets(id),
  note        text,
  created_by  integer REFERENCES users(id),
  created_at  timestamptz NOT NULL
);
CREATE INDEX appraisal_entries_month_idx ON appraisal_entries (month, unit_id);

CREATE TABLE appraisal_tiers (
  month       text NOT NULL,
  unit_id     integer NOT NULL REFERENCES units(id),
  tier        integer NOT NULL CHECK (tier IN (2, 4, 6, 8, 10)),
  updated_by  integer REFERENCES users(id),
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (month, unit_id)
);

CREATE TABLE appraisal_year_end (
  year                     integer NOT NULL,
  unit_id                  integer NOT NULL REFERENCES units(id),
  office                   numeric(5, 2) NOT NULL CHECK (office BETWEEN 0 AND 10),
  knowledge_base           numeric(5, 2) NOT NULL CHECK (knowledge_base BETWEEN 0 AND 10),
  provincial_on_time       numeric(5, 2) NOT NULL CHECK (provincial_on_time BETWEEN 0 AND 10),
  provincial_satisfaction  numeric(5, 2) NOT NULL CHECK (provincial_satisfaction BETWEEN 0 AND 20),
  follow_through           numeric(5, 2) NOT NULL CHECK (follow_through BETWEEN 0 AND 30),
  sign_off                 numeric(5, 2) NOT NULL CHECK (sign_off BETWEEN 0 AND 20),
  updated_by               integer REFERENCES users(id),
  updated_at               timestamptz NOT NULL,
  PRIMARY KEY (year, unit_id)
);
`;
