/**
 * An admin can force a user to choose a new password (issue 12 item 11): until they do, every call but
 * changing their own password and logging out answers 403 PASSWORD_RESET_REQUIRED.
 */
export const sql = /* sql */ `
ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
`;
