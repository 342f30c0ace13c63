import { sql } from "kysely";
import type { Db } from "../../db/database.js";
import type { NotificationsTable } from "../../db/schema.js";
import type { Selectable } from "kysely";
import type { Actor } from "../../http/auth.js";
import { isCenterUser } from "../tickets/ticket.policy.js";

export interface NotificationFilter {
  unread?: boolean;
  before?: number;
  limit?: number;
}

/**
 * A user's notifications, newest first. A notice about a ticket is listed only while the user may
 * still see that ticket (ticket.policy.ts `canSee`: center roles every ticket; a unit the tickets it
 * leads or co-handles), in the query itself so a page is never short. Issue 12: a unit kept the title
 * of a ticket reassigned to another unit after a return was approved.
 */
export async function listNotifications(db: Db, actor: Actor, f: NotificationFilter): Promise<Array<Selectable<NotificationsTable>>> {
  let q = db.selectFrom("notifications as n").selectAll("n").where("n.user_id", "=", actor.id);
  if (!isCenterUser(actor)) {
    const unit = actor.unitId;
    q = q.where((eb) =>
      eb.or([
        eb("n.ticket_id", "is", null),
        ...(unit === null
          ? []
          : [
              eb.exists(
                eb
                  .selectFrom("tickets as t")
                  .select("t.id")
                  .whereRef("t.id", "=", "n.ticket_id")
                  .where((w) => w.or([w("t.lead_unit_id", "=", unit), w("t.co_unit_ids", "@>", sql<number[]>`ARRAY[${unit}]::integer[]`)])),
              ),
            ]),
      ]),
    );
  }
  if (f.unread) q = q.where("n.read_at", "is", null);
  if (f.before) q = q.where("n.id", "<", f.before);
  return q.orderBy("n.id", "desc").limit(f.limit ?? 50).execute();
}
