/**
 * An Idempotency-Key remembers the request it was first sent with (issue 12, defect 12): the SHA-256 of
 * the canonical request body, so the same key with another body is refused (422) instead of silently
 * answering with the first ticket. Tickets created before have none and keep answering as before.
 */
export const sql = /* sql */ `
ALTER TABLE tickets ADD COLUMN idempotency_hash text;
`;
