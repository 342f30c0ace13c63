/** The words of the ticket lifecycle, as in docs/RULES.md's glossary and docs/API.md. */

export const TicketStatus = {
  PendingDispatch: "pending_dispatch",
  Dispatched: "dispatched",
  Signed: "signed",
  ReturnRequested: "return_requested",
  ReplyReview: "reply_review",
  Replied: "replied",
  Closed: "closed",
} as const;
export type TicketStatus = (typeof TicketStatus)[keyof typeof TicketStatus];
export const TICKET_STATUSES = Object.values(TicketStatus);

export const TicketAction = {
  Dispatch: "dispatch",
  Sign: "sign",
  RecordContact: "record_contact",
  RequestReturn: "request_return",
  DecideReturn: "decide_return",
  RequestExtension: "request_extension",
  DecideExtension: "decide_extension",
  Reply: "reply",
  ApproveReply: "approve_reply",
  FollowUp: "follow_up",
  Redo: "redo",
  RequestExclusion: "request_exclusion",
  DecideExclusion: "decide_exclusion",
  Terminate: "terminate",
  RevealPhone: "reveal_phone",
  AutoClose: "auto_close",
  /** Rule 8: the lead unit files the progress report a special or special-urgent ticket owes (issue 13). */
  ReportProgress: "report_progress",
  /** Rule 10 (issue 18): a co-unit signs its part, and submits it (text + evidence) to the lead unit. */
  CoSign: "co_sign",
  CoSubmit: "co_submit",
  /** The unit's own desk (issue 18): the lead unit's leader assigns the ticket to a section (科室) or handler. */
  Assign: "assign",
  /** 并单 (issue 15): closed as a duplicate of another open ticket (closure kind merged). */
  Merge: "merge",
  /** Rule 3: closed before dispatch as outside the acceptance scope, citing the non-acceptance item (issue 14). */
  CloseOutOfScope: "close_out_of_scope",
} as const;
export type TicketAction = (typeof TicketAction)[keyof typeof TicketAction];
export const TICKET_ACTIONS = Object.values(TicketAction);

export const URGENCIES = ["ordinary", "urgent", "special", "special_urgent"] as const;
export type Urgency = (typeof URGENCIES)[number];

export const CHANNELS = ["phone", "web", "wechat", "app", "mailbox", "weibo", "upstream", "open311", "sms", "email"] as const;
export type Channel = (typeof CHANNELS)[number];

export const DISPATCH_MODES = ["direct", "designated", "territorial"] as const;
export type DispatchMode = (typeof DISPATCH_MODES)[number];

export const CLOSURE_KINDS = [
  "satisfied",
  "basically_satisfied",
  "auto_basically_satisfied",
  "unsatisfied_closed",
  "answered_directly",
  "terminated",
  /** Closed as a duplicate of another ticket (issue 15: 并单); the master's reply and follow-up reach its requester. */
  "merged",
  /** Closed at intake as outside the acceptance scope, citing the non-acceptance item (rule 3; counted apart in reports). */
  "out_of_scope",
] as const;
export type ClosureKind = (typeof CLOSURE_KINDS)[number];

export const FIRST_CONTACT_STATES = ["pending", "reached", "deemed_reached", "missed", "not_required"] as const;
export type FirstContactState = (typeof FIRST_CONTACT_STATES)[number];

/** A co-unit's own progress on a ticket (rule 10; table ticket_co_units). */
export const CO_UNIT_STATUSES = ["dispatched", "signed", "submitted"] as const;
export type CoUnitStatus = (typeof CO_UNIT_STATUSES)[number];

export const CONTACT_METHODS = ["phone", "visit", "sms"] as const;
export const CONTACT_OUTCOMES = ["reached", "no_answer", "busy", "hung_up", "refused"] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

export const REPLY_RESULTS = ["resolved", "explained", "unresolved"] as const;
export type ReplyResult = (typeof REPLY_RESULTS)[number];

export const FOLLOW_UP_OUTCOMES = ["satisfied", "basically_satisfied", "unsatisfied", "unreachable"] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];

