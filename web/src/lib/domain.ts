/**
 * The pure domain modules the web shares with the server (no copy): which clocks run in which status and the
 * ticket events' data keys, the exclusion reasons. Imported by relative path from src/domain; they hold no I/O.
 */
export { DEADLINE_KINDS, OVERDUE_KINDS, clockRuns, clockSwept, deadlineLabel, type DeadlineKind } from "../../../src/domain/ticket/deadline-kinds.js";
export { eventKey, type EventData } from "../../../src/domain/ticket/ticket-events.js";
export { EXCLUSION_REASONS as EXCLUSION_REASON_LABELS } from "../../../src/domain/ticket/ticket.types.js";
export { REPLY_TEMPLATE_PLACEHOLDERS, fillTemplate } from "../../../src/domain/ticket/reply-template.js";
export { ALERT_LABELS } from "../../../src/domain/supervision/supervision.js";
