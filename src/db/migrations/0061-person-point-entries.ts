/**
 * Issue 18 point 9: the per-person points' deductions (rule 36, Beijing) are entered by the center as
 * appraisal entries on a ticket — missing evidence (−0.5) and serious negative public opinion (−3).
 */
export const sql = /* sql */ `
ALTER TABLE appraisal_entries DROP CONSTRAINT IF EXISTS appraisal_entries_kind_check;
ALTER TABLE appraisal_entries ADD CONSTRAINT appraisal_entries_kind_check CHECK (kind IN ('city_supervision', 'written_order',
  'county_supervision', 'media_or_discipline', 'city_redo', 'process_fault', 'wrongful_return', 'poor_filing', 'false_filing',
  'missing_evidence', 'negative_opinion'));
`;
