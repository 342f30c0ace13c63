import { z } from "zod";
import {
  CHANNELS,
  CLOSURE_KINDS,
  CONTACT_METHODS,
  CONTACT_OUTCOMES,
  DISPATCH_MODES,
  FIRST_CONTACT_STATES,
  FOLLOW_UP_OUTCOMES,
  REPLY_RESULTS,
  TICKET_STATUSES,
  TicketEventType,
  URGENCIES,
} from "./ticket.types.js";

/**
 * The data of every ticket event, one zod schema per type (pure; imported by the use cases that write
 * events, the reports that read their keys in SQL, the bench simulator and the web timeline). Each schema is
 * strict: a writer cannot add a key no schema declares, and a reader asks for keys through `eventKey`, which
 * refuses a key no schema declares (test/domain/ticket-events.test.ts).
 */

const status = z.enum(TICKET_STATUSES as [string, ...string[]]);
const id = z.number().int();
const iso = z.string();
const text = z.string().nullable();

/** Every event a transition writes carries the status before and after (added by the write path). */
const transition = { from: status.optional(), to: status.optional() };
const data = <S extends z.ZodRawShape>(shape: S) => z.strictObject({ ...transition, ...shape });

export const DEADLINE_EVENT_NAMES = ["sign", "contact", "reply", "auto_close", "progress"] as const;

export const EVENT_DATA = {
  [TicketEventType.Created]: data({ channel: z.enum(CHANNELS), urgency: z.enum(URGENCIES), business: z.boolean(), answeredDirectly: z.boolean() }),
  [TicketEventType.Dispatched]: data({ leadUnitId: id, coUnitIds: z.array(id), mode: z.enum(DISPATCH_MODES), note: text }),
  [TicketEventType.Signed]: data({ late: z.boolean() }),
  [TicketEventType.ContactAttempted]: data({
    attemptAt: iso,
    method: z.enum(CONTACT_METHODS),
    outcome: z.enum(CONTACT_OUTCOMES),
    counted: z.boolean(),
    countedFailedCalls: z.number().int(),
    note: text,
  }),
  [TicketEventType.FirstContactReached]: data({ state: z.enum(FIRST_CONTACT_STATES), contactAt: iso.nullable(), late: z.boolean() }),
  [TicketEventType.ReturnRequested]: data({
    requestId: id,
    reason: z.string(),
    basis: text,
    verified: text,
    late: z.boolean(),
    returnDueAt: iso.nullable(),
    firstContactState: z.enum(FIRST_CONTACT_STATES),
    suggestedUnitId: id.nullable(),
    /** Issue 18: what is new since a refused return (docs/WORKDAY.md). */
    newFacts: text.optional(),
  }),
  [TicketEventType.ReturnApproved]: data({ requestId: id, note: text, reassignTo: id.nullable() }),
  [TicketEventType.ReturnRefused]: data({ requestId: id, note: text, reassignTo: id.nullable() }),
  [TicketEventType.ExtensionRequested]: data({ requestId: id, workingDays: z.number().int(), reason: z.string() }),
  [TicketEventType.ExtensionApproved]: data({ requestId: id, workingDays: z.number().int().nullable(), replyDueAt: iso.nullable(), note: text }),
  [TicketEventType.ExtensionRefused]: data({ requestId: id, workingDays: z.number().int().nullable(), replyDueAt: iso.nullable(), note: text }),
  [TicketEventType.Replied]: data({
    replyId: id,
    result: z.enum(REPLY_RESULTS),
    handlerName: z.string(),
    leaderName: z.string(),
    late: z.boolean(),
    awaitingSignOff: z.boolean(),
  }),
  [TicketEventType.ReplyApproved]: data({ replyId: id, approved: z.boolean(), note: text }),
  [TicketEventType.FollowedUp]: data({
    outcome: z.enum(FOLLOW_UP_OUTCOMES),
    contacted: z.boolean(),
    informed: z.boolean(),
    resolved: z.boolean(),
    decision: z.enum(["redo", "close"]).nullable(),
    round: z.number().int(),
    note: text,
  }),
  [TicketEventType.Redone]: data({ reason: z.string(), redoCount: z.number().int() }),
  [TicketEventType.Closed]: data({ kind: z.enum(CLOSURE_KINDS), remark: text.optional(), auto: z.boolean().optional() }),
  [TicketEventType.ExclusionRequested]: data({ requestId: id, reasonCode: z.string(), reason: z.string(), explanation: z.string() }),
  [TicketEventType.ExclusionApproved]: data({ requestId: id, reasonCode: z.string(), note: text }),
  [TicketEventType.ExclusionRefused]: data({ requestId: id, reasonCode: z.string(), note: text }),
  [TicketEventType.Terminated]: data({ reviewers: z.array(z.string()), conclusion: z.string() }),
  [TicketEventType.PhoneRevealed]: data({}),
  [TicketEventType.Warning]: data({ deadline: z.enum(DEADLINE_EVENT_NAMES), dueAt: iso.nullable() }),
  [TicketEventType.Overdue]: data({ deadline: z.enum(DEADLINE_EVENT_NAMES), dueAt: iso.nullable() }),
  [TicketEventType.NoChangeFlagged]: data({ streak: z.number().int() }),
  [TicketEventType.AttachmentAdded]: data({
    attachmentId: id,
    ownerKind: z.string(),
    ownerId: id.nullable(),
    filename: z.string(),
    mime: z.string(),
    size: z.number().int(),
  }),
  [TicketEventType.ProgressReported]: data({ content: z.string(), late: z.boolean(), progressDueAt: iso.nullable() }),
  [TicketEventType.CitizenRated]: data({
    ratingId: id,
    source: z.enum(["web", "sms"]),
    outcome: z.enum(["satisfied", "basically_satisfied", "unsatisfied"]),
    withComment: z.boolean(),
  }),
  [TicketEventType.CoUnitSigned]: data({ coUnitId: id, late: z.boolean() }),
  [TicketEventType.CoUnitSubmitted]: data({ coUnitId: id, late: z.boolean(), dueAt: iso.nullable() }),
  [TicketEventType.CoUnitWarning]: data({ coUnitId: id, dueAt: iso }),
  [TicketEventType.CoUnitOverdue]: data({ coUnitId: id, dueAt: iso }),
  [TicketEventType.CoUnitsAdded]: data({ requestId: id.nullable(), coUnitIds: z.array(id), note: text }),
  [TicketEventType.Assigned]: data({ sectionId: id.nullable(), userId: id.nullable(), userName: text, previousUserId: id.nullable(), note: text }),
  [TicketEventType.Merged]: data({ intoTicketId: id, intoNumber: z.string(), note: text }),
  [TicketEventType.RepeatLinked]: data({ ticketId: id, number: z.string(), merged: z.boolean(), repeatCount: z.number().int() }),
  [TicketEventType.MasterUpdate]: data({ masterTicketId: id, kind: z.enum(["reply", "follow_up"]), content: text }),
  [TicketEventType.ClosedOutOfScope]: data({ entryId: id, entryTitle: z.string(), note: text }),
  [TicketEventType.DispatchedAgainstCatalogue]: data({ catalogueItemId: id, catalogueUnitId: id, unitId: id, reason: z.string() }),
} as const satisfies Record<TicketEventType, z.ZodObject>;

