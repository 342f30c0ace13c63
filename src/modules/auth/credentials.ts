import { randomBytes } from "node:crypto";
import { hashPassword, verifyPassword } from "./password.js";

let dummy: Promise<string> | undefined;

/** An argon2id hash of a random secret, made once: what an unknown or inactive user's password is checked against. */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(24).toString("base64url"));
  return dummy;
}

export interface LoginCandidate {
  password_hash: string;
  active: boolean;
}

/**
 * Whether the password opens the account. An unknown or inactive user costs the same argon2 verification
 * as a wrong password of a real one (against a dummy hash), so the answer's timing does not tell which
 * usernames exist (issue 12 item 10).
 */
export async function checkCredentials(
  user: LoginCandidate | undefined,
  password: string,
  verify: (hash: string, password: string) => Promise<boolean> = verifyPassword,
): Promise<boolean> {
  if (!user || !user.active) {
    await verify(await dummyHash(), password);
    return false;
  }
  return verify(user.password_hash, password);
}
