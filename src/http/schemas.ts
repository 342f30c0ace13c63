import { z } from "zod";

/** Shared zod pieces for route schemas. */
export const idParam = z.object({ id: z.coerce.number().int().positive() });
export const errorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});
export const isoTime = z.iso.datetime({ offset: true });
export const isoDate = z.iso.date();
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
