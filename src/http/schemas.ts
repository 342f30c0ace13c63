import { z } from "zod";

/** Shared zod pieces for route schemas. */

/** The largest value of PostgreSQL's integer, the type of every id column. */
export const MAX_ID = 2_147_483_647;
/** An id in a JSON body: a larger number is a 400 naming the field, not a database error. */
export const dbId = z.number().int().positive().max(MAX_ID);
/** An id in a path or query string. */
export const dbIdQuery = z.coerce.number().int().positive().max(MAX_ID);
export const idParam = z.object({ id: dbIdQuery });
export const errorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});
export const isoTime = z.iso.datetime({ offset: true });
export const isoDate = z.iso.date();
/** A time in a query string: a "+08:00" offset sent unencoded arrives as " 08:00". */
export const queryTime = z
  .string()
  .max(40)
  .transform((s) => s.replace(" ", "+"))
  .pipe(isoTime);
/** A list filter's bound: a date (a whole Asia/Shanghai day) or a time with offset. */
export const queryDateOrTime = z.union([isoDate, queryTime], { error: "use a date YYYY-MM-DD or an ISO 8601 time with offset" });
/** "true"/"false" in a query string. */
export const queryBool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
export const okResponse = z.object({ ok: z.literal(true) });

/** Standard error answers documented on every route. */
export const errorResponses = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
};
