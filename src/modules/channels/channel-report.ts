import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { sql } from "kysely";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { CHANNELS } from "../../domain/ticket/ticket.types.js";
import { rolesAccess } from "../../http/access.js";
import { errorResponses, isoDate } from "../../http/schemas.js";
import { invalid } from "../../domain/errors.js";

/** The center's daily figures split by channel (issue 16): tickets received per Asia/Shanghai day and channel. */
export async function channelReportRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/reports/channels",
    {
      config: { access: rolesAccess(["admin", "supervisor", "dispatcher", "viewer"]) },
      schema: {
        tags: ["channels"],
        summary: "Tickets received per day and channel (Asia/Shanghai days), with totals per channel",
        querystring: z.object({ from: isoDate, to: isoDate }),
        response: {
          200: z.object({
            rows: z.array(z.object({ date: z.string(), channel: z.enum(CHANNELS), count: z.number() })),
            totals: z.array(z.object({ channel: z.enum(CHANNELS), count: z.number() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      if (from > to) throw invalid("from", "is after to");
      const start = new Date(`${from}T00:00:00+08:00`);
      const end = new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 86_400_000);
      if (end.getTime() - start.getTime() > 400 * 86_400_000) throw invalid("to", "at most 400 days");
      const r = await sql<{ date: string; channel: (typeof CHANNELS)[number]; count: string }>`
        SELECT to_char(received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS date, channel, count(*) AS count
        FROM tickets WHERE received_at >= ${start} AND received_at < ${end}
        GROUP BY 1, 2 ORDER BY 1, 2`.execute(ctx.db);
      const rows = r.rows.map((x) => ({ date: x.date, channel: x.channel, count: Number(x.count) }));
      const totals = new Map<string, number>();
      for (const x of rows) totals.set(x.channel, (totals.get(x.channel) ?? 0) + x.count);
      return { rows, totals: [...totals].map(([channel, count]) => ({ channel: channel as (typeof CHANNELS)[number], count })).sort((a, b) => b.count - a.count) };
    },
  );
}
