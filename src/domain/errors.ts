/**
 * The one error type the domain and the use cases throw. The HTTP edge maps each code to a status
 * (src/http/error-handler.ts); the web UI maps each code to a Chinese message (web/src/api/errors.ts).
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  TICKET_NOT_FOUND: 404,
  TRANSITION_NOT_ALLOWED: 409,
  VERSION_CONFLICT: 409,
  CONFLICT: 409,
  DUPLICATE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Every code a DomainError can carry (the OpenAPI document's Error.code, the web's Chinese messages). */
export const ERROR_CODES = Object.keys(ERROR_STATUS) as readonly ErrorCode[];

export class DomainError extends Error {
  readonly code: ErrorCode;
  /** The request field at fault, for VALIDATION_FAILED. */
  readonly field?: string;

  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.field = field;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** Shorthand for a 400 that names the field. */
export function invalid(field: string, message: string): DomainError {
  return new DomainError("VALIDATION_FAILED", `${field}: ${message}`, field);
}

/** Shorthand for a 404 (also used, on purpose, for records the actor may not see). */
export function notFound(what: string): DomainError {
  return new DomainError("NOT_FOUND", `${what} not found`);
}
