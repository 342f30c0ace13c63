/**
 * Issue 14: search speed (docs/KNOWLEDGE.md "Search"). Each posting carries its impact — the word's
 * BM25F weighted, length-normalised frequency in the entry (title ×5, tags ×2, body ×1, b 0.75, with the
 * average field lengths at the time it was written) — and an index on (term, impact) lets a query read a
 * common word's best postings first instead of all of them. The existing postings are filled in here
 * from the totals row of knowledge_df.
 */
export const sql = /* sql */ `
ALTER TABLE knowledge_postings ADD COLUMN imp real NOT NULL DEFAULT 0;

WITH t AS (
  SELECT greatest(df, 1)::float8 AS n, sum_lt::float8 AS slt, sum_lg::float8 AS slg, sum_lb::float8 AS slb
  FROM knowledge_df WHERE term = ''
)
UPDATE knowledge_postings p SET imp = (
    5 * p.tt / (0.25 + 0.75 * p.lt / greatest(t.slt / t.n, 1))
  + 2 * p.tg / (0.25 + 0.75 * p.lg / greatest(t.slg / t.n, 1))
  + 1 * p.tb / (0.25 + 0.75 * p.lb / greatest(t.slb / t.n, 1))
)::real
FROM t;

CREATE INDEX knowledge_postings_impact_idx ON knowledge_postings (term, imp DESC, entry_id);
`;
