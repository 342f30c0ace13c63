import { type RawBuilder, sql } from "kysely";
import type { AppContext } from "../../../app-context.js";
import type { Db } from "../../../db/database.js";
import { DomainError } from "../../../domain/errors.js";
import type { Actor } from "../../../http/auth.js";
import { channelIntake } from "../channel-intake.js";
import { plainText } from "../public/public.service.js";

/**
 * Open311 GeoReport v2 over the center's data (docs/CHANNELS.md "Open311"): services are the categories, a
 * service request is a ticket (service_request_id = its number), status open|closed. What GET answers never
 * holds the requester's name or phone (phone numbers inside descriptions are masked).
 */

/** The attributes every service takes (its definition): urgency and whether a company asks (rule 5). */
export const SERVICE_ATTRIBUTES = [
  {
    variable: true,
    code: "urgency",
    datatype: "singlevaluelist",
    required: false,
    datatype_description: "紧急程度",
    order: 1,
    description: "诉求的紧急程度",
    values: [
      { key: "ordinary", name: "一般" },
      { key: "urgent", name: "紧急" },
    ],
  },
  {
    variable: true,
    code: "business",
    datatype: "singlevaluelist",
    required: false,
    datatype_description: "是否企业诉求",
    order: 2,
    description: "企业（营商环境）诉求",
    values: [
      { key: "no", name: "否" },
      { key: "yes", name: "是" },
    ],
  },
] as const;

export async function listServices(db: Db) {
  const cats = await db.selectFrom("categories as c").leftJoin("categories as p", "p.id", "c.parent_id").select(["c.id", "c.name", "p.name as parent"]).orderBy("c.id").execute();
  return cats.map((c) => ({
    service_code: String(c.id),
    service_name: c.name,
    description: c.parent ? `${c.parent} / ${c.name}` : c.name,
    metadata: true,
    type: "realtime",
    keywords: [c.parent, c.name].filter(Boolean).join(","),
    group: c.parent ?? c.name,
  }));
}

export async function serviceDefinition(db: Db, code: string) {
  const id = /^\d{1,9}$/.test(code) ? Number(code) : 0;
  const cat = id ? await db.selectFrom("categories").select("id").where("id", "=", id).executeTakeFirst() : undefined;
  if (!cat) throw new DomainError("NOT_FOUND", `service_code ${code} not found`);
  return { service_code: String(cat.id), attributes: SERVICE_ATTRIBUTES };
}

export interface Open311Post {
  service_code?: string;
  lat?: string;
  long?: string;
  address_string?: string;
  address_id?: string;
  email?: string;
  device_id?: string;
  account_id?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  description?: string;
  media_url?: string;
  attributes: Record<string, string | string[]>;
}

const bad = (field: string, message: string) => new DomainError("VALIDATION_FAILED", `${field}: ${message}`, field);

