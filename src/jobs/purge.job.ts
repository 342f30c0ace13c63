import type { AppContext } from "../app-context.js";
import { writeAudit } from "../modules/audit/audit.repository.js";

export interface PurgeResult {
  sessions: number;
  notifications: number;
}

const DAY_MS = 86_400_000;

/**
 * The daily purge (docs/SECURITY.md "Retention"): sessions that expired or were revoked (they can never be
 * used again; sessions run on real time, so the wall clock decides) and notifications read more than
 * `HUYING_NOTIFICATION_KEEP_DAYS` days ago (business time, like their `read_at`). Unread notifications stay.
 * Each run writes one audit row with the counts.
 */
export async function runPurge(deps: Pick<AppContext, "db" | "clock" | "config">, wallNow = new Date()): Promise<PurgeResult> {
  const now = deps.clock.now();
  const sessions = await deps.db
    .deleteFrom("sessions")
    .where((eb) => eb.or([eb("expires_at", "<", wallNow), eb("revoked_at", "is not", null)]))
    .executeTakeFirst();
  const readBefore = new Date(now.getTime() - deps.config.notificationKeepDays * DAY_MS);
  const notifications = await deps.db.deleteFrom("notifications").where("read_at", "is not", null).where("read_at", "<", readBefore).executeTakeFirst();
  const result = { sessions: Number(sessions.numDeletedRows), notifications: Number(notifications.numDeletedRows) };
  await writeAudit(deps.db, { at: now, actorId: null, action: "purge.ran", data: { ...result, notificationsReadBefore: readBefore.toISOString() } });
  return result;
}
