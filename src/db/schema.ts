import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** Kysely's view of the tables in src/db/migrations. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json = ColumnType<Record<string, unknown>, string | Record<string, unknown>, string | Record<string, unknown>>;

export interface UnitsTable {
  id: Generated<number>;
  name: string;
  kind: "center" | "department" | "town" | "section";
  parent_id: number | null;
  region: string | null;
  /** false: disabled (migration 0060) — kept for history, not offered for new work. */
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  password_hash: string;
  name: string;
  roles: string[];
  unit_id: number | null;
  phone: string | null;
  active: Generated<boolean>;
  /** Set by an admin: the user must choose a new password before anything else (migration 0020). */
  must_change_password: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface CategoriesTable {
  id: Generated<number>;
  name: string;
  parent_id: number | null;
  /** false: disabled (migration 0060). */
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface PoliciesTable {
  version: Generated<number>;
  name: string;
  settings: Json;
  created_at: Timestamp;
  created_by: number | null;
}

export interface CalendarOverridesTable {
  date: ColumnType<string, string, string>;
  workday: boolean;
  name: string | null;
  updated_at: Timestamp;
  updated_by: number | null;
}

export interface TicketsTable {
  id: Generated<number>;
  number: string;
  status: string;
  urgency: string;
  channel: string;
  title: string;
  content: string;
  business: Generated<boolean>;
  requester_name: string | null;
  requester_phone: string | null;
  anonymous: Generated<boolean>;
  category_id: number | null;
  address: string | null;
  external_ref: string | null;
  idempotency_key: string | null;
  /** SHA-256 of the canonical body the key was first sent with (null for tickets before migration 0019). */
  idempotency_hash: Generated<string | null>;
  received_at: Timestamp;
  created_at: Timestamp;
  created_by: number | null;
  lead_unit_id: number | null;
  co_unit_ids: Generated<number[]>;
  dispatch_mode: string | null;
  dispatched_at: Timestamp | null;
  signed_at: Timestamp | null;
  replied_at: Timestamp | null;
  closed_at: Timestamp | null;
  closure_kind: string | null;
  closure_remark: string | null;
  redo_count: Generated<number>;
  version: Generated<number>;
  policy_version: number | null;
  resume_status: string | null;
  deadline_cycle: Generated<number>;
  sign_due_at: Timestamp | null;
  contact_due_at: Timestamp | null;
  reply_due_at: Timestamp | null;
  progress_due_at: Timestamp | null;
  auto_close_at: Timestamp | null;
  next_due_at: Timestamp | null;
  sign_overdue: Generated<boolean>;
  contact_overdue: Generated<boolean>;
  reply_overdue: Generated<boolean>;
  first_contact_state: Generated<string>;
  first_contact_at: Timestamp | null;
  excluded_from_satisfaction: Generated<boolean>;
  pending_extension: Generated<boolean>;
  pending_exclusion: Generated<boolean>;
  no_change_streak: Generated<number>;
  flagged_no_change: Generated<boolean>;
  /** The open ticket this one repeats (issue 15), or null. */
  repeat_of: number | null;
  /** Tickets linked to this one as repeats or merged into it. */
  repeat_count: Generated<number>;
  /** The ticket this one was merged into (closure kind merged), or null. */
  merged_into: number | null;
  /** 0055: the section (科室) and handler the lead unit assigned the ticket to (docs/WORKDAY.md). */
  assigned_section_id: number | null;
  assigned_user_id: number | null;
  assigned_at: Timestamp | null;
}

/** 0055: one co-unit of a ticket (rule 10): its sign, its part for the lead unit and its own deadline. */
export interface TicketCoUnitsTable {
  id: Generated<number>;
  ticket_id: number;
  unit_id: number;
  cycle: Generated<number>;
  /** dispatched → signed → submitted */
  status: Generated<string>;
  dispatched_at: Timestamp;
  due_at: Timestamp | null;
  signed_at: Timestamp | null;
  signed_by: number | null;
  sign_late: Generated<boolean>;
  content: string | null;
  submitted_at: Timestamp | null;
  submitted_by: number | null;
  late: Generated<boolean>;
  /** 0071: the co-unit's next deadline mark for the sweep (warning, then overdue); null when none is owed. */
  next_mark_at: Timestamp | null;
  warned_at: Timestamp | null;
  overdue_at: Timestamp | null;
}

/** 0055: reply templates per category, maintained by admins; placeholders like {诉求人} are filled by the handler. */
export interface ReplyTemplatesTable {
  id: Generated<number>;
  category_id: number | null;
  title: string;
  body: string;
  active: Generated<boolean>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TicketEventsTable {
  id: Generated<number>;
  ticket_id: number;
  type: string;
  at: Timestamp;
  actor_id: number | null;
  unit_id: number | null;
  data: Json;
}

export interface ContactAttemptsTable {
  id: Generated<number>;
  ticket_id: number;
  unit_id: number | null;
  at: Timestamp;
  method: string;
  outcome: string;
  counted: boolean;
  note: string | null;
  actor_id: number | null;
  created_at: Timestamp;
}

export interface ReturnRequestsTable {
  id: Generated<number>;
  ticket_id: number;
  unit_id: number;
  reason: string;
  basis: string | null;
  verified: string | null;
  suggested_unit_id: number | null;
  late: boolean;
  status: Generated<string>;
  decision_note: string | null;
  decided_by: number | null;
  decided_at: Timestamp | null;
  actor_id: number | null;
  created_at: Timestamp;
}

export interface ExtensionRequestsTable {
  id: Generated<number>;
  ticket_id: number;
  unit_id: number;
  working_days: number;
  reason: string;
  status: Generated<string>;
  granted_days: number | null;
  decided_by: number | null;
  decided_at: Timestamp | null;
  actor_id: number | null;
  created_at: Timestamp;
}

export interface RepliesTable {
  id: Generated<number>;
  ticket_id: number;
  unit_id: number;
  round: number;
  content: string;
  result: string;
  handler_name: string;
  leader_name: string;
  status: string;
  approved_by: number | null;
  approved_at: Timestamp | null;
  late: Generated<boolean>;
  actor_id: number | null;
  created_at: Timestamp;
}

export interface FollowUpsTable {
  id: Generated<number>;
  ticket_id: number;
  round: number;
  outcome: string;
  contacted: boolean;
  informed: boolean;
  resolved: boolean;
  decision: string | null;
  note: string | null;
  actor_id: number | null;
  at: Timestamp;
}

export interface ExclusionRequestsTable {
  id: Generated<number>;
  ticket_id: number;
  unit_id: number | null;
  reason_code: string;
  explanation: string;
  status: Generated<string>;
  decided_by: number | null;
  decided_at: Timestamp | null;
  actor_id: number | null;
  created_at: Timestamp;
}

export interface AttachmentsTable {
  id: Generated<number>;
  ticket_id: number;
  owner_kind: string;
  owner_id: number | null;
  filename: string;
  mime: string;
  size: number;
  storage_key: string;
  uploaded_by: number | null;
  created_at: Timestamp;
}

export interface DeadlineMarksTable {
  ticket_id: number;
  deadline: string;
  kind: string;
  cycle: number;
  at: Timestamp;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  ticket_id: number | null;
  kind: string;
  title: string;
  body: string | null;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_id: number | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  data: Json;
}

export interface MigrationsTable {
  name: string;
  applied_at: Generated<Date>;
}

export interface DB {
  units: UnitsTable;
  users: UsersTable;
  sessions: SessionsTable;
  categories: CategoriesTable;
  policies: PoliciesTable;
  calendar_overrides: CalendarOverridesTable;
  tickets: TicketsTable;
  ticket_co_units: TicketCoUnitsTable;
  reply_templates: ReplyTemplatesTable;
  ticket_events: TicketEventsTable;
  contact_attempts: ContactAttemptsTable;
  return_requests: ReturnRequestsTable;
  extension_requests: ExtensionRequestsTable;
  replies: RepliesTable;
  follow_ups: FollowUpsTable;
  exclusion_requests: ExclusionRequestsTable;
  attachments: AttachmentsTable;
  deadline_marks: DeadlineMarksTable;
  notifications: NotificationsTable;
  audit_log: AuditLogTable;
  huying_migrations: MigrationsTable;
  outbox: OutboxTable;
  api_keys: ApiKeysTable;
}

export type TicketRow = Selectable<TicketsTable>;
export type NewTicket = Insertable<TicketsTable>;
export type TicketUpdate = Updateable<TicketsTable>;
export type UserRow = Selectable<UsersTable>;
export type UnitRow = Selectable<UnitsTable>;

// 0003-appraisal-entries: what the center enters for the Linshu appraisal (docs/METRICS.md).
export interface AppraisalEntriesTable {
  id: Generated<number>;
  month: string;
  unit_id: number;
  kind: string;
  count: Generated<number>;
  ticket_id: number | null;
  note: string | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface AppraisalTiersTable {
  month: string;
  unit_id: number;
  tier: number;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface AppraisalYearEndTable {
  year: number;
  unit_id: number;
  office: number;
  knowledge_base: number;
  provincial_on_time: number;
  provincial_satisfaction: number;
  follow_through: number;
  sign_off: number;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface DB {
  appraisal_entries: AppraisalEntriesTable;
  appraisal_tiers: AppraisalTiersTable;
  appraisal_year_end: AppraisalYearEndTable;
}

// 0004-ticket-texts: the searchable text of a ticket (title and content), trigram-indexed.
export interface TicketTextsTable {
  ticket_id: number;
  body: string;
}

export interface DB {
  ticket_texts: TicketTextsTable;
}

// 0013-outbox: messages that leave the process, delivered after commit (src/modules/outbox).
export interface OutboxTable {
  id: Generated<number>;
  idempotency_id: string;
  kind: string;
  payload: Json;
  status: Generated<"pending" | "delivered" | "dead">;
  attempts: Generated<number>;
  max_attempts: number;
  next_attempt_at: Timestamp;
  locked_until: Timestamp | null;
  claim_token: string | null;
  last_error: string | null;
  created_at: Timestamp;
  delivered_at: Timestamp | null;
}
export type OutboxRow = Selectable<OutboxTable>;

// 0014-api-keys: service accounts (src/modules/api-keys).
export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  scopes: string[];
  key_hash: string;
  key_prefix: string;
  user_id: number;
  created_by: number | null;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  revoked_by: number | null;
}
export type ApiKeyRow = Selectable<ApiKeysTable>;

// 0015-audit-chain: wall-clock time and the hash chain, set by the insert trigger (never by the caller).
export interface AuditLogTable {
  recorded_at: ColumnType<Date, Date | string | undefined, Date | string>;
  seq: Generated<number>;
  prev_hash: Generated<string>;
  hash: Generated<string>;
}

export interface AuditChainHeadTable {
  id: number;
  seq: number;
  hash: string;
}

// 0016-data-lifecycle: markers (demo seed), retention's anonymisation time.
export interface HuyingMarkersTable {
  name: string;
  value: string;
  at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface TicketsTable {
  anonymised_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface DB {
  audit_chain_head: AuditChainHeadTable;
  huying_markers: HuyingMarkersTable;
}

// 0021-review-requests: every "request → review → decision" record (src/modules/reviews).
export interface ReviewRequestsTable {
  /** Per kind: the primary key is (kind, id); one sequence, started past the ids of the old tables. */
  id: Generated<number>;
  kind: string;
  ticket_id: number;
  unit_id: number | null;
  payload: Json;
  status: Generated<"pending" | "approved" | "refused" | "withdrawn">;
  requested_by: number | null;
  requested_at: Timestamp;
  decided_by: number | null;
  decided_at: Timestamp | null;
  decision: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  late: boolean | null;
}
export type ReviewRequestRow = Selectable<ReviewRequestsTable>;

export interface DB {
  review_requests: ReviewRequestsTable;
}

// 0050-call-center: call records, settings, quality inspection, training (docs/CALL-CENTER.md).
export interface CallsTable {
  id: Generated<number>;
  external_id: string;
  started_at: Timestamp;
  answered_at: Timestamp | null;
  ended_at: Timestamp;
  operator_id: number | null;
  ticket_id: number | null;
  transferred: Generated<boolean>;
  recording_url: string | null;
  created_at: Generated<Date>;
}
export interface CallCenterSettingsTable {
  id: number;
  settings: Json;
  updated_at: Timestamp;
  updated_by: number | null;
}
export interface QaSamplesTable {
  id: Generated<number>;
  month: string;
  call_id: number;
  operator_id: number;
  shift: string;
  seed: string;
  created_at: Timestamp;
  created_by: number | null;
}
export interface QaReviewsTable {
  id: Generated<number>;
  call_id: number;
  operator_id: number;
  reviewer_id: number;
  month: string;
  scores: Json;
  total: number;
  passed: boolean;
  comment: string | null;
  call_started_at: Timestamp;
  created_at: Timestamp;
}
export interface TrainingRecordsTable {
  id: Generated<number>;
  operator_id: number;
  kind: "induction" | "monthly" | "weekly";
  title: string;
  date: ColumnType<string, string, string>;
  days: Generated<number>;
  attended: boolean;
  note: string | null;
  created_at: Timestamp;
  created_by: number | null;
}
export interface DB {
  calls: CallsTable;
  call_center_settings: CallCenterSettingsTable;
  qa_samples: QaSamplesTable;
  qa_reviews: QaReviewsTable;
  training_records: TrainingRecordsTable;
}
export type CallRow = Selectable<CallsTable>;
// 0030-supervision: 督办 (issue 13, docs/SUPERVISION.md).
export interface UnitsTable {
  /** [{name, role: "principal"|"supervising"|…, title, phone}] (rule 28: notices go to these leaders). */
  leader_contacts: ColumnType<unknown[], string | undefined, string>;
}
export interface TicketsTable {
  progress_overdue: Generated<boolean>;
}
export interface SupervisionAlertsTable {
  id: Generated<number>;
  kind: string;
  condition_key: string;
  unit_id: number | null;
  ticket_ids: number[];
  count: number;
  severity: "prompt" | "warning";
  label: string;
  detected_at: Timestamp;
  status: Generated<"open" | "handled">;
  handled_at: Timestamp | null;
  handled_by: number | null;
  handled_note: string | null;
}
export interface SupervisionNoticesTable {
  id: Generated<number>;
  number: string;
  kind: "prompt" | "warning";
  form: "sms" | "letter";
  unit_id: number;
  alert_ids: number[];
  ticket_ids: number[];
  content: string;
  status: Generated<"open" | "answered" | "overdue">;
  due_at: Timestamp;
  issued_by: number | null;
  issued_at: Timestamp;
  response: string | null;
  responded_by: number | null;
  responded_at: Timestamp | null;
}
export interface SupervisionOrdersTable {
  id: Generated<number>;
  number: string;
  ticket_id: number;
  unit_id: number;
  form: string;
  source: string;
  requirement: string;
  requirement_hash: string;
  due_working_days: number;
  due_at: Timestamp;
  status: Generated<"open" | "answered" | "overdue" | "closed">;
  created_by: number | null;
  created_at: Timestamp;
  response: string | null;
  responded_by: number | null;
  responded_at: Timestamp | null;
  closed_by: number | null;
  closed_at: Timestamp | null;
  closing_note: string | null;
}
export interface SupervisionSpecialReportsTable {
  id: Generated<number>;
  week_of: ColumnType<string, string, string>;
  sections: Json;
  created_by: number | null;
  created_at: Timestamp;
}
export interface SupervisionTalksTable {
  id: Generated<number>;
  unit_id: number;
  reasons: string[];
  at: Timestamp;
  participants: string[];
  minutes: string | null;
  rectification_due_at: Timestamp | null;
  status: Generated<"open" | "rectified" | "overdue">;
  created_by: number | null;
  created_at: Timestamp;
}
export interface SupervisionEvaluationsTable {
  id: Generated<number>;
  unit_id: number;
  score: number;
  comment: string | null;
  evaluator_id: number;
  created_at: Timestamp;
}
export type SupervisionAlertRow = Selectable<SupervisionAlertsTable>;
export type SupervisionNoticeRow = Selectable<SupervisionNoticesTable>;
export type SupervisionOrderRow = Selectable<SupervisionOrdersTable>;
export type SupervisionTalkRow = Selectable<SupervisionTalksTable>;
export interface DB {
  supervision_alerts: SupervisionAlertsTable;
  supervision_notices: SupervisionNoticesTable;
  supervision_orders: SupervisionOrdersTable;
  supervision_special_reports: SupervisionSpecialReportsTable;
  supervision_talks: SupervisionTalksTable;
  supervision_evaluations: SupervisionEvaluationsTable;
}
// 0045-channels (issue 16, docs/CHANNELS.md): query codes, citizen ratings, Open311 details, the upstream
// replay guard, the public form's counters and captchas, SMS rating requests.
export interface PublicAccessTable {
  ticket_id: number;
  code_hash: string;
  created_at: Timestamp;
}
export interface CitizenRatingsTable {
  id: Generated<number>;
  ticket_id: number;
  source: string;
  outcome: string;
  comment: string | null;
  at: Timestamp;
}
export interface Open311RequestsTable {
  ticket_id: number;
  service_code: string;
  lat: number | null;
  long: number | null;
  address_id: string | null;
  media_url: string | null;
  attributes: Json;
}
export interface UpstreamSignaturesTable {
  signature: string;
  at: Timestamp;
}
export interface PublicSubmissionsTable {
  client_hash: string;
  day: string;
  count: Generated<number>;
}
export interface PublicCaptchasTable {
  id: string;
  answer_hash: string;
  expires_at: Timestamp;
}
export interface SmsRatingRequestsTable {
  id: Generated<number>;
  ticket_id: number;
  phone_hash: string;
  sent_at: Timestamp;
  answered_at: Timestamp | null;
}
export interface TicketsTable {
  /** 市长信箱 / 书记信箱 / 企业信箱 for channel mailbox (0045). */
  mailbox: string | null;
  /** The citizen asked for SMS notices (number at intake, reply, closure). */
  citizen_sms: Generated<boolean>;
}
export interface UnitsTable {
  /** The unit's duty phone: urgent dispatches are texted to it (0045). */
  duty_phone: string | null;
}
export interface DB {
  public_access: PublicAccessTable;
  citizen_ratings: CitizenRatingsTable;
  open311_requests: Open311RequestsTable;
  upstream_signatures: UpstreamSignaturesTable;
  public_submissions: PublicSubmissionsTable;
  public_captchas: PublicCaptchasTable;
  sms_rating_requests: SmsRatingRequestsTable;
}
// 0040-suggestions: suggestion models and ticket terms (issue 15, src/modules/suggestions).
export interface SuggestionModelsTable {
  version: Generated<number>;
  trained_at: Timestamp;
  trained_by: number | null;
  examples: number;
  duration_ms: number;
  evaluation: Json;
  category_model: Uint8Array | null;
  unit_model: Uint8Array | null;
}
export type SuggestionModelRow = Selectable<SuggestionModelsTable>;

export interface TicketTermsTable {
  ticket_id: number;
  terms: string[];
  address_key: string | null;
}

export interface DB {
  suggestion_models: SuggestionModelsTable;
  ticket_terms: TicketTermsTable;
}
// 0035-knowledge: the knowledge base, acceptance scope and dispatch catalogue (src/modules/knowledge, docs/KNOWLEDGE.md).
type JsonArray<T> = ColumnType<T[], string | T[], string | T[]>;
type DateCol = ColumnType<string | null, string | null | undefined, string | null>;
export interface KnowledgeEntriesTable {
  id: Generated<number>;
  kind: string;
  scope_type: string | null;
  status: Generated<"draft" | "published" | "retired">;
  version: Generated<number>;
  live_version: Generated<number>;
  pending_version: number | null;
  title: string;
  body: string;
  body_text: string;
  answer: string | null;
  category_id: number | null;
  unit_id: number | null;
  tags: JsonArray<string>;
  valid_from: DateCol;
  valid_to: DateCol;
  source_name: string | null;
  source_key: string | null;
  use_count: Generated<number>;
  last_used_at: Timestamp | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: Timestamp | null;
  published_by: number | null;
  expiry_flagged: Generated<boolean>;
}
export type KnowledgeEntryRow = Selectable<KnowledgeEntriesTable>;
export interface KnowledgeVersionsTable {
  entry_id: number;
  version: number;
  kind: string;
  scope_type: string | null;
  title: string;
  body: string;
  answer: string | null;
  category_id: number | null;
  unit_id: number | null;
  tags: JsonArray<string>;
  valid_from: DateCol;
  valid_to: DateCol;
  note: string | null;
  created_by: number | null;
  created_at: Timestamp;
}
export type KnowledgeVersionRow = Selectable<KnowledgeVersionsTable>;
export interface KnowledgePostingsTable {
  term: string;
  entry_id: number;
  tt: number;
  tg: number;
  tb: number;
  lt: number;
  lg: number;
  lb: number;
  /** BM25F weighted frequency at write time: the order a query reads a word's postings (migration 0073). */
  imp: Generated<number>;
}
export interface KnowledgeDfTable {
  term: string;
  df: number;
  sum_lt: Generated<string | number>;
  sum_lg: Generated<string | number>;
  sum_lb: Generated<string | number>;
}
export interface KnowledgeSynonymsTable {
  id: Generated<number>;
  words: JsonArray<string>;
  created_by: number | null;
  created_at: Timestamp;
}
export interface KnowledgeReviewsTable {
  id: Generated<number>;
  entry_id: number;
  kind: "publish" | "expiry";
  version: number;
  unit_id: number | null;
  status: Generated<"pending" | "approved" | "refused" | "withdrawn">;
  requested_by: number | null;
  requested_at: Timestamp;
  decided_by: number | null;
  decided_at: Timestamp | null;
  note: string | null;
}
export type KnowledgeReviewRow = Selectable<KnowledgeReviewsTable>;
export interface KnowledgeUsageTable {
  id: Generated<number>;
  entry_id: number;
  ticket_id: number | null;
  used_by: number | null;
  used_at: Timestamp;
}
export interface DispatchCatalogueTable {
  id: Generated<number>;
  version: Generated<number>;
  status: Generated<"active" | "retired">;
  category_id: number;
  area_keywords: JsonArray<string>;
  town_unit_id: number | null;
  lead_unit_id: number;
  co_unit_ids: JsonArray<number>;
  duty_text: string;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export type CatalogueRow = Selectable<DispatchCatalogueTable>;
export interface DispatchCatalogueVersionsTable {
  item_id: number;
  version: number;
  status: string;
  category_id: number;
  area_keywords: JsonArray<string>;
  town_unit_id: number | null;
  lead_unit_id: number;
  co_unit_ids: JsonArray<number>;
  duty_text: string;
  created_by: number | null;
  created_at: Timestamp;
}

export interface DB {
  knowledge_entries: KnowledgeEntriesTable;
  knowledge_versions: KnowledgeVersionsTable;
  knowledge_postings: KnowledgePostingsTable;
  knowledge_df: KnowledgeDfTable;
  knowledge_synonyms: KnowledgeSynonymsTable;
  knowledge_reviews: KnowledgeReviewsTable;
  knowledge_usage: KnowledgeUsageTable;
  dispatch_catalogue: DispatchCatalogueTable;
  dispatch_catalogue_versions: DispatchCatalogueVersionsTable;
}
