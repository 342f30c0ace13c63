import { isIP } from "node:net";
import type { AppContext } from "../app-context.js";
import type { Config } from "../config.js";
import type { Db } from "../db/database.js";
import { SettableClock } from "../clock.js";
import type { Actor } from "../http/auth.js";
import type { Role } from "../domain/ticket/ticket.types.js";
import { hashPassword } from "../modules/auth/password.js";
import type { TicketDeps } from "../modules/tickets/ticket-action.js";
import { createTicket, type CreateTicketInput } from "../modules/tickets/use-cases/create-ticket.js";
import { dispatchTicket } from "../modules/tickets/use-cases/dispatch-ticket.js";
import { recordContactAttempt } from "../modules/tickets/use-cases/record-contact-attempt.js";
import { recordFollowUp } from "../modules/tickets/use-cases/record-follow-up.js";
import { replyTicket } from "../modules/tickets/use-cases/reply-ticket.js";
import { requestReturn } from "../modules/tickets/use-cases/request-return.js";
import { signTicket } from "../modules/tickets/use-cases/sign-ticket.js";

export const DEMO_PASSWORD = "huying-demo";

const UNITS = [
  { key: "zjj", name: "市住房和城乡建设局", kind: "department" },
  { key: "sjj", name: "市市场监督管理局", kind: "department" },
  { key: "hbj", name: "市生态环境局", kind: "department" },
  { key: "jtj", name: "市交通运输局", kind: "department" },
  { key: "rsj", name: "市人力资源和社会保障局", kind: "department" },
  { key: "cgj", name: "市城市管理局", kind: "department" },
  { key: "cgjd", name: "城关街道", kind: "town", region: "城关片区" },
  { key: "dcjd", name: "东城街道", kind: "town", region: "东城片区" },
  { key: "xhz", name: "西湖镇", kind: "town", region: "西部片区" },
] as const;

const CATEGORIES: Record<string, string[]> = {
  城乡建设: ["物业管理", "住房保障", "建筑施工"],
  市场监管: ["食品安全", "价格投诉", "消费维权"],
  环境保护: ["噪音污染", "大气污染", "水污染"],
  交通运输: ["公交运营", "出租车", "道路养护"],
  劳动和社会保障: ["工资拖欠", "社会保险", "就业服务"],
  城市管理: ["占道经营", "违章建筑", "市容环境"],
};

/**
 * Demo requests written for the demo (not taken from any real data set), each left at a stage:
 * 0 waiting for dispatch, 1 waiting for sign, 2 handling, 3 replied (waiting for follow-up), 4 closed,
 * 5 return requested. The named demo units (住建局, 城关街道) get one of most stages.
 */
