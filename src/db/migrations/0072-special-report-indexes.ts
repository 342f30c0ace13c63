/**
 * The weekly special report (issue 13, docs/SUPERVISION.md "Speed"): tickets with co-units (issues spanning
 * several units) are a small share of a week; this partial index lets the report read the week's ones
 * instead of filtering every ticket of the week (or, under `ORDER BY id LIMIT`, every ticket by id).
 */
export const sql = /* sql */ `
CREATE INDEX tickets_multi_unit_received_idx ON tickets (received_at, id) WHERE cardinality(co_unit_ids) > 0;
`;
