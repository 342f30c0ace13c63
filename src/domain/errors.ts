import { TICKET_ACTIONS, type TicketAction } from "./ticket/ticket.types.js";

/** `<ACTION>_NOT_ALLOWED_IN_STATUS`: the state machine's refusal of an action from the ticket's status. */
export type NotAllowedInStatusCode = `${Uppercase<TicketAction>}_NOT_ALLOWED_IN_STATUS`;
export const notAllowedInStatusCode = (action: TicketAction) => `${action.toUpperCase()}_NOT_ALLOWED_IN_STATUS` as NotAllowedInStatusCode;

const NOT_ALLOWED_IN_STATUS = Object.fromEntries(TICKET_ACTIONS.map((a) => [notAllowedInStatusCode(a), 409])) as Record<NotAllowedInStatusCode, 409>;

/**
 * The one error type the domain and the use cases throw. The HTTP edge maps each code to a status
 * (src/http/error-handler.ts); the web UI maps each code to a Chinese message (web/src/api/errors.ts).
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  PASSWORD_RESET_REQUIRED: 403,
  NOT_FOUND: 404,
  TICKET_NOT_FOUND: 404,
  ...NOT_ALLOWED_IN_STATUS,
  // The state machine's guards (specific refusals beyond the status).
  RETURN_ALREADY_PENDING: 409,
  EXTENSION_ALREADY_PENDING: 409,
  NO_EXTENSION_PENDING: 409,
  EXCLUSION_ALREADY_PENDING: 409,
  NO_EXCLUSION_PENDING: 409,
  ALREADY_EXCLUDED: 409,
  CLOSURE_NOT_SCORED: 409,
  REDO_NOT_ALLOWED_FOR_CLOSURE: 409,
  /** Issue 18 (docs/WORKDAY.md): a reply while first contact is still owed (policy replyNeedsFirstContact). */
  FIRST_CONTACT_PENDING: 409,
  /** Issue 18, rule 10: co-unit actions. */
  NOT_A_CO_UNIT: 409,
  CO_UNIT_ALREADY_SIGNED: 409,
  CO_UNIT_NOT_SIGNED: 409,
  CO_PART_ALREADY_SUBMITTED: 409,
  /** Issue 18, rule 16: a return filed again after a refusal without new facts (docs/WORKDAY.md). */
  RETURN_NEEDS_NEW_FACTS: 409,
  /** A review request (return, extension, exclusion, reply sign-off) that is no longer pending. */
  REQUEST_ALREADY_DECIDED: 409,
  /** Input-shaped: an unsatisfied follow-up without redo|close, or a decision for another outcome. */
  FOLLOW_UP_DECISION_REQUIRED: 400,
  /** Issue 15 (并单): merge into itself, into or as a repeat of a closed ticket, in a cycle. */
  MERGE_INTO_SELF: 409,
  REPEAT_TARGET_CLOSED: 409,
  MERGE_CYCLE: 409,
  /** A suggestion model is already training. */
  TRAINING_IN_PROGRESS: 409,
  VERSION_CONFLICT: 409,
  /** A retired knowledge entry is not edited or published again (issue 14). */
  KNOWLEDGE_RETIRED: 409,
  CONFLICT: 409,
  DUPLICATE: 409,
  /** A unit, category or user still referenced by records: it can only be disabled (issue 18 point 8). */
  IN_USE: 409,
  ATTACHMENT_QUOTA_EXCEEDED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  /** Channels (issue 16): a citizen rating before the reply, a second rating, the public form's captcha, a bad upstream signature. */
  RATING_NOT_OPEN: 409,
  ALREADY_RATED: 409,
  CAPTCHA_REQUIRED: 428,
  CAPTCHA_INVALID: 400,
  SIGNATURE_INVALID: 401,
  RATE_LIMITED: 429,
  // Supervision 督办 (issue 13)
  /** A notice or order about a ticket that is already closed. */
  SUPERVISION_TICKET_CLOSED: 409,
  /** The notice, order or alert was already answered, closed or handled. */
  SUPERVISION_ALREADY_DONE: 409,
  /** A progress report on a ticket that owes none (only special and special-urgent tickets do, rule 8). */
  PROGRESS_NOT_REQUIRED: 409,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Every code a DomainError can carry (the OpenAPI document's Error.code, the web's Chinese messages). */
export const ERROR_CODES = Object.keys(ERROR_STATUS) as readonly ErrorCode[];

export class DomainError extends Error {
  readonly code: ErrorCode;
  /** The request field at fault, for VALIDATION_FAILED. */
  readonly field?: string;
  /** Every field at fault when there are several (a CSV import's bad rows); the first is `field`. */
  readonly fields?: ReadonlyArray<{ field: string; message: string }>;

  constructor(code: ErrorCode, message: string, field?: string, fields?: ReadonlyArray<{ field: string; message: string }>) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.field = field ?? fields?.[0]?.field;
    this.fields = fields;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** Shorthand for a 400 that names the field. */
export function invalid(field: string, message: string): DomainError {
  return new DomainError("VALIDATION_FAILED", `${field}: ${message}`, field);
}

/** A 400 naming several fields at once, each with its own message. */
export function invalidFields(problems: ReadonlyArray<{ field: string; message: string }>, message?: string): DomainError {
  return new DomainError("VALIDATION_FAILED", message ?? problems.map((p) => p.message).join("; "), undefined, problems);
}

/** Shorthand for a 404 (also used, on purpose, for records the actor may not see). */
export function notFound(what: string): DomainError {
  return new DomainError("NOT_FOUND", `${what} not found`);
}