const REQUESTS: Array<{ title: string; content: string; unit: string; category: [string, string]; stage: 0 | 1 | 2 | 3 | 4 | 5; urgency?: CreateTicketInput["urgency"]; business?: boolean }> = [
  { title: "小区电梯频繁故障无人维修", content: "幸福里小区3号楼电梯本月已故障四次，物业称在等配件，老人上下楼困难，请督促物业尽快维修。", unit: "zjj", category: ["城乡建设", "物业管理"], stage: 1 },
  { title: "物业费上涨未经业主大会", content: "和平小区物业公司通知下月起物业费每平方米上涨0.5元，未召开业主大会，也未公示成本。", unit: "zjj", category: ["城乡建设", "物业管理"], stage: 2 },
  { title: "保障房申请进度查询", content: "去年十月提交公租房申请，至今没有审核结果，窗口说在排队，希望告知具体进度。", unit: "zjj", category: ["城乡建设", "住房保障"], stage: 3 },
  { title: "建筑工地夜间施工扰民", content: "建设路与和平路交叉口工地每天晚上十一点后仍在施工，噪音很大，影响周边居民休息。", unit: "zjj", category: ["城乡建设", "建筑施工"], stage: 4 },
  { title: "人行道被摊贩长期占用", content: "城关街道菜市场门口人行道被流动摊贩占用，行人只能走机动车道，存在安全隐患。", unit: "cgjd", category: ["城市管理", "占道经营"], stage: 5 },
  { title: "小区停水未提前通知", content: "城关街道和平小区从今天早上开始停水，没有任何通知，约两千户居民用水困难。", unit: "cgjd", category: ["城乡建设", "住房保障"], stage: 2, urgency: "special" },
  { title: "老旧小区路灯损坏", content: "城关街道东风小区内三盏路灯坏了半个多月，晚上出行不便，老人容易摔倒。", unit: "cgjd", category: ["城市管理", "市容环境"], stage: 1 },
  { title: "超市销售过期酸奶", content: "在人民路某超市购买的酸奶已过保质期两天，要求商家赔偿并请市场监管部门查处。", unit: "sjj", category: ["市场监管", "食品安全"], stage: 3 },
  { title: "企业开办登记材料反复退回", content: "我公司申请变更登记，材料被退回三次，每次提出不同的修改意见，影响企业正常经营。", unit: "sjj", category: ["市场监管", "消费维权"], stage: 2, business: true },
  { title: "公司拖欠三个月工资", content: "本人在某装饰公司工作，公司已拖欠三个月工资共计一万五千元，多次讨要无果。", unit: "rsj", category: ["劳动和社会保障", "工资拖欠"], stage: 4 },
  { title: "12路公交车长时间不来", content: "早高峰12路公交车间隔超过四十分钟，站台等车人很多，希望增加班次。", unit: "jtj", category: ["交通运输", "公交运营"], stage: 4 },
  { title: "楼顶私自加建违章建筑", content: "东城街道某小区顶楼住户在楼顶加建彩钢房，担心影响楼体安全和防水。", unit: "dcjd", category: ["城市管理", "违章建筑"], stage: 1 },
  { title: "饭店油烟直排影响居民", content: "西湖镇商业街一家饭店油烟没有净化直接排放，楼上住户无法开窗。", unit: "xhz", category: ["环境保护", "大气污染"], stage: 2 },
  { title: "出租车拒载绕路", content: "昨晚在火车站打车，司机拒绝打表并要求一口价五十元，车牌号已记下。", unit: "jtj", category: ["交通运输", "出租车"], stage: 0 },
  { title: "夜间广场舞音响扰民", content: "滨河公园每晚九点半后仍有广场舞，音响声音很大，附近居民无法休息。", unit: "hbj", category: ["环境保护", "噪音污染"], stage: 0 },
  { title: "道路井盖缺失", content: "解放路中段一个井盖丢失，晚上光线很暗，容易发生危险，请尽快处理。", unit: "cgj", category: ["城市管理", "市容环境"], stage: 0, urgency: "urgent" },
];

/** The marker written last: a database with it holds the complete demo (src/db/migrations/0016). */
export const DEMO_DONE = "demo.seeded";
/** Written first: the business time the demo is built around, so a resumed run keeps the same timeline. */
const DEMO_STARTED = "demo.started";

/** Whether `host` only accepts connections from this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, "");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (isIP(h) === 4) return h.startsWith("127.");
  if (isIP(h) === 6) return h === "::1" || h === "0:0:0:0:0:0:0:1" || /^::ffff:127\./.test(h);
  return false;
}

/**
 * Demo data has well-known passwords (huying-demo): refuse it on an address other machines can reach unless
 * HUYING_DEMO_FORCE=1 says so explicitly. Returns the refusal, or null when the start may go on.
 */
export function demoRefusal(config: Pick<Config, "demo" | "demoForce" | "host">): string | null {
  if (!config.demo || config.demoForce || isLoopbackHost(config.host)) return null;
  return (
    `HUYING_DEMO=1 creates accounts with the published password "${DEMO_PASSWORD}", and HOST=${config.host} is reachable from other machines. ` +
    "Listen on 127.0.0.1, start without demo data (HUYING_DEMO=0), or set HUYING_DEMO_FORCE=1 if this really is a demonstration machine."
  );
}

export interface DemoHooks {
  /** Called after each committed step of the seed (tests: a crash in the middle, issue 12 defect 15). */
  afterStep?: (step: number) => void | Promise<void>;
}

async function marker(db: Db, name: string): Promise<string | undefined> {
  const row = await db.selectFrom("huying_markers").select("value").where("name", "=", name).executeTakeFirst();
  return row?.value;
}

async function setMarker(db: Db, name: string, value: string): Promise<void> {
  await db
    .insertInto("huying_markers")
    .values({ name, value })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
}

