/**
 * Issue 18 point 8: units and categories can be disabled (kept for the history of the tickets that name
 * them, hidden from new dispatches and intakes) when they are referenced and so cannot be deleted.
 */
export const sql = /* sql */ `
ALTER TABLE units ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE categories ADD COLUMN active boolean NOT NULL DEFAULT true;
`;
