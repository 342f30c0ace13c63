import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { SettableClock } from "../../clock.js";
import { rolesAccess } from "../../http/access.js";
import { actorOf } from "../../http/auth.js";
import { errorResponses, isoTime } from "../../http/schemas.js";
import { runDeadlineSweep } from "../../jobs/deadline-sweep.job.js";
import { runDetection } from "../supervision/supervision.service.js";
import { flagExpiredEntries } from "../knowledge/use-cases/flag-expired.js";

/**
 * docs/API.md "Test clock": only with HUYING_TEST_CLOCK=1. Setting the time runs every due sweep (warnings,
 * overdue marks, auto-close) before answering. Never registered in production.
 */
export async function testClockRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  if (!ctx.config.testClock || !(ctx.clock instanceof SettableClock)) return;
  const clock = ctx.clock;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get("/api/test/clock", { schema: { tags: ["test"], summary: "Test clock: the business time now", response: { 200: z.object({ now: z.string() }), ...errorResponses } } }, async (request) => {
    actorOf(request);
    return { now: clock.now().toISOString() };
  });

  r.post(
    "/api/test/clock",
    {
      config: { access: rolesAccess(["admin"]) },
      schema: {
        tags: ["test"],
        summary: "Test clock: set the business time and run every due sweep",
        body: z.object({ now: isoTime }),
        response: { 200: z.looseObject({ now: z.string() }), ...errorResponses },
      },
    },
    async (request) => {
      clock.set(new Date(request.body.now));
      const sweep = await runDeadlineSweep(ctx, clock.now());
      // Supervision alerts (issue 13): the daily detection runs with the sweep on the test clock.
      const supervision = await runDetection(ctx, clock.now());
      // Knowledge entries past their validity (issue 14).
      await flagExpiredEntries(ctx, clock.now());
      return { now: clock.now().toISOString(), sweep, supervision };
    },
  );
}