/** A unit by name, created when absent (a resumed seed finds the one the killed run made). */
async function demoUnit(db: Db, u: (typeof UNITS)[number]): Promise<number> {
  const found = await db.selectFrom("units").select("id").where("name", "=", u.name).orderBy("id").executeTakeFirst();
  if (found) return found.id;
  const row = await db
    .insertInto("units")
    .values({ name: u.name, kind: u.kind, parent_id: null, region: "region" in u ? u.region : null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function demoCategory(db: Db, name: string, parentId: number | null): Promise<number> {
  const find = () => {
    const q = db.selectFrom("categories").select("id").where("name", "=", name);
    return (parentId === null ? q.where("parent_id", "is", null) : q.where("parent_id", "=", parentId)).executeTakeFirst();
  };
  const found = await find();
  if (found) return found.id;
  const row = await db.insertInto("categories").values({ name, parent_id: parentId }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/**
 * HUYING_DEMO=1: demo units, users (password huying-demo, none of them an admin: docs/API.md) and tickets
 * in every stage, made through the same use cases as real work, so their timelines are real.
 *
 * Resumable (issue 12, defect 15): every step commits on its own (the use cases own their transactions), so
 * a run killed in the middle leaves some of the demo. The marker `demo.seeded` is written last; without it
 * the next start runs the seed again, and each step first looks for what an earlier run made: units and
 * categories by name, users by username, tickets by their idempotency key, and a ticket's next stage by its
 * status. The business times come from `demo.started`, written first, so a resumed run keeps one timeline.
 */
export async function seedDemo(ctx: AppContext, hooks: DemoHooks = {}): Promise<void> {
  if (await marker(ctx.db, DEMO_DONE)) return;
  let step = 0;
  const done = async () => hooks.afterStep?.(++step);
  await setMarker(ctx.db, DEMO_STARTED, ctx.clock.now().toISOString());
  const now = new Date((await marker(ctx.db, DEMO_STARTED))!);
  const center = await ctx.db.selectFrom("units").select("id").where("kind", "=", "center").orderBy("id").executeTakeFirstOrThrow();
  const unitIds: Record<string, number> = {};
  for (const u of UNITS) unitIds[u.key] = await demoUnit(ctx.db, u);
  const categoryIds: Record<string, number> = {};
  for (const [parent, children] of Object.entries(CATEGORIES)) {
    const p = await demoCategory(ctx.db, parent, null);
    for (const c of children) categoryIds[`${parent}/${c}`] = await demoCategory(ctx.db, c, p);
  }
  await done();
  const hash = await hashPassword(DEMO_PASSWORD);
  const users: Array<{ username: string; name: string; roles: Role[]; unit: number }> = [
    { username: "operator", name: "王话务", roles: ["operator"], unit: center.id },
    { username: "dispatcher", name: "李派单", roles: ["dispatcher"], unit: center.id },
    { username: "supervisor", name: "赵督办", roles: ["supervisor"], unit: center.id },
    { username: "followup", name: "陈回访", roles: ["follow_up"], unit: center.id },
    { username: "viewer", name: "刘领导", roles: ["viewer"], unit: center.id },
    { username: "zjj_leader", name: "住建局张科长", roles: ["unit_leader"], unit: unitIds.zjj! },
    { username: "zjj_handler", name: "住建局小孙", roles: ["unit_handler"], unit: unitIds.zjj! },
    { username: "cgjd_leader", name: "城关街道周主任", roles: ["unit_leader"], unit: unitIds.cgjd! },
    { username: "cgjd_handler", name: "城关街道小吴", roles: ["unit_handler"], unit: unitIds.cgjd! },
    { username: "sjj_handler", name: "市场监管局小郑", roles: ["unit_handler"], unit: unitIds.sjj! },
  ];
  // Every other unit gets a handler too, so each can act in the demo.
  for (const u of UNITS) {
    if (!users.some((x) => x.username === `${u.key}_handler`)) {
      users.push({ username: `${u.key}_handler`, name: `${u.name}经办人`, roles: ["unit_handler"], unit: unitIds[u.key]! });
    }
  }
  await ctx.db
    .insertInto("users")
    .values(users.map((u) => ({ username: u.username, password_hash: hash, name: u.name, roles: u.roles, unit_id: u.unit })))
    .onConflict((oc) => oc.column("username").doNothing())
    .execute();
  const rows = await ctx.db.selectFrom("users").select(["id", "username"]).where("username", "in", users.map((u) => u.username)).execute();
  const actors: Record<string, Actor> = {};
  for (const u of users) {
    const id = rows.find((r) => r.username === u.username)!.id;
    actors[u.username] = { id, username: u.username, name: u.name, roles: u.roles, unitId: u.unit };
  }
  await done();

  const clock = new SettableClock(new Date(now.getTime() - 6 * 86_400_000));
  const deps: TicketDeps = { ...ctx, clock };
  const hours = (h: number) => clock.advance(h * 3_600_000);
  const statusOf = async (id: number) =>
    (await ctx.db.selectFrom("tickets").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;
  for (const [i, r] of REQUESTS.entries()) {
    // Calls still waiting for dispatch came in today; the others over the past week.
    clock.set(new Date(now.getTime() - (r.stage === 0 ? (i % 3) + 1 : 6 - (i % 6)) * (r.stage === 0 ? 3_600_000 : 86_400_000)));
    const key = `demo-${i + 1}`;
    const operator = actors.operator!;
    let ticket = await ctx.db.selectFrom("tickets").select(["id", "anonymous"]).where("idempotency_key", "=", `${operator.id}:${key}`).executeTakeFirst();
    if (!ticket) {
      const created = await createTicket(
        deps,
        operator,
        {
          channel: (["phone", "web", "wechat", "app", "mailbox"] as const)[i % 5]!,
          requester: { name: ["张先生", "李女士", "王先生", "赵女士"][i % 4], phone: `1380013${String(1000 + (i === 14 ? 3 : i)).padStart(4, "0")}`, anonymous: i === 13 }, // a repeat caller; an anonymous one
          title: r.title,
          content: r.content,
          categoryId: categoryIds[r.category.join("/")],
          urgency: r.urgency ?? "ordinary",
          business: r.business ?? false,
        },
        key,
      );
      ticket = { id: created.ticket.id, anonymous: created.ticket.anonymous };
      await done();
    }
    const id = ticket.id;
    const stage = r.stage;
    if (stage === 0) continue; // waiting for dispatch
    hours(1);
    if ((await statusOf(id)) === "pending_dispatch") {
      await dispatchTicket(deps, actors.dispatcher!, id, { unitId: unitIds[r.unit]!, mode: "direct" });
      await done();
    }
    if (stage === 1) continue; // waiting for sign
    const unit = actors[`${r.unit}_handler`]!;
    hours(2);
    if ((await statusOf(id)) === "dispatched") {
      await signTicket(deps, unit, id);
      await done();
    }
    if (stage === 5) {
      hours(1);
      if ((await statusOf(id)) === "signed") {
        await requestReturn(deps, unit, id, { reason: "该事项不属于本单位职责", basis: "三定方案", suggestedUnitId: unitIds.cgj });
        await done();
      }
      continue;
    }
    hours(1);
    const contacted = await ctx.db.selectFrom("contact_attempts").select("id").where("ticket_id", "=", id).executeTakeFirst();
    if (!ticket.anonymous && !contacted && (await statusOf(id)) === "signed") {
      await recordContactAttempt(deps, unit, id, { method: "phone", outcome: "reached", note: "已电话联系诉求人" });
      await done();
    }
    if (stage === 2) continue; // handling
    hours(20);
    if ((await statusOf(id)) === "signed") {
      await replyTicket(deps, unit, id, { content: "经现场核实，已责成相关方整改完毕，并向诉求人反馈。", result: "resolved", handlerName: unit.name, leaderName: "单位负责人" });
      await done();
    }
    if (stage === 3) continue; // awaiting follow-up
    hours(4);
    if ((await statusOf(id)) === "replied") {
      await recordFollowUp(deps, actors.followup!, id, { outcome: i % 2 ? "satisfied" : "basically_satisfied", contacted: true, informed: true, resolved: true });
      await done();
    }
  }
  await setMarker(ctx.db, DEMO_DONE, new Date().toISOString());
}