/** POST /requests: one ticket (channel open311) per call, through the channels' one intake. */
export async function createServiceRequest(ctx: AppContext, actor: Actor, p: Open311Post) {
  const id = /^\d{1,9}$/.test(p.service_code ?? "") ? Number(p.service_code) : 0;
  if (!id) throw bad("service_code", "is required: a service_code from GET services");
  const cat = await ctx.db.selectFrom("categories").select(["id", "name"]).where("id", "=", id).executeTakeFirst();
  if (!cat) throw bad("service_code", `${p.service_code} is not a service`);
  const lat = p.lat === undefined || p.lat === "" ? null : Number(p.lat);
  const long = p.long === undefined || p.long === "" ? null : Number(p.long);
  const hasPoint = lat !== null && long !== null;
  if ((lat !== null && !(lat >= -90 && lat <= 90)) || (long !== null && !(long >= -180 && long <= 180)) || (lat === null) !== (long === null)) throw bad("lat", "lat and long must come together, in WGS84 degrees");
  if (!hasPoint && !p.address_string && !p.address_id) throw bad("address_string", "a location is required: lat & long, address_string or address_id");
  const description = plainText(p.description ?? "");
  if (description.length < 2) throw bad("description", "is required");
  if (description.length > 4000) throw bad("description", "at most 4000 characters");
  const urgency = String(p.attributes.urgency ?? "ordinary");
  if (!["ordinary", "urgent"].includes(urgency)) throw bad("attribute[urgency]", "ordinary or urgent");
  const business = String(p.attributes.business ?? "no") === "yes";
  const name = [p.last_name, p.first_name].filter(Boolean).join("").trim() || null;
  const phone = p.phone && /^[0-9+\-() ]{5,20}$/.test(p.phone) ? p.phone : null;
  if (p.phone && !phone) throw bad("phone", "a phone number");
  const { ticket } = await channelIntake(ctx, actor, {
    channel: "open311",
    requester: { name: name?.slice(0, 100) ?? null, phone, anonymous: !name && !phone },
    title: `${cat.name}：${description.slice(0, 40)}`.slice(0, 200),
    content: description,
    categoryId: cat.id,
    address: p.address_string ? plainText(p.address_string).slice(0, 500) : null,
    urgency: urgency as "ordinary" | "urgent",
    business,
  });
  await ctx.db
    .insertInto("open311_requests")
    .values({ ticket_id: ticket.id, service_code: String(cat.id), lat, long, address_id: p.address_id ?? null, media_url: p.media_url ?? null, attributes: JSON.stringify(p.attributes) })
    .onConflict((oc) => oc.column("ticket_id").doNothing())
    .execute();
  return [{ service_request_id: ticket.number, service_notice: "已受理，将按时限办理", account_id: p.account_id ?? null }];
}

export interface RequestFilter {
  ids?: string[];
  serviceCodes?: number[];
  start?: Date;
  end?: Date;
  status?: "open" | "closed";
  page: number;
  pageSize: number;
  notes: boolean;
}

const STATUS_NOTES: Record<string, string> = {
  pending_dispatch: "已受理，待派单",
  dispatched: "已派单，待签收",
  signed: "办理中",
  return_requested: "办理中",
  reply_review: "办理中",
  replied: "已答复，待回访",
  closed: "已办结",
};

