/**
 * Repeats and merges (issue 15, docs/API.md "Tickets"): a ticket may repeat an open one (repeat_of), be merged
 * into another (merged_into, closure kind merged), and counts the tickets linked to or merged into it.
 */
export const sql = /* sql */ `
ALTER TABLE tickets ADD COLUMN repeat_of integer REFERENCES tickets(id);
ALTER TABLE tickets ADD COLUMN repeat_count integer NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN merged_into integer REFERENCES tickets(id);
CREATE INDEX tickets_repeat_of_idx ON tickets (repeat_of) WHERE repeat_of IS NOT NULL;
CREATE INDEX tickets_merged_into_idx ON tickets (merged_into) WHERE merged_into IS NOT NULL;
`;
