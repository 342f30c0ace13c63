import { isIP } from "node:net";
import { sql } from "kysely";
import type { AppContext } from "../app-context.js";
import type { Config } from "../config.js";
import type { Db } from "../db/database.js";
import { hashPassword } from "../modules/auth/password.js";
import { insertDemoOrg, insertDemoTickets } from "./demo-city.js";

export const DEMO_PASSWORD = "huying-demo";

/** The marker written last: a database with it holds the complete demo (src/db/migrations/0016). */
export const DEMO_DONE = "demo.seeded";
/** The business time the demo was built around. */
const DEMO_STARTED = "demo.started";

/** Whether `host` only accepts connections from this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, "");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (isIP(h) === 4) return h.startsWith("127.");
  if (isIP(h) === 6) return h === "::1" || h === "0:0:0:0:0:0:0:1" || /^::ffff:127\./.test(h);
  return false;
}

/**
 * Demo data has well-known passwords (huying-demo): refuse it on an address other machines can reach unless
 * HUYING_DEMO_FORCE=1 says so explicitly. Returns the refusal, or null when the start may go on.
 */
export function demoRefusal(config: Pick<Config, "demo" | "demoForce" | "host">): string | null {
  if (!config.demo || config.demoForce || isLoopbackHost(config.host)) return null;
  return (
    `HUYING_DEMO=1 creates accounts with the published password "${DEMO_PASSWORD}", and HOST=${config.host} is reachable from other machines. ` +
    "Listen on 127.0.0.1, start without demo data (HUYING_DEMO=0), or set HUYING_DEMO_FORCE=1 if this really is a demonstration machine."
  );
}

export interface DemoHooks {
  /** Called after each committed step of the seed (tests: a crash in the middle, issue 12 defect 15). */
  afterStep?: (step: number) => void | Promise<void>;
  /** Tests: fewer tickets than DEMO_TICKETS (the crash test needs the steps, not the volume). */
  tickets?: number;
}

async function marker(db: Db, name: string): Promise<string | undefined> {
  const row = await db.selectFrom("huying_markers").select("value").where("name", "=", name).executeTakeFirst();
  return row?.value;
}

/** Tickets of the demo city: about 3,000 over the last three months (issue 18 point 11). */
export const DEMO_TICKETS = 3000;
export const DEMO_DAYS = 92;

/**
 * HUYING_DEMO=1: the demo city (src/seed/demo-city.ts) — 30 units (departments and towns with sections),
 * ~60 users (password huying-demo, none of them an admin: docs/API.md), a category tree, and ~3,000
 * tickets over the last three months with full lifecycles, so the dashboard, the appraisal and every
 * queue show real figures at first sight.
 *
 * Atomic (issue 18 point 11): one transaction, with the marker `demo.seeded` written inside it, so a run
 * killed in the middle leaves nothing of the demo and the next start seeds it again from the beginning;
 * a complete demo is never seeded twice.
 */
export async function seedDemo(ctx: AppContext, hooks: DemoHooks = {}): Promise<void> {
  if (await marker(ctx.db, DEMO_DONE)) return;
  const hash = await hashPassword(DEMO_PASSWORD);
  const policy = await ctx.policy.current(ctx.db);
  const calendar = await ctx.calendar.get(ctx.db);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    // Two seeds racing (two instances on one database): the second waits here, then finds the marker.
    await sql`LOCK TABLE huying_markers IN EXCLUSIVE MODE`.execute(trx);
    if (await marker(trx, DEMO_DONE)) return;
    let step = 0;
    const done = async () => hooks.afterStep?.(++step);
    const org = await insertDemoOrg(trx, hash);
    await done();
    await insertDemoTickets(trx, org, { now, count: hooks.tickets ?? DEMO_TICKETS, days: DEMO_DAYS, policy: policy.settings, policyVersion: policy.version, calendar });
    await done();
    await trx.insertInto("huying_markers").values({ name: DEMO_STARTED, value: now.toISOString() }).onConflict((oc) => oc.column("name").doNothing()).execute();
    await trx.insertInto("huying_markers").values({ name: DEMO_DONE, value: new Date().toISOString() }).execute();
    await done();
  });
}
