import { z } from "zod";
import { ERROR_CODES } from "../domain/errors.js";
import { EDGE_ERROR_CODES } from "./error-handler.js";

/** Shared zod pieces for route schemas. */

/** The largest value of PostgreSQL's integer, the type of every id column. */
export const MAX_ID = 2_147_483_647;
/** An id in a JSON body: a larger number is a 400 naming the field, not a database error. */
export const dbId = z.number().int().positive().max(MAX_ID);
/** An id in a path or query string. */
export const dbIdQuery = z.coerce.number().int().positive().max(MAX_ID);
export const idParam = z.object({ id: dbIdQuery });
/** One bad field of a 400: the field as the client wrote it ("requester.phone", "from", "id") and what is wrong. */
export const fieldError = z.object({ field: z.string(), message: z.string() }).meta({ id: "FieldError" });
/** Every error answer: `{error: {code, message, field?, fields?}}`; a 400 names its first bad field in `field` and every one in `fields`. */
export const errorResponse = z
  .object({
    error: z.object({
      code: z.enum([...ERROR_CODES, ...EDGE_ERROR_CODES]).describe("what went wrong (src/domain/errors.ts); the web shows a Chinese message for each"),
      message: z.string(),
      field: z.string().optional().describe("400: the first bad field"),
      fields: z.array(fieldError).optional().describe("400: every bad field, the first one first"),
    }),
  })
  .meta({ id: "Error" });
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
  .overwrite((s) => s.replace(" ", "+"))
  .pipe(isoTime);
/** A list filter's bound: a date (a whole Asia/Shanghai day) or a time with offset. */
export const queryDateOrTime = z.union([isoDate, queryTime], { error: "use a date YYYY-MM-DD or an ISO 8601 time with offset" });
/** "true"/"false" in a query string. */
export const queryBool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
export const okResponse = z.object({ ok: z.literal(true) });

/** An error answer with its description, the body a `$ref` to the `Error` component. */
const described = (description: string) => ({ description, content: { "application/json": { schema: errorResponse } } });

/** A 200 that is a file (exports, attachments): its media types, the body a byte string. */
export function fileResponse(description: string, mediaTypes: readonly string[]) {
  // z.any(): the handler sends a stream or a buffer; the document says "a string of bytes".
  const schema = z.any().meta({ type: "string", description: "the file's bytes" });
  return { description, content: Object.fromEntries(mediaTypes.map((type) => [type, { schema }])) };
}

/** Standard error answers documented on every route. */
export const errorResponses = {
  400: described("Bad input: VALIDATION_FAILED naming every bad field"),
  401: described("No valid session (UNAUTHENTICATED)"),
  403: described("The caller's roles do not allow this (FORBIDDEN)"),
  404: described("Not found, or not visible to the caller"),
  409: described("A state or version conflict"),
};
