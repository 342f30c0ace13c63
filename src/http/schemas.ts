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
/**
 * The years a date or time anywhere in the API may name (docs/DECISIONS.md "Dates"): a hotline has no
 * ticket before 2000, and no deadline after 2100 needs computing. Outside them PGlite misreads years
 * (0099 → 1999) and deadline maths runs past year 9999, so every date piece below refuses them with a 400.
 */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
const inYears = (s: string): boolean => {
  const y = Number(s.slice(0, 4));
  return y >= MIN_YEAR && y <= MAX_YEAR;
};
const yearsMessage = `the year must be between ${MIN_YEAR} and ${MAX_YEAR}`;
/** An ISO 8601 time with offset, years 2000–2100. */
export const isoTime = z.iso.datetime({ offset: true }).refine(inYears, { error: yearsMessage });
/** A date YYYY-MM-DD, years 2000–2100. */
export const isoDate = z.iso.date().refine(inYears, { error: yearsMessage });
/** A month YYYY-MM, years 2000–2100. */
export const isoMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "expected YYYY-MM")
  .refine(inYears, { error: yearsMessage });
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
