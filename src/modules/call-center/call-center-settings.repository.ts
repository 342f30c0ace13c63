import type { Db } from "../../db/database.js";
import { resolveSettings, type CallCenterSettings } from "../../domain/call-center/call-center-settings.js";

/** The settings in force (the stored row over the defaults). */
export async function loadCallCenterSettings(db: Db): Promise<CallCenterSettings> {
  const row = await db.selectFrom("call_center_settings").select("settings").where("id", "=", 1).executeTakeFirst();
  return resolveSettings(row?.settings);
}

export async function saveCallCenterSettings(db: Db, settings: CallCenterSettings, at: Date, by: number): Promise<void> {
  await db
    .insertInto("call_center_settings")
    .values({ id: 1, settings: JSON.stringify(settings), updated_at: at, updated_by: by })
    .onConflict((oc) => oc.column("id").doUpdateSet({ settings: JSON.stringify(settings), updated_at: at, updated_by: by }))
    .execute();
}