/** docs/RULES.md rule 26: reasons a unit may pick instead of writing a paper each time (Beijing). */
export const EXCLUSION_REASONS = {
  beyond_policy: "诉求超出法律政策规定",
  unreasonable: "诉求不合理或无理要求",
  facts_settled: "事实已查清并依法依规处理",
  mediation_or_enforcement: "调解类或执法类诉求，依法处理",
  duplicate: "重复诉求，已答复",
  historical_issue: "历史遗留问题，已转信访渠道",
  requester_unreachable: "诉求人拒绝沟通或无法联系",
} as const;
export type ExclusionReason = keyof typeof EXCLUSION_REASONS;

/** Dotted event names of the append-only ticket_events table (the timeline). */
export const TicketEventType = {
  Created: "ticket.created",
  Dispatched: "ticket.dispatched",
  Signed: "ticket.signed",
  ContactAttempted: "ticket.contact_attempted",
  FirstContactReached: "ticket.first_contact_reached",
  ReturnRequested: "ticket.return_requested",
  ReturnApproved: "ticket.return_approved",
  ReturnRefused: "ticket.return_refused",
  ExtensionRequested: "ticket.extension_requested",
  ExtensionApproved: "ticket.extension_approved",
  ExtensionRefused: "ticket.extension_refused",
  Replied: "ticket.replied",
  ReplyApproved: "ticket.reply_approved",
  FollowedUp: "ticket.followed_up",
  Redone: "ticket.redone",
  Closed: "ticket.closed",
  ExclusionRequested: "ticket.exclusion_requested",
  ExclusionApproved: "ticket.exclusion_approved",
  ExclusionRefused: "ticket.exclusion_refused",
  Terminated: "ticket.terminated",
  PhoneRevealed: "ticket.phone_revealed",
  Warning: "ticket.deadline_warning",
  Overdue: "ticket.overdue",
  NoChangeFlagged: "ticket.no_change_flagged",
  AttachmentAdded: "ticket.attachment_added",
  /** Rule 8 (issue 13): the progress report of a special ticket. */
  ProgressReported: "ticket.progress_reported",
  /** A citizen's own rating, online or by SMS reply (issue 16), beside the center's follow-up (rule 21). */
  CitizenRated: "ticket.citizen_rated",
  CoUnitSigned: "ticket.co_unit_signed",
  CoUnitSubmitted: "ticket.co_unit_submitted",
  /** Issue 18 point 1: the sweep's marks of a co-unit's own deadline (its part not submitted). */
  CoUnitWarning: "ticket.co_unit_warning",
  CoUnitOverdue: "ticket.co_unit_overdue",
  CoUnitsAdded: "ticket.co_units_added",
  Assigned: "ticket.assigned",
  /** Issue 15: this ticket was merged into another (并单). */
  Merged: "ticket.merged",
  /** Issue 15: a ticket was linked to this one as a repeat, or merged into it (repeat_count grew). */
  RepeatLinked: "ticket.repeat_linked",
  /** Issue 15: the master of a merged ticket replied or was followed up; its requester was told too. */
  MasterUpdate: "ticket.master_update",
  /** Issue 14: closed as out of scope, citing the knowledge base's non-acceptance item. */
  ClosedOutOfScope: "ticket.closed_out_of_scope",
  /** Issue 14: dispatched to another unit than the dispatch catalogue names, with the reason (rule 11). */
  DispatchedAgainstCatalogue: "ticket.dispatched_against_catalogue",
} as const;
export type TicketEventType = (typeof TicketEventType)[keyof typeof TicketEventType];

export const ROLES = [
  "admin",
  "operator",
  "dispatcher",
  "supervisor",
  "follow_up",
  "unit_leader",
  "unit_handler",
  "viewer",
  /** 社会监督员 (rule 33): files evaluations of units; sees no ticket (issue 13). */
  "social_supervisor",
  /** 质检员 (rule 41): reviews operators' calls (issue 17). */
  "qa_reviewer",
] as const;
export type Role = (typeof ROLES)[number];
export const UNIT_ROLES: readonly Role[] = ["unit_leader", "unit_handler"];
