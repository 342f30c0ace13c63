import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { rolesAccess } from "../../http/access.js";
import { errorResponses } from "../../http/schemas.js";

const QUEUE_ACCESS = rolesAccess(["admin", "dispatcher", "supervisor"]);

const item = z.object({
  id: z.number(),
  kind: z.string(),
  ticketId: z.number(),
  ticketNumber: z.string(),
  ticketTitle: z.string(),
  unitId: z.number().nullable().describe("the requesting unit"),
  status: z.string(),
  reason: z.string().nullable(),
  verified: z.string().nullable(),
  basis: z.string().nullable(),
  suggestedUnitId: z.number().nullable(),
  newFacts: z.string().nullable(),
  firstContactState: z.string(),
  late: z.boolean(),
  requestedAt: z.string(),
});

/**
 * The center's review queue (issue 18, docs/WORKDAY.md): pending requests of one kind with what the decision
 * needs on the row — for returns the reason, what was verified, the legal or policy basis, lateness, the
 * requesting unit and any new facts — oldest first, keyset-paginated by id.
 */
export async function reviewQueueRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/api/review-requests",
    {
      config: { access: QUEUE_ACCESS },
      schema: {
        tags: ["reviews"],
        summary: "Review requests of one kind (default: pending returns) with their reasons, oldest first",
        querystring: z.object({
          kind: z.enum(["return", "extension", "exclusion", "reply_sign_off"]).optional(),
          status: z.enum(["pending", "approved", "refused", "withdrawn"]).optional(),
          limit: z.coerce.number().int().min(1).max(200).optional(),
          cursor: z.string().max(12).regex(/^\d+$/).optional(),
        }),
        response: { 200: z.object({ items: z.array(item), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      let query = ctx.db
        .selectFrom("review_requests as r")
        .innerJoin("tickets as t", "t.id", "r.ticket_id")
        .select(["r.id", "r.kind", "r.ticket_id", "r.unit_id", "r.status", "r.payload", "r.late", "r.requested_at", "t.number", "t.title", "t.first_contact_state"])
        .where("r.kind", "=", q.kind ?? "return")
        .where("r.status", "=", q.status ?? "pending")
        .orderBy("r.id")
        .limit(limit + 1);
      if (q.cursor) query = query.where("r.id", ">", Number(q.cursor));
      const rows = await query.execute();
      const page = rows.slice(0, limit);
      const str = (p: unknown, k: string) => {
        const v = (p as Record<string, unknown> | null)?.[k];
        return typeof v === "string" ? v : null;
      };
      return {
        items: page.map((x) => ({
          id: x.id,
          kind: x.kind,
          ticketId: x.ticket_id,
          ticketNumber: x.number,
          ticketTitle: x.title,
          unitId: x.unit_id,
          status: x.status,
          reason: str(x.payload, "reason") ?? str(x.payload, "explanation"),
          verified: str(x.payload, "verified"),
          basis: str(x.payload, "basis"),
          suggestedUnitId: typeof (x.payload as Record<string, unknown>)?.suggestedUnitId === "number" ? ((x.payload as Record<string, unknown>).suggestedUnitId as number) : null,
          newFacts: str(x.payload, "newFacts"),
          firstContactState: x.first_contact_state,
          late: x.late ?? false,
          requestedAt: x.requested_at.toISOString(),
        })),
        nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
      };
    },
  );
}
