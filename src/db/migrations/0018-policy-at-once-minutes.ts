/**
 * "At once" gets a real limit (issue 12, defect 16): a sign limit of `{hours: 0}` ("urgent: sign at once",
 * rule 14) was due the moment of dispatch, so every urgent ticket was overdue on arrival. Policy
 * versions already stored get the default, 30 minutes (docs/POLICIES.md `atOnceMinutes`).
 */
export const sql = /* sql */ `
UPDATE policies SET settings = settings || '{"atOnceMinutes": 30}'::jsonb WHERE NOT (settings ? 'atOnceMinutes');
`;
