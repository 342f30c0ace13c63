import { sql } from "kysely";
import type { AppContext } from "../../../app-context.js";
import type { Db } from "../../../db/database.js";
import { DomainError } from "../../../domain/errors.js";
import type { Actor } from "../../../http/auth.js";
import { channelIntake } from "../channel-intake.js";
import { maskPhonesInText } from "../channel.types.js";
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

type Row = {
  id: number;
  number: string;
  status: string;
  content: string;
  category_id: number | null;
  service_name: string | null;
  agency: string | null;
  received_at: Date;
  updated_at: Date;
  reply_due_at: Date | null;
  address: string | null;
  closure_remark: string | null;
  closure_kind: string | null;
  lat: number | null;
  long: number | null;
  address_id: string | null;
  media_url: string | null;
};

const STATUS_NOTES: Record<string, string> = {
  pending_dispatch: "已受理，待派单",
  dispatched: "已派单，待签收",
  signed: "办理中",
  return_requested: "办理中",
  reply_review: "办理中",
  replied: "已答复，待回访",
  closed: "已办结",
};

/**
 * GET /requests: by ids, or filtered (service_code, start/end on the request time, status), newest first;
 * without ids or dates the last 90 days; at most 1,000 (page_size), page by page.
 */
export async function findServiceRequests(db: Db, f: RequestFilter, now: Date) {
  let q = db
    .selectFrom("tickets as t")
    .leftJoin("categories as c", "c.id", "t.category_id")
    .leftJoin("units as u", "u.id", "t.lead_unit_id")
    .leftJoin("open311_requests as o", "o.ticket_id", "t.id")
    .select([
      "t.id",
      "t.number",
      "t.status",
      "t.content",
      "t.category_id",
      "c.name as service_name",
      "u.name as agency",
      "t.received_at",
      sql<Date>`greatest(t.received_at, t.dispatched_at, t.signed_at, t.replied_at, t.closed_at)`.as("updated_at"),
      "t.reply_due_at",
      "t.address",
      "t.closure_remark",
      "t.closure_kind",
      "o.lat",
      "o.long",
      "o.address_id",
      "o.media_url",
    ])
    .where("t.category_id", "is not", null)
    .where("t.merged_into", "is", null);
  if (f.ids?.length) q = q.where("t.number", "in", f.ids);
  else {
    const end = f.end ?? now;
    const start = f.start ?? new Date((f.end ?? now).getTime() - 90 * 86_400_000);
    q = q.where("t.received_at", ">=", start).where("t.received_at", "<=", end);
  }
  if (f.serviceCodes?.length) q = q.where("t.category_id", "in", f.serviceCodes);
  if (f.status === "closed") q = q.where("t.status", "=", "closed");
  if (f.status === "open") q = q.where("t.status", "<>", "closed");
  const rows = (await q.orderBy("t.received_at", "desc").orderBy("t.id", "desc").limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute()) as Row[];
  const notes = f.notes && rows.length ? await notesOf(db, rows.map((r) => r.id)) : new Map<number, Array<{ datetime: string; summary: string; type: string }>>();
  return rows.map((r) => ({
    service_request_id: r.number,
    status: r.status === "closed" ? "closed" : "open",
    status_notes: r.status === "closed" && r.closure_remark ? maskPhonesInText(r.closure_remark) : STATUS_NOTES[r.status] ?? null,
    service_name: r.service_name,
    service_code: String(r.category_id),
    description: maskPhonesInText(r.content).slice(0, 4000),
    agency_responsible: r.agency,
    service_notice: null,
    requested_datetime: r.received_at.toISOString(),
    updated_datetime: new Date(r.updated_at).toISOString(),
    expected_datetime: r.reply_due_at ? r.reply_due_at.toISOString() : null,
    address: r.address,
    address_id: r.address_id,
    zipcode: null,
    lat: r.lat,
    long: r.long,
    media_url: r.media_url,
    ...(f.notes ? { notes: notes.get(r.id) ?? [] } : {}),
  }));
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
async function notesOf(db: Db, ids: number[]) {
  const events = await db.selectFrom("ticket_events").select(["ticket_id", "type", "at"]).where("ticket_id", "in", ids).where("type", "in", Object.keys(NOTE_OF)).orderBy("id").execute();
  const out = new Map<number, Array<{ datetime: string; summary: string; type: string }>>();
  for (const e of events) {
    const list = out.get(e.ticket_id) ?? [];
    list.push({ datetime: e.at.toISOString(), summary: NOTE_OF[e.type]!, type: e.type.replace("ticket.", "") });
    out.set(e.ticket_id, list);
  }
  return out;
}
