import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../../db/database.js";
import type { Actor } from "../../http/auth.js";
import type { Role } from "../../domain/ticket/ticket.types.js";
import type { LiveSession } from "./session-cache.js";

/** Tokens are random; only their SHA-256 is stored, so a database leak does not leak sessions. */
export function newToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createSession(db: Db, userId: number, tokenHash: string, now: Date, hours: number): Promise<Date> {
  const expiresAt = new Date(now.getTime() + hours * 3_600_000);
  await db.insertInto("sessions").values({ token_hash: tokenHash, user_id: userId, created_at: now, expires_at: expiresAt }).execute();
  return expiresAt;
}

/** The actor behind a live (unexpired, unrevoked) session token and the session's expiry, or null. */
export async function liveSession(db: Db, tokenHash: string, now: Date): Promise<LiveSession | null> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["users.id", "users.username", "users.name", "users.roles", "users.unit_id", "users.must_change_password", "sessions.expires_at"])
    .where("sessions.token_hash", "=", tokenHash)
    .where("sessions.revoked_at", "is", null)
    .where("sessions.expires_at", ">", now)
    .where("users.active", "=", true)
    .executeTakeFirst();
  if (!row) return null;
  const actor: Actor = { id: row.id, username: row.username, name: row.name, roles: row.roles as Role[], unitId: row.unit_id, mustChangePassword: row.must_change_password };
  return { actor, expiresAt: new Date(row.expires_at) };
}

export async function revokeSession(db: Db, tokenHash: string, now: Date): Promise<void> {
  await db.updateTable("sessions").set({ revoked_at: now }).where("token_hash", "=", tokenHash).execute();
}

/** Revokes every live session of a user (a forced reset, a password change), but the one to keep, if any. */
export async function revokeUserSessions(db: Db, userId: number, now: Date, keepTokenHash?: string): Promise<void> {
  let q = db.updateTable("sessions").set({ revoked_at: now }).where("user_id", "=", userId).where("revoked_at", "is", null);
  if (keepTokenHash) q = q.where("token_hash", "<>", keepTokenHash);
  await q.execute();
}
