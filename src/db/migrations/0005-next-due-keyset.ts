/**
 * The sweep's queue index gains the ticket id, so each batch of a sweep starts after the last (next_due_at,
 * id) it handled (a keyset) instead of re-reading, batch after batch, the index entries that the earlier
 * batches left behind (docs/SCALING.md: 100k due tickets went from 12 s of claiming alone to a fraction).
 */
export const sql = /* sql */ `
DROP INDEX IF EXISTS tickets_next_due_idx;
CREATE INDEX tickets_next_due_idx ON tickets (next_due_at, id) WHERE next_due_at IS NOT NULL;
`;
