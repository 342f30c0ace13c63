import { COMMON_PASSWORDS } from "./common-passwords.js";

export const PASSWORD_MIN_LENGTH = 10;

/**
 * Why a password may not be set, or null when it may (docs/SECURITY.md "Passwords"): at least 10
 * characters, not the username and not containing it (case-insensitive), not a commonly used password.
 * Applied wherever a password is chosen: user creation, an admin's reset, a user's own change, the
 * bootstrap admin. Existing passwords keep working; an admin can force a change.
 */
export function passwordProblem(password: string, username: string): string | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  const lower = password.toLowerCase();
  const user = username.trim().toLowerCase();
  if (user && lower.includes(user)) return "must not contain the username";
  if (COMMON_PASSWORDS.has(lower)) return "is a commonly used password; choose another";
  return null;
}
