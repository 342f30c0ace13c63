import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { DomainError } from "../domain/errors.js";

interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

function body(code: string, message: string, field?: string): ErrorBody {
  return { error: field ? { code, message, field } : { code, message } };
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
 * One table from errors to HTTP answers: DomainError by its code, schema failures as 400 naming the field,
 * malformed bodies as 400, never a stack trace or SQL text to the client.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & { code?: string }, request, reply) => {
    if (err instanceof DomainError) {
      return reply.status(err.status).send(body(err.code, err.message, err.field));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const first = err.validation[0];
      // The field as the client wrote it ("requester.phone", "from", "id"), as DomainError names it too.
      const path = (first?.instancePath ?? "").replace(/^\//, "").replace(/\//g, ".");
      const field = path || String((first?.params as { missingProperty?: string })?.missingProperty ?? err.validationContext ?? "body");
      return reply.status(400).send(body("VALIDATION_FAILED", `${field}: ${first?.message ?? "invalid"}`, field));
    }
    const pg = typeof err.code === "string" ? PG_CLIENT_ERRORS[err.code] : undefined;
    if (pg) {
      // Only the code and the constraint: never the statement, its parameters or the row (docs/SECURITY.md).
      request.log.warn({ err }, "database rejected client input");
      return reply.status(pg.status).send(body(pg.code, pg.message));
    }
    const status = err.statusCode ?? 500;
    if (status === 413) return reply.status(413).send(body("PAYLOAD_TOO_LARGE", "the request body is too large"));
    if (status === 415) return reply.status(415).send(body("UNSUPPORTED_MEDIA_TYPE", err.message));
    if (status === 429) return reply.status(429).send(body("RATE_LIMITED", err.message));
    if (status >= 400 && status < 500) {
      return reply.status(400).send(body("VALIDATION_FAILED", `body: ${err.message}`, "body"));
    }
    request.log.error({ err }, "unhandled error");
    return reply.status(500).send(body("INTERNAL", "internal error"));
  });
}