export type EventData<T extends TicketEventType> = z.infer<(typeof EVENT_DATA)[T]>;
/** What a writer gives: the status pair is added by the write path. */
export type EventDataInput<T extends TicketEventType> = z.input<(typeof EVENT_DATA)[T]>;

/** A ticket event as the timeline stores it: one discriminated union over `type`. */
export const TicketEventSchema = z.discriminatedUnion(
  "type",
  (Object.keys(EVENT_DATA) as TicketEventType[]).map((type) => z.object({ type: z.literal(type), data: EVENT_DATA[type] })) as unknown as [
    z.ZodObject<{ type: z.ZodLiteral<TicketEventType>; data: z.ZodObject }>,
  ],
);

/** An event to append, typed by its type (its data must match that type's schema). */
export type TicketEventInput = {
  [T in TicketEventType]: { type: T; at: Date; actorId: number | null; unitId?: number | null; data: EventDataInput<T> };
}[TicketEventType];

/** Builds an event with its data checked against the type's schema (throws on a key no schema declares). */
export function ticketEvent<T extends TicketEventType>(
  type: T,
  at: Date,
  actorId: number | null,
  unitId: number | null | undefined,
  payload: EventDataInput<T>,
): TicketEventInput {
  return { type, at, actorId, unitId, data: EVENT_DATA[type].parse(payload) } as TicketEventInput;
}

/**
 * The same event typed at compile time only, for the sweep's hot path (thousands of events a batch): the
 * types hold the data to its schema, the tests parse what it wrote.
 */
export function typedEvent<T extends TicketEventType>(type: T, at: Date, actorId: number | null, unitId: number | null | undefined, payload: EventDataInput<T>): TicketEventInput {
  return { type, at, actorId, unitId, data: payload } as TicketEventInput;
}

/** Every key any writer may write for the type. */
export function eventKeys(type: TicketEventType): string[] {
  return Object.keys(EVENT_DATA[type].shape);
}

/** Keys readers asked for, so a test can show each one is written by a writer. */
export const READ_KEYS = new Set<string>();

/**
 * The name of a data key a reader uses (reports' SQL `data->>'…'`, the web timeline). Typed, and checked at
 * run time too: a key no schema declares throws at module load.
 */
export function eventKey<T extends TicketEventType, K extends keyof EventData<T> & string>(type: T, key: K): K {
  if (!eventKeys(type).includes(key)) throw new Error(`event ${type} has no data key ${key}`);
  READ_KEYS.add(`${type}.${key}`);
  return key;
}
