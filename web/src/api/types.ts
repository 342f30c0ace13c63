/**
 * The web's names for the API's types: aliases of web/src/api/schema.d.ts, which `npm run gen:api`
 * generates from the server's OpenAPI document. Nothing is declared here by hand; a field the server
 * stops sending disappears from these types and the pages that read it stop compiling.
 */
import type { components, operations } from "./schema.js";

type Schemas = components["schemas"];
/** The JSON body of an operation's answer with the given status. */
type Answer<O extends keyof operations, S extends keyof operations[O]["responses"]> = operations[O]["responses"][S] extends { content: { "application/json": infer T } } ? T : never;
/** The JSON request body of an operation. */
type Body<O extends keyof operations> = NonNullable<operations[O]["requestBody"]> extends { content: { "application/json": infer T } } ? T : never;
/** The query parameters of an operation. */
type Query<O extends keyof operations> = NonNullable<operations[O]["parameters"]["query"]>;

export type Ticket = Schemas["Ticket"];
export type TicketDetail = Schemas["TicketDetail"];
export type TicketEvent = Schemas["TicketEvent"];
export type Requester = Ticket["requester"];
export type TicketStatus = Ticket["status"];
export type Urgency = Ticket["urgency"];
export type Channel = Ticket["channel"];
export type TicketActionName = Ticket["allowedActions"][number];
export type FirstContactState = Ticket["firstContact"]["state"];
export type ClosureKind = NonNullable<Ticket["closure"]>["kind"];
export type DispatchMode = NonNullable<Body<"dispatchTicket">["mode"]>;

export type ContactAttemptRecord = Schemas["ContactAttempt"];
export type ReturnRequestRecord = Schemas["ReturnRequest"];
export type ExtensionRequestRecord = Schemas["ExtensionRequest"];
export type ExclusionRequestRecord = Schemas["ExclusionRequest"];
export type ReplyRecord = Schemas["Reply"];
export type FollowUpRecord = Schemas["FollowUp"];
export type AttachmentRecord = TicketDetail["attachments"][number];
export type ContactMethod = Body<"recordContactAttempt">["method"];
export type ContactOutcome = Body<"recordContactAttempt">["outcome"];
export type ReplyResult = Body<"replyTicket">["result"];
export type FollowUpOutcome = Body<"recordFollowUp">["outcome"];
export type ExclusionReason = Answer<"listExclusionReasons", 200>[number];

export type User = Schemas["User"];
export type Role = User["roles"][number];
export type LoginResult = Answer<"login", 200>;
export type Unit = Schemas["Unit"];
export type Category = Schemas["Category"];

/** A page of a keyset-paginated list. */
export type Page<T> = { items: T[]; nextCursor: string | null };

type BoolFlags = "overdue" | "business" | "pendingExtension" | "pendingExclusion" | "flaggedNoChange";
/** The ticket list's filters as the pages hold them (flags as booleans; the hooks write them as "true"). */
export type TicketListFilter = Omit<Query<"listTickets">, BoolFlags> & Partial<Record<BoolFlags, boolean>>;
export type CreateTicketInput = Body<"createTicket">;

export type RatesReport = Schemas["RatesReport"];
export type RateRow = Schemas["RateRow"];
export type AppraisalReport = Schemas["AppraisalReport"];
export type AppraisalRow = AppraisalReport["rows"][number];
export type DrillPage = Schemas["DrillPage"];
export type CalendarDay = Schemas["CalendarDay"];
export type Notification = Schemas["Notification"];
export type AuditEntry = Schemas["AuditEntry"];
export type PolicyDoc = Schemas["Policy"];
export type ErrorBody = Schemas["Error"];
/** Every code the server can send in `error.code`. */
export type ErrorCode = ErrorBody["error"]["code"];
/** A ticket from a list or its full detail: the records are there only in the detail. */
export type TicketWithRecords = Ticket & Partial<Omit<TicketDetail, keyof Ticket>>;

// Issue 15: smart intake (docs/SUGGESTIONS.md).
export type SuggestAnswer = Answer<"suggest", 200>;
export type SimilarList = Answer<"listSimilarTickets", 200>;
export type HotIssueList = Answer<"listHotIssues", 200>;
export type HeatList = Answer<"getHeat", 200>;
export type SuggestionModelList = Answer<"listSuggestionModels", 200>;