/** A timestamp as JavaScript's toISOString writes it (UTC, milliseconds, Z). */
const iso = (col: RawBuilder<unknown>) => sql`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** maskPhonesInText in SQL: a mobile number inside free text → 138****5678 (the same pattern, digit-bounded). */
const masked = (col: RawBuilder<unknown>) => sql`regexp_replace(${col}, '(^|[^0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])', '\\1\\2****\\3', 'g')`;
const caseOf = (col: RawBuilder<unknown>, map: Record<string, string>) =>
  sql`CASE ${col} ${sql.join(Object.entries(map).map(([k, v]) => sql`WHEN ${sql.lit(k)} THEN ${sql.lit(v)}`), sql` `)} ELSE NULL END`;

/**
 * GET /requests: by ids, or filtered (service_code, start/end on the request time, status), newest first;
 * without ids or dates the last 90 days; at most 1,000 (page_size), page by page. The answer's JSON text is
 * built by the database in one statement (json_agg over the page; the notes extension aggregated per ticket
 * from one scan of the page's events), so a 1,000-request page costs the server no row parsing: docs/CHANNELS.md
 * "Speed". Descriptions and closure remarks have mobile numbers masked there too.
 */
export async function findServiceRequestsJson(db: Db, f: RequestFilter, now: Date): Promise<string> {
  const where = [sql`t.category_id IS NOT NULL`, sql`t.merged_into IS NULL`];
  if (f.ids?.length) where.push(sql`t.number IN (${sql.join(f.ids)})`);
  else {
    const end = f.end ?? now;
    const start = f.start ?? new Date((f.end ?? now).getTime() - 90 * 86_400_000);
    where.push(sql`t.received_at >= ${start}`, sql`t.received_at <= ${end}`);
  }
  if (f.serviceCodes?.length) where.push(sql`t.category_id IN (${sql.join(f.serviceCodes)})`);
  if (f.status === "closed") where.push(sql`t.status = 'closed'`);
  if (f.status === "open") where.push(sql`t.status <> 'closed'`);
  const notesCte = f.notes
    ? sql`, notes AS (
        SELECT e.ticket_id, json_agg(json_build_object('datetime', ${iso(sql.ref("e.at"))}, 'summary', ${caseOf(sql.ref("e.type"), NOTE_OF)}, 'type', replace(e.type, 'ticket.', '')) ORDER BY e.id) AS list
        FROM ticket_events e
        WHERE e.ticket_id IN (SELECT id FROM page) AND e.type IN (${sql.join(Object.keys(NOTE_OF))})
        GROUP BY e.ticket_id)`
    : sql``;
  const notesCol = f.notes ? sql`, 'notes', coalesce(n.list, '[]'::json)` : sql``;
  const notesJoin = f.notes ? sql`LEFT JOIN notes n ON n.ticket_id = p.id` : sql``;
  const r = await sql<{ body: string }>`
    WITH page AS (
      SELECT t.id, t.number, t.status, t.content, t.category_id, t.lead_unit_id, t.received_at, t.reply_due_at, t.address, t.closure_remark,
        greatest(t.received_at, t.dispatched_at, t.signed_at, t.replied_at, t.closed_at) AS updated_at
      FROM tickets t
      WHERE ${sql.join(where, sql` AND `)}
      ORDER BY t.received_at DESC, t.id DESC
      LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}
    )${notesCte}
    SELECT coalesce(json_agg(json_build_object(
      'service_request_id', p.number,
      'status', CASE WHEN p.status = 'closed' THEN 'closed' ELSE 'open' END,
      'status_notes', CASE WHEN p.status = 'closed' AND p.closure_remark IS NOT NULL THEN ${masked(sql.ref("p.closure_remark"))} ELSE ${caseOf(sql.ref("p.status"), STATUS_NOTES)} END,
      'service_name', c.name,
      'service_code', p.category_id::text,
      'description', left(${masked(sql.ref("p.content"))}, 4000),
      'agency_responsible', u.name,
      'service_notice', NULL,
      'requested_datetime', ${iso(sql.ref("p.received_at"))},
      'updated_datetime', ${iso(sql.ref("p.updated_at"))},
      'expected_datetime', ${iso(sql.ref("p.reply_due_at"))},
      'address', p.address,
      'address_id', o.address_id,
      'zipcode', NULL,
      'lat', o.lat,
      'long', o.long,
      'media_url', o.media_url${notesCol}
    ) ORDER BY p.received_at DESC, p.id DESC), '[]'::json)::text AS body
    FROM page p
    LEFT JOIN categories c ON c.id = p.category_id
    LEFT JOIN units u ON u.id = p.lead_unit_id
    LEFT JOIN open311_requests o ON o.ticket_id = p.id
    ${notesJoin}`.execute(db);
  return r.rows[0]?.body ?? "[]";
}

export type ServiceRequestView = {
  service_request_id: string;
  status: "open" | "closed";
  status_notes: string | null;
  service_name: string | null;
  service_code: string;
  description: string;
  agency_responsible: string | null;
  service_notice: null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
  notes?: Array<{ datetime: string; summary: string; type: string }>;
};

/** The same answer as objects (the XML format, one request, tokens). */
export async function findServiceRequests(db: Db, f: RequestFilter, now: Date): Promise<ServiceRequestView[]> {
  return JSON.parse(await findServiceRequestsJson(db, f, now)) as ServiceRequestView[];
}

/** The common `notes` extension: the public steps of each request's history (no internal text). */
const NOTE_OF: Record<string, string> = {
  "ticket.created": "已受理",
  "ticket.dispatched": "已派单",
  "ticket.signed": "已签收",
  "ticket.replied": "已答复",
  "ticket.redone": "重新办理",
  "ticket.closed": "已办结",
};
