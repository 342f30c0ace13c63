/** Types of the public HTTP API, written from ../shared/CONTRACT.md (names binding). */

export type Role =
  | "admin"
  | "operator"
  | "dispatcher"
  | "supervisor"
  | "follow_up"
  | "unit_leader"
  | "unit_handler"
  | "viewer";

export type TicketStatus =
  | "pending_dispatch"
  | "dispatched"
  | "signed"
  | "return_requested"
  | "reply_review"
  | "replied"
  | "closed";

export type Urgency = "ordinary" | "urgent" | "special" | "special_urgent";
export type Channel = "phone" | "web" | "wechat" | "app" | "mailbox" | "weibo" | "upstream";
export type DispatchMode = "direct" | "designated" | "territorial";
export type ClosureKind =
  | "satisfied"
  | "basically_satisfied"
  | "auto_basically_satisfied"
  | "unsatisfied_closed"
  | "answered_directly"
  | "terminated";
export type FirstContactState = "pending" | "reached" | "deemed_reached" | "missed" | "not_required";
export type ContactMethod = "phone" | "visit" | "sms";
export type ContactOutcome = "reached" | "no_answer" | "busy" | "hung_up" | "refused";
export type ReplyResult = "resolved" | "explained" | "unresolved";
export type FollowUpOutcome = "satisfied" | "basically_satisfied" | "unsatisfied" | "unreachable";

export type TicketActionName =
  | "dispatch"
  | "sign"
  | "record_contact"
  | "request_return"
  | "decide_return"
  | "request_extension"
  | "decide_extension"
  | "reply"
  | "approve_reply"
  | "follow_up"
  | "redo"
  | "request_exclusion"
  | "decide_exclusion"
  | "terminate"
  | "reveal_phone";

export interface User {
  id: number;
  username: string;
  name: string;
  roles: Role[];
  unitId: number | null;
  active?: boolean;
  /** An admin forced a reset: the user must choose a new password before anything else. */
  mustChangePassword?: boolean;
}

export interface LoginResult {
  token: string;
  user: User;
}

export interface Unit {
  id: number;
  name: string;
  kind: "center" | "department" | "town" | "section";
  parentId: number | null;
  region?: string | null;
}

export interface Category {
  id: number;
  name: string;
  parentId: number | null;
  children?: Category[];
}

export interface Requester {
  name: string | null;
  phone: string | null;
  anonymous: boolean;
}

export interface Ticket {
  id: number;
  number: string;
  status: TicketStatus;
  urgency: Urgency;
  channel: Channel;
  title: string;
  content: string;
  business: boolean;
  requester: Requester;
  categoryId: number | null;
  address?: string | null;
  receivedAt: string;
  leadUnitId: number | null;
  coUnitIds: number[];
  redoCount: number;
  version: number;
  deadlines: {
    signDueAt: string | null;
    contactDueAt: string | null;
    replyDueAt: string | null;
    autoCloseAt: string | null;
  };
  overdue: { sign: boolean; contact: boolean; reply: boolean };
  firstContact: { state: FirstContactState; at: string | null };
  closure: null | { kind: ClosureKind; at: string; remark: string | null };
  excludedFromSatisfaction: boolean;
  pendingExtension?: boolean;
  pendingExclusion?: boolean;
  allowedActions: TicketActionName[];
}

export interface TicketEvent {
  type: string;
  at: string;
  actor: { id: number; name: string } | null;
  data: Record<string, unknown>;
}

/** Records the server may add to the ticket detail beyond the contract; all optional. */
export interface ReturnRequestRecord {
  id: number;
  reason: string;
  basis?: string | null;
  verified?: string | null;
  suggestedUnitId?: number | null;
  late?: boolean;
  status?: string;
  unitId?: number;
  createdAt?: string;
}

export interface ExtensionRequestRecord {
  id: number;
  workingDays: number;
  reason: string;
  status?: string;
  unitId?: number;
  createdAt?: string;
}

export interface ExclusionRequestRecord {
  id: number;
  reasonCode: string;
  explanation: string;
  status?: string;
}

export interface ReplyRecord {
  id: number;
  round?: number;
  late?: boolean;
  content: string;
  result: ReplyResult;
  handlerName: string;
  leaderName: string;
  status?: string;
  createdAt?: string;
}

export interface ContactAttemptRecord {
  id: number;
  at: string;
  method: ContactMethod;
  outcome: ContactOutcome;
  counted?: boolean;
  note?: string | null;
}

export interface AttachmentRecord {
  id: number;
  ownerKind?: string;
  ownerId?: number | null;
  filename: string;
  mime: string;
  size: number;
  url?: string;
}

export interface FollowUpRecord {
  id: number;
  round: number;
  outcome: FollowUpOutcome;
  contacted: boolean;
  informed: boolean;
  resolved: boolean;
  decision: "redo" | "close" | null;
  note: string | null;
  at: string;
}

export interface TicketDetail extends Ticket {
  followUps?: FollowUpRecord[];
  events: TicketEvent[];
  returnRequests?: ReturnRequestRecord[];
  extensionRequests?: ExtensionRequestRecord[];
  exclusionRequests?: ExclusionRequestRecord[];
  replies?: ReplyRecord[];
  contactAttempts?: ContactAttemptRecord[];
  attachments?: AttachmentRecord[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface TicketListFilter {
  status?: string;
  unitId?: number;
  leadUnitId?: number;
  overdue?: boolean;
  q?: string;
  phone?: string;
  receivedFrom?: string;
  receivedTo?: string;
  sort?: "deadline";
  /** Wanted from the server (see report): tickets with a pending extension / exclusion request. */
  pendingExtension?: boolean;
  pendingExclusion?: boolean;
  limit?: number;
  cursor?: string;
}

export interface CreateTicketInput {
  channel: Channel;
  requester: { name?: string; phone?: string; anonymous?: boolean };
  title: string;
  content: string;
  categoryId?: number;
  address?: string;
  urgency?: Urgency;
  business?: boolean;
  receivedAt?: string;
  answeredDirectly?: boolean;
  externalRef?: string;
}

export interface RateRow {
  key: string | number;
  label?: string;
  overdue?: { sign: number; contact: number; reply: number };
  volume: number;
  firstContactRate: number | null;
  onTimeSignRate: number | null;
  onTimeReplyRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  firstTimeResolutionRate: number | null;
  redoRate: number | null;
  [extra: string]: unknown;
}

export interface RatesReport {
  formulaVersion: string | number;
  rows: RateRow[];
  total?: RateRow;
  settings?: { targets?: { firstContactRate: number; resolutionRate: number; satisfactionRate: number } };
}

export interface AppraisalRow {
  unitId: number;
  unitName?: string;
  /** null for a unit with no volume in the month: not ranked. */
  rank: number | null;
  total: number | null;
  indicators: null | {
    volume: number;
    response: number;
    firstTimeResolution: number;
    redoSatisfied: number;
    redo: number;
    hardRequests: number;
    supervision: number;
  };
}

export interface AppraisalReport {
  formulaVersion: string | number;
  rows: AppraisalRow[];
}

export interface CalendarDay {
  date: string;
  workday: boolean;
  name?: string | null;
}

export interface Notification {
  id: number;
  ticketId: number | null;
  kind: string;
  title: string;
  body: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor?: { id: number; name: string } | null;
  actorId?: number | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  data?: Record<string, unknown>;
}

export interface PolicyDoc {
  version?: number;
  name?: string;
  settings?: Record<string, unknown>;
  [k: string]: unknown;
}
