import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { DomainError } from "../domain/errors.js";

/** Codes only the edge sends (not a DomainError): an unexpected failure. */
export const EDGE_ERROR_CODES = ["INTERNAL"] as const;

interface FieldError {
  field: string;
  message: string;
}

interface ErrorBody {
  error: { code: string; message: string; field?: string; fields?: FieldError[] };
}

/** The error body; a 400 names its first bad field in `field` and every one in `fields` (src/http/schemas.ts errorResponse). */
function body(code: string, message: string, fields: FieldError[] = []): ErrorBody {
  return { error: fields.length > 0 ? { code, message, field: fields[0]!.field, fields } : { code, message } };
}

interface SchemaIssue {
  instancePath?: string;
  message?: string;
  params?: unknown;
}

/** Every bad field of a schema failure, once each, in the order zod found them ("requester.phone", "from", "id"). */
function schemaFields(issues: readonly SchemaIssue[], context: string | undefined): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    // The field as the client wrote it, as DomainError names it too.
    const path = (issue.instancePath ?? "").replace(/^\//, "").replace(/\//g, ".");
    const field = path || String((issue.params as { missingProperty?: string } | undefined)?.missingProperty ?? context ?? "body");
    if (!out.some((f) => f.field === field)) out.push({ field, message: issue.message ?? "invalid" });
  }
  return out;
}

/** PostgreSQL error codes a client can cause; anything else is a real 500. */
const PG_CLIENT_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  "23505": { status: 409, code: "CONFLICT", message: "a record with the same unique value already exists" },
  "23503": { status: 400, code: "VALIDATION_FAILED", message: "a referenced record does not exist" },
  "22P02": { status: 400, code: "VALIDATION_FAILED", message: "a value has the wrong format" },
  "22003": { status: 400, code: "VALIDATION_FAILED", message: "a number is out of range" },
  "22007": { status: 400, code: "VALIDATION_FAILED", message: "a date or time has the wrong format" },
  "22008": { status: 400, code: "VALIDATION_FAILED", message: "a date or time is out of range" },
  "40001": { status: 409, code: "VERSION_CONFLICT", message: "a concurrent change won; reload and try again" },
  "40P01": { status: 409, code: "VERSION_CONFLICT", message: "a concurrent change won; reload and try again" },
};

/**
 * The request field behind a database refusal: the column, else the key the error's detail names
 * (`Key (category_id)=(7) is not present…` → categoryId; the constraint's name cannot tell a table with an
 * underscore, `reply_templates_category_id_fkey`, from its column), else the body.
 */
function pgField(err: { constraint?: unknown; column?: unknown; detail?: unknown }): string {
  const column =
    typeof err.column === "string"
      ? err.column
      : (/^Key \((\w+)\)=/.exec(String(err.detail ?? ""))?.[1] ?? /^[a-z]+_(\w+?)_fkey$/.exec(String(err.constraint ?? ""))?.[1]);
  return column ? column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) : "body";
}

/**
 * One table from errors to HTTP answers: DomainError by its code, schema failures as 400 naming the field,
 * malformed bodies as 400, never a stack trace or SQL text to the client.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & { code?: string }, request, reply) => {
    if (err instanceof DomainError) {
      // A 400 always names a field: the one the use case named, else the request body.
      const field = err.field ?? (err.status === 400 ? "body" : undefined);
      if (err.fields && err.fields.length > 0) return reply.status(err.status).send(body(err.code, err.message, [...err.fields]));
      return reply.status(err.status).send(body(err.code, err.message, field ? [{ field, message: err.message }] : []));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields = schemaFields(err.validation, err.validationContext);
      // The message stays the first field's, as before; `fields` lists them all.
      const first = fields[0]!;
      const more = fields.length > 1 ? ` (and ${fields.length - 1} more: ${fields.slice(1).map((f) => f.field).join(", ")})` : "";
      return reply.status(400).send(body("VALIDATION_FAILED", `${first.field}: ${first.message}${more}`, fields));
    }
    const pg = typeof err.code === "string" ? PG_CLIENT_ERRORS[err.code] : undefined;
    if (pg) {
      // Only the code and the constraint: never the statement, its parameters or the row (docs/SECURITY.md).
      request.log.warn({ err }, "database rejected client input");
      return reply.status(pg.status).send(body(pg.code, pg.message, pg.status === 400 ? [{ field: pgField(err as { constraint?: unknown; detail?: unknown }), message: pg.message }] : []));
    }
    const status = err.statusCode ?? 500;
    if (status === 413) return reply.status(413).send(body("PAYLOAD_TOO_LARGE", "the request body is too large"));
    if (status === 415) return reply.status(415).send(body("UNSUPPORTED_MEDIA_TYPE", err.message));
    if (status === 429) return reply.status(429).send(body("RATE_LIMITED", err.message));
    if (status >= 400 && status < 500) {
      return reply.status(400).send(body("VALIDATION_FAILED", `body: ${err.message}`, [{ field: "body", message: err.message }]));
    }
    request.log.error({ err }, "unhandled error");
    return reply.status(500).send(body("INTERNAL", "internal error"));
  });
}
