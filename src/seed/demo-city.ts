/**
 * The demo city's organisation and three months of tickets (issue 18 point 11, docs/WORKDAY.md "Part B").
 * Everything here is written for the demo (no real data set is copied); the category tree follows the
 * shape of the Teddy Cup 2020 taxonomy's first level.
 *
 * Tickets are played through their lifecycle in memory (dispatch, returns, sign, first contact, reply,
 * follow-up, redo, auto-close, overdue marks) with the product's own deadline maths, and written as rows,
 * so the rows always agree with their events, as the bench generator's simulator does (bench/lib).
 */
import { sql } from "kysely";
import type { Db } from "../db/database.js";
import type { WorkingCalendar } from "../domain/calendar/calendar.js";
import { autoCloseAt, computeDeadlines, returnDueAt } from "../domain/policy/deadlines.js";
import type { PolicySettings, Urgency } from "../domain/policy/policy.js";
import { deadlineMarks, markKey } from "../domain/ticket/deadline-marks.js";
import { TicketEventType as E, type Role, type TicketStatus } from "../domain/ticket/ticket.types.js";
import { daySequence } from "../modules/tickets/ticket.repository.js";

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** A small seeded generator (mulberry32): the same seed and "now" give the same city. */
export class DemoRng {
  constructor(private s: number) {}
  next(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = Math.imul(this.s ^ (this.s >>> 15), 1 | this.s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  /** A log-normal duration around `median` (ms). */
  around(median: number, spread = 0.8): number {
    const u = Math.max(1e-9, this.next());
    const v = this.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(spread * z);
  }
  weighted<T>(options: ReadonlyArray<readonly [T, number]>): T {
    const total = options.reduce((a, [, w]) => a + w, 0);
    let r = this.next() * total;
    for (const [v, w] of options) if ((r -= w) < 0) return v;
    return options[options.length - 1]![0];
  }
}

/** Departments (key, name, the first-level categories they answer for) and towns with their sections. */
export const DEMO_DEPARTMENTS = [
  { key: "zjj", name: "市住房和城乡建设局", sectors: ["城乡建设"], sections: ["物业监管科", "房屋征收科"] },
  { key: "sjj", name: "市市场监督管理局", sectors: ["商贸旅游"], sections: ["消费者权益保护科"] },
  { key: "hbj", name: "市生态环境局", sectors: ["环境保护"], sections: [] },
  { key: "jtj", name: "市交通运输局", sectors: ["交通运输"], sections: ["客运管理科"] },
  { key: "rsj", name: "市人力资源和社会保障局", sectors: ["劳动和社会保障"], sections: ["劳动监察支队"] },
  { key: "cgj", name: "市城市管理局", sectors: ["城乡建设", "环境保护"], sections: ["市容环卫科"] },
  { key: "jyj", name: "市教育局", sectors: ["教育文体"], sections: [] },
  { key: "wjw", name: "市卫生健康委员会", sectors: ["卫生计生"], sections: [] },
  { key: "gaj", name: "市公安局", sectors: ["政法"], sections: [] },
  { key: "mzj", name: "市民政局", sectors: ["民政"], sections: [] },
  { key: "nyj", name: "市农业农村局", sectors: ["农村农业"], sections: [] },
  { key: "zrj", name: "市自然资源和规划局", sectors: ["国土资源"], sections: [] },
] as const;

export const DEMO_TOWNS = [
  { key: "cgjd", name: "城关街道", region: "城关片区", sections: ["城关街道社区治理办"] },
  { key: "dcjd", name: "东城街道", region: "东城片区", sections: ["东城街道综合执法队"] },
  { key: "xcjd", name: "西城街道", region: "西城片区", sections: [] },
  { key: "nhjd", name: "南湖街道", region: "南湖片区", sections: [] },
  { key: "xhz", name: "西湖镇", region: "西部片区", sections: [] },
  { key: "qsz", name: "青山镇", region: "北部片区", sections: [] },
  { key: "hsz", name: "河山镇", region: "东部片区", sections: [] },
  { key: "lqx", name: "柳桥乡", region: "南部片区", sections: [] },
] as const;

/** The category tree: first level as in the Teddy Cup taxonomy, second level and phrases written here. */
export const DEMO_CATEGORIES: Record<string, Record<string, string[]>> = {
  城乡建设: {
    物业管理: ["小区电梯频繁故障无人维修", "物业费上涨未经业主大会", "小区垃圾清运不及时"],
    住房保障: ["公租房申请迟迟没有结果", "保障房分配不公开"],
    建筑施工: ["工地夜间施工噪音扰民", "施工渣土车撒漏"],
    市政设施: ["路灯损坏多日未修", "道路井盖缺失", "小区停水未提前通知"],
  },
  环境保护: {
    噪音污染: ["广场舞音响声音过大", "商铺外放音乐扰民"],
    大气污染: ["饭店油烟直排", "工厂夜间排放异味"],
    水污染: ["河道出现大量垃圾", "污水直排入河"],
  },
  交通运输: {
    公交运营: ["公交车间隔太长", "公交司机不等乘客坐稳就开车"],
    出租车: ["出租车拒载绕路", "网约车乱收费"],
    道路养护: ["路面坑洼严重", "道路积水无法通行"],
  },
  商贸旅游: {
    价格投诉: ["超市明码标价与结算不符", "景区停车乱收费"],
    消费维权: ["健身房关门无法退卡", "网购商品质量问题商家不退款"],
    食品安全: ["超市销售过期食品", "餐馆卫生条件差"],
  },
  劳动和社会保障: {
    工资拖欠: ["公司拖欠工资三个月", "工地包工头欠薪"],
    社会保险: ["单位未缴纳社保", "养老保险转移接续困难"],
    就业服务: ["就业补贴迟迟未发放"],
  },
  教育文体: {
    学校管理: ["学校违规收取资料费", "校门口交通拥堵"],
    招生入学: ["入学划片不合理", "幼儿园学位不足"],
  },
  卫生计生: {
    医疗服务: ["医院挂号难", "医生服务态度差"],
    公共卫生: ["小区附近诊所医疗垃圾乱放"],
  },
  政法: {
    治安管理: ["夜间有人聚集喧哗", "小区电动车被盗"],
    户籍管理: ["户口迁移手续繁琐"],
  },
  民政: {
    社会救助: ["低保申请不予受理", "困难家庭临时救助"],
    养老服务: ["养老院收费过高", "社区养老服务站不开门"],
  },
  农村农业: {
    农村基础设施: ["村道损坏影响出行", "农村饮水不达标"],
    土地承包: ["土地流转租金未兑现"],
  },
  国土资源: {
    违法用地: ["农田被违规占用建房"],
    不动产登记: ["房产证办理拖延"],
  },
};

const PLACES = ["人民路", "解放路", "建设路", "滨河路", "和平小区", "幸福里小区", "东风小区", "新华路", "文化广场", "火车站附近"];
const SURNAMES = ["张", "王", "李", "赵", "陈", "刘", "杨", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭"];
const GIVEN = ["伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超"];
const RETURN_REASONS = ["该诉求不属于本单位职责范围", "经核实，诉求地点不在本辖区", "该事项由行业主管部门负责"];
const REPLIES = [
  "经现场核实，已责成相关责任方整改完毕，并电话告知诉求人处理结果。",
  "我单位已安排工作人员到现场调查，问题已解决，诉求人表示认可。",
  "经调查，该问题涉及历史遗留原因，已向诉求人做好解释，并将持续跟进。",
  "已联系相关企业进行约谈，要求限期整改，整改情况将纳入日常巡查。",
];

export interface DemoOrg {
  centerId: number;
  /** Unit key → id (departments, towns and sections by name). */
  units: Map<string, number>;
  departments: Array<{ id: number; sectors: readonly string[] }>;
  towns: number[];
  /** Staff per unit: its leader and handlers (user ids). */
  staff: Map<number, { leader: number; handlers: number[] }>;
  center: Record<"operator" | "dispatcher" | "supervisor" | "follow_up", number[]>;
  /** Second-level category id → first-level name. */
  leaves: Array<{ id: number; level1: string; phrases: string[] }>;
}

export interface DemoUser {
  username: string;
  name: string;
  roles: Role[];
  unitKey: string;
}

const personName = (rng: DemoRng) => rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.5) ? rng.pick(GIVEN) : "");

/** The demo users: the CONTRACT names, more center staff, and a leader and handlers per unit (no admin). */
export function demoUsers(): DemoUser[] {
  const users: DemoUser[] = [
    { username: "operator", name: "王话务", roles: ["operator"], unitKey: "center" },
    { username: "dispatcher", name: "李派单", roles: ["dispatcher"], unitKey: "center" },
    { username: "supervisor", name: "赵督办", roles: ["supervisor"], unitKey: "center" },
    { username: "followup", name: "陈回访", roles: ["follow_up"], unitKey: "center" },
    { username: "viewer", name: "刘领导", roles: ["viewer"], unitKey: "center" },
  ];
  const extra: Array<[string, string, Role]> = [
    ["operator2", "周话务", "operator"], ["operator3", "吴话务", "operator"], ["operator4", "郑话务", "operator"],
    ["operator5", "冯话务", "operator"], ["dispatcher2", "孙派单", "dispatcher"], ["followup2", "许回访", "follow_up"],
    ["followup3", "何回访", "follow_up"], ["supervisor2", "吕督办", "supervisor"],
  ];
  for (const [username, name, role] of extra) users.push({ username, name, roles: [role], unitKey: "center" });
  const named: Record<string, [string, string]> = { zjj: ["住建局张科长", "住建局小孙"], cgjd: ["城关街道周主任", "城关街道小吴"], sjj: ["市场监管局钱科长", "市场监管局小郑"] };
  for (const u of [...DEMO_DEPARTMENTS, ...DEMO_TOWNS]) {
    const [leader, handler] = named[u.key] ?? [`${u.name}负责人`, `${u.name}经办人`];
    users.push({ username: `${u.key}_leader`, name: leader, roles: ["unit_leader"], unitKey: u.key });
    users.push({ username: `${u.key}_handler`, name: handler, roles: ["unit_handler"], unitKey: u.key });
    u.sections.forEach((s, i) => users.push({ username: `${u.key}_s${i + 1}`, name: `${s}经办人`, roles: ["unit_handler"], unitKey: s }));
  }
  return users;
}

/** Units, categories and users, inside the seed's transaction. */
export async function insertDemoOrg(trx: Db, passwordHash: string): Promise<DemoOrg> {
  const center = await trx.selectFrom("units").select("id").where("kind", "=", "center").orderBy("id").executeTakeFirstOrThrow();
  const units = new Map<string, number>([["center", center.id]]);
  const departments: DemoOrg["departments"] = [];
  const towns: number[] = [];
  const addUnit = async (name: string, kind: "department" | "town" | "section", parentId: number | null, region: string | null) =>
    (await trx.insertInto("units").values({ name, kind, parent_id: parentId, region }).returning("id").executeTakeFirstOrThrow()).id;
  for (const d of DEMO_DEPARTMENTS) {
    const id = await addUnit(d.name, "department", null, null);
    units.set(d.key, id);
    departments.push({ id, sectors: d.sectors });
    for (const s of d.sections) units.set(s, await addUnit(s, "section", id, null));
  }
  for (const t of DEMO_TOWNS) {
    const id = await addUnit(t.name, "town", null, t.region);
    units.set(t.key, id);
    towns.push(id);
    for (const s of t.sections) units.set(s, await addUnit(s, "section", id, t.region));
  }
  const leaves: DemoOrg["leaves"] = [];
  for (const [level1, children] of Object.entries(DEMO_CATEGORIES)) {
    const p = (await trx.insertInto("categories").values({ name: level1, parent_id: null }).returning("id").executeTakeFirstOrThrow()).id;
    for (const [name, phrases] of Object.entries(children)) {
      const id = (await trx.insertInto("categories").values({ name, parent_id: p }).returning("id").executeTakeFirstOrThrow()).id;
      leaves.push({ id, level1, phrases });
    }
  }
  const list = demoUsers();
  const rows = await trx
    .insertInto("users")
    .values(list.map((u) => ({ username: u.username, password_hash: passwordHash, name: u.name, roles: u.roles, unit_id: units.get(u.unitKey)! })))
    .returning(["id", "username"])
    .execute();
  const idOf = new Map(rows.map((r) => [r.username, r.id]));
  const staff = new Map<number, { leader: number; handlers: number[] }>();
  const centerStaff: DemoOrg["center"] = { operator: [], dispatcher: [], supervisor: [], follow_up: [] };
  for (const u of list) {
    const id = idOf.get(u.username)!;
    if (u.unitKey === "center") {
      const role = u.roles[0] as keyof DemoOrg["center"];
      if (role in centerStaff) centerStaff[role].push(id);
      continue;
    }
    // Section handlers work the parent unit's tickets too (the unit desk assigns within the unit).
    const top = [...DEMO_DEPARTMENTS, ...DEMO_TOWNS].find((x) => x.key === u.unitKey || (x.sections as readonly string[]).includes(u.unitKey))!;
    const unitId = units.get(top.key)!;
    const s = staff.get(unitId) ?? { leader: 0, handlers: [] };
    if (u.roles.includes("unit_leader")) s.leader = id;
    else s.handlers.push(id);
    staff.set(unitId, s);
  }
  return { centerId: center.id, units, departments, towns, staff, center: centerStaff, leaves };
}

interface Rows {
  tickets: Record<string, unknown>[];
  events: Record<string, unknown>[];
  contacts: Record<string, unknown>[];
  reviews: Record<string, unknown>[];
  replies: Record<string, unknown>[];
  followUps: Record<string, unknown>[];
  marks: Record<string, unknown>[];
}

export interface DemoTally {
  tickets: number;
  statuses: Record<string, number>;
  returns: number;
  redone: number;
  overdue: number;
}

const shanghaiDay = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 10).replace(/-/g, "");

/**
 * Plays `count` tickets received over the `days` before `now` and inserts them (inside the caller's
 * transaction). Ids continue after the tables' current ones; the sequences are moved past them.
 */
export async function insertDemoTickets(
  trx: Db,
  org: DemoOrg,
  opts: { now: Date; count: number; days: number; policy: PolicySettings; policyVersion: number; calendar: WorkingCalendar; seed?: number },
): Promise<DemoTally> {
  const rng = new DemoRng(opts.seed ?? 12345);
  const endMs = opts.now.getTime();
  const startMs = endMs - opts.days * DAY;
  const p = opts.policy;
  const cal = opts.calendar;
  const firstId = Number((await sql<{ n: number }>`SELECT coalesce(max(id), 0) AS n FROM tickets`.execute(trx)).rows[0]?.n ?? 0) + 1;
  let reviewId = Number(
    (await sql<{ n: number }>`SELECT greatest((SELECT last_value FROM review_requests_id_seq), (SELECT coalesce(max(id), 0) FROM review_requests)) AS n`.execute(trx)).rows[0]?.n ?? 0,
  );
  const rows: Rows = { tickets: [], events: [], contacts: [], reviews: [], replies: [], followUps: [], marks: [] };
  const tally: DemoTally = { tickets: 0, statuses: {}, returns: 0, redone: 0, overdue: 0 };
  const perDay = new Map<string, number>();
  const c = org.center;
  // A few towns and departments take most tickets, as in a real city.
  const townWeights = org.towns.map((id, i) => [id, 1 / (i + 1) ** 0.7] as const);
  // Shanghai midnight of the first day; office hours carry most calls.
  const firstMidnight = startMs - ((startMs + 8 * HOUR) % DAY);
  const receipts = Array.from({ length: opts.count }, () => {
    const hour = rng.weighted([[1, 0.4], [8, 4], [9, 7], [10, 7], [11, 6], [14, 6], [15, 6], [16, 5], [17, 4], [19, 3], [21, 2]] as const);
    const at = firstMidnight + (1 + rng.int(opts.days)) * DAY + hour * HOUR + rng.int(60) * MIN;
    return at < endMs - 10 * MIN ? at : at - (1 + rng.int(3)) * DAY;
  });
  // The last half hour's calls, still waiting for the dispatcher.
  for (let i = 0; i < 8 && i < receipts.length; i++) receipts[i] = endMs - (2 + rng.int(25)) * MIN;
  receipts.sort((a, b) => a - b);

  for (const [index, receivedAt] of receipts.entries()) {
    const id = firstId + index;
    const leaf = rng.pick(org.leaves);
    const competent = org.departments.filter((d) => d.sectors.includes(leaf.level1));
    const chooseUnit = (exclude?: number): number => {
      for (let i = 0; i < 5; i++) {
        const u = rng.chance(0.5) || competent.length === 0 ? rng.weighted(townWeights) : rng.pick(competent).id;
        if (u !== exclude) return u;
      }
      return org.towns.find((t) => t !== exclude)!;
    };
    const channel = rng.weighted([["phone", 70], ["web", 10], ["wechat", 9], ["app", 6], ["mailbox", 3], ["upstream", 2]] as const);
    const urgency: Urgency = rng.weighted([["ordinary", 93], ["urgent", 5], ["special", 1.5], ["special_urgent", 0.5]] as const);
    const anonymous = rng.chance(0.07);
    const place = rng.pick(PLACES);
    const phrase = rng.pick(leaf.phrases);
    const title = `${place}${phrase}`;
    const content = `市民来电反映：${place}${phrase}，已持续一段时间，多次向有关方面反映未果，希望相关部门尽快核实处理。`;
    const operator = rng.pick(c.operator);
    const day = shanghaiDay(receivedAt);
    const n = (perDay.get(day) ?? 0) + 1;
    perDay.set(day, n);
    let lead = chooseUnit();
    const ev: Array<{ type: string; at: number; actor: number | null; unit: number | null; data: Record<string, unknown> }> = [];
    const event = (type: string, at: number, actor: number | null, unit: number | null, data: Record<string, unknown> = {}) => ev.push({ type, at, actor, unit, data });
    const t = {
      status: "pending_dispatch" as string, coUnits: [] as number[], mode: null as string | null, dispatchedAt: null as number | null,
      signedAt: null as number | null, repliedAt: null as number | null, closedAt: null as number | null, closure: null as string | null,
      redo: 0, cycle: 0, resume: null as string | null, signDue: null as number | null, contactDue: null as number | null,
      replyDue: null as number | null, progressDue: null as number | null, autoClose: null as number | null,
      signOver: false, contactOver: false, replyOver: false, fcState: anonymous ? "not_required" : "pending", fcAt: null as number | null,
    };
    const marked = new Set<string>();
    const overdue = (deadline: "sign" | "contact" | "reply", due: number) => {
      marked.add(`${t.cycle}|${deadline}|overdue`);
      event(E.Overdue, due + MIN, null, lead, { deadline, dueAt: new Date(due).toISOString() });
      rows.marks.push({ ticket_id: id, deadline, kind: "overdue", cycle: t.cycle, at: new Date(due + MIN) });
      tally.overdue++;
    };
    const finishOpen = () => {
      if (t.status === "dispatched" && t.signDue !== null && t.signDue < endMs && !t.signOver) {
        t.signOver = true;
        overdue("sign", t.signDue);
      }
      if (t.fcState === "pending" && t.contactDue !== null && t.contactDue < endMs && !t.contactOver && t.status !== "pending_dispatch") {
        t.contactOver = true;
        overdue("contact", t.contactDue);
        t.fcState = "missed";
      }
      if (t.status !== "replied" && t.status !== "pending_dispatch" && t.replyDue !== null && t.replyDue < endMs && !t.replyOver) {
        t.replyOver = true;
        overdue("reply", t.replyDue);
      }
    };
    const close = (at: number, kind: string, actor: number | null) => {
      event(E.Closed, at, actor, null, actor === null ? { kind, from: t.status, to: "closed", auto: true } : { kind, remark: null });
      t.status = "closed";
      t.closedAt = at;
      t.closure = kind;
    };
    event(E.Created, receivedAt, operator, null, { channel, urgency, business: false, answeredDirectly: false });

    const play = (): void => {
      let at = receivedAt + Math.min(6 * HOUR, rng.around(urgency === "ordinary" ? 40 * MIN : 8 * MIN));
      let returns = 0;
      for (;;) {
        if (at > endMs) return;
        if (t.status === "pending_dispatch") {
          t.mode = rng.chance(0.06) ? "designated" : "direct";
          t.coUnits = t.mode === "designated" ? [chooseUnit(lead)] : [];
          event(E.Dispatched, at, rng.pick(c.dispatcher), lead, { from: "pending_dispatch", to: "dispatched", leadUnitId: lead, coUnitIds: t.coUnits, mode: t.mode, note: null });
        }
        t.status = "dispatched";
        t.dispatchedAt = at;
        t.signedAt = null;
        const d = computeDeadlines(p, cal, { urgency, dispatchedAt: new Date(at), anonymous });
        t.signDue = d.signDueAt?.getTime() ?? at;
        t.replyDue = d.replyDueAt?.getTime() ?? at;
        t.progressDue = d.progressDueAt?.getTime() ?? null;
        t.autoClose = null;
        if (t.fcState === "pending") t.contactDue = d.contactDueAt?.getTime() ?? null;
        const staff = org.staff.get(lead)!;
        const handler = rng.pick(staff.handlers);

        // Returns (rule 16): about one in twenty; the center approves about two in three.
        if (returns < 2 && rng.chance(returns === 0 ? (receivedAt > endMs - 2 * DAY ? 0.12 : 0.05) : 0.02)) {
          returns++;
          tally.returns++;
          const reqAt = at + rng.around(4 * HOUR, 1);
          if (reqAt > endMs) return finishOpen();
          const due = returnDueAt(p, cal, { dispatchedAt: new Date(at), signedAt: null })?.getTime() ?? Infinity;
          const late = reqAt > due;
          // The last two days' returns still wait for the center (the review queue is never empty).
          const decidedAt = receivedAt > endMs - 2 * DAY ? reqAt + 2 * DAY : reqAt + rng.around(3 * HOUR, 1);
          const decided = decidedAt <= endMs;
          const approve = rng.chance(0.65);
          const suggested = chooseUnit(lead);
          const reason = rng.pick(RETURN_REASONS);
          const rid = ++reviewId;
          event(E.ReturnRequested, reqAt, staff.leader, lead, {
            from: "dispatched", to: "return_requested", reason, basis: null, late, returnDueAt: Number.isFinite(due) ? new Date(due).toISOString() : null, firstContactState: t.fcState, suggestedUnitId: suggested,
          });
          rows.reviews.push({
            id: rid, kind: "return", ticket_id: id, unit_id: lead,
            payload: { reason, basis: "《12345热线工单办理规范》", verified: "已与诉求人联系核实", suggestedUnitId: suggested },
            status: decided ? (approve ? "approved" : "refused") : "pending", requested_by: staff.leader, requested_at: new Date(reqAt),
            decided_by: decided ? rng.pick(c.supervisor) : null, decided_at: decided ? new Date(decidedAt) : null,
            decision: decided ? { note: approve ? "同意退回，改派" : "属本单位职责，请继续办理", reassignTo: null } : null, late,
          });
          if (!decided) {
            t.status = "return_requested";
            t.resume = "dispatched";
            return finishOpen();
          }
          if (approve) {
            event(E.ReturnApproved, decidedAt, rng.pick(c.supervisor), lead, { from: "return_requested", to: "pending_dispatch", requestId: rid, note: null, reassignTo: null });
            lead = suggested;
            t.coUnits = [];
            t.cycle++;
            t.status = "pending_dispatch";
            t.signDue = t.replyDue = t.progressDue = null;
            if (t.fcState === "pending") t.contactDue = null;
            at = decidedAt + rng.around(30 * MIN, 0.8);
            continue;
          }
          event(E.ReturnRefused, decidedAt, rng.pick(c.supervisor), lead, { from: "return_requested", to: "dispatched", requestId: rid, note: null });
          at = decidedAt;
        }

        // Sign (rule 14): usually within hours; a few units sign late.
        const window = t.signDue - at;
        const signAt = window < 30 * MIN ? t.signDue - rng.int(5) * MIN : rng.chance(0.04) ? t.signDue + rng.around(5 * HOUR, 1) : at + Math.min(rng.around(2 * HOUR, 1), window * 0.95);
        if (t.signDue < Math.min(signAt, endMs) && !t.signOver) {
          t.signOver = true;
          overdue("sign", t.signDue);
        }
        if (signAt > endMs) return finishOpen();
        t.status = "signed";
        t.signedAt = signAt;
        event(E.Signed, signAt, staff.leader, lead, { from: "dispatched", to: "signed", late: signAt > t.signDue });

        // First contact (rule 15): reached, or three failed calls an hour apart; a few units never call.
        let cursor = signAt;
        if (t.fcState === "pending" && t.contactDue !== null && !rng.chance(0.03)) {
          const due = t.contactDue;
          let failures = 0;
          for (let attempt = 0; attempt < 5 && t.fcState === "pending"; attempt++) {
            cursor += attempt === 0 ? rng.around(1.5 * HOUR, 1) : HOUR + rng.around(30 * MIN, 0.5);
            if (cursor > endMs) break;
            const reached = rng.chance(attempt === 0 ? 0.8 : 0.5);
            rows.contacts.push({ ticket_id: id, unit_id: lead, at: new Date(cursor), method: "phone", outcome: reached ? "reached" : "no_answer", counted: true, note: null, actor_id: handler, created_at: new Date(cursor) });
            event(E.ContactAttempted, cursor, handler, lead, { attemptAt: new Date(cursor).toISOString(), method: "phone", outcome: reached ? "reached" : "no_answer", counted: true, countedFailedCalls: failures + (reached ? 0 : 1) });
            if (reached) {
              t.fcState = "reached";
              t.fcAt = cursor;
              event(E.FirstContactReached, cursor, handler, lead, { state: "reached", contactAt: new Date(cursor).toISOString(), late: cursor > due });
            } else if (++failures >= p.failedCalls.count && cursor <= due) {
              t.fcState = "deemed_reached";
              t.fcAt = cursor;
              event(E.FirstContactReached, cursor, handler, lead, { state: "deemed_reached", contactAt: new Date(cursor).toISOString(), late: false });
            }
          }
        }
        if (t.contactDue !== null && !t.contactOver && t.contactDue < Math.min(t.fcAt ?? Infinity, endMs)) {
          const state = t.fcState;
          t.contactOver = true;
          overdue("contact", t.contactDue);
          t.fcState = state === "pending" ? "missed" : state;
        }
        if ((t.fcState === "pending" || t.fcState === "missed") && cursor > endMs) return finishOpen();

        // Reply (rules 18, 19): median two days, a tail past the limit.
        const replyAt = Math.max(cursor, signAt) + rng.around(urgency === "ordinary" ? 2 * DAY : 0.5 * DAY, 0.8);
        if (t.replyDue < Math.min(replyAt, endMs) && !t.replyOver) {
          t.replyOver = true;
          overdue("reply", t.replyDue);
        }
        if (replyAt > endMs) return finishOpen();
        // Issue 18 point 7 (policy replyNeedsFirstContact, default on): no reply while first contact is pending —
        // its window is still open at the end of the three months, so the ticket waits for the contact.
        if (t.fcState === "pending") return finishOpen();
        const result = rng.weighted([["resolved", 68], ["explained", 27], ["unresolved", 5]] as const);
        const handlerName = personName(rng);
        const leaderName = personName(rng);
        rows.replies.push({
          ticket_id: id, unit_id: lead, round: t.redo, content: rng.pick(REPLIES), result, handler_name: handlerName, leader_name: leaderName,
          status: "approved", approved_by: staff.leader, approved_at: new Date(replyAt), late: replyAt > t.replyDue, actor_id: handler, created_at: new Date(replyAt),
        });
        event(E.Replied, replyAt, handler, lead, { from: "signed", to: "replied", result, handlerName, leaderName, late: replyAt > t.replyDue, awaitingSignOff: false });
        t.status = "replied";
        t.repliedAt = replyAt;
        t.autoClose = autoCloseAt(p, cal, new Date(replyAt)).getTime();

        // Follow-up (rules 21–23): the center calls back; no verdict in time closes as basically satisfied.
        let fuAt = replyAt + rng.around(DAY, 0.7);
        let verdict = "unreachable";
        for (let attempt = 0; attempt < 2 && verdict === "unreachable"; attempt++) {
          if (attempt > 0) fuAt += rng.around(DAY, 0.5);
          if (fuAt > t.autoClose || fuAt > endMs) break;
          verdict = rng.weighted([["satisfied", 68], ["basically_satisfied", 14], ["unsatisfied", 10], ["unreachable", 8]] as const);
          const decision = verdict === "unsatisfied" ? (t.redo < 2 && rng.chance(0.6) ? "redo" : "close") : null;
          const contacted = verdict !== "unreachable";
          const who = rng.pick(c.follow_up);
          rows.followUps.push({ ticket_id: id, round: t.redo, outcome: verdict, contacted, informed: contacted, resolved: contacted && verdict !== "unsatisfied", decision, note: null, actor_id: who, at: new Date(fuAt) });
          event(E.FollowedUp, fuAt, who, lead, {
            from: "replied", to: decision === "redo" ? "dispatched" : verdict === "unreachable" ? "replied" : "closed",
            outcome: verdict, contacted, informed: contacted, resolved: contacted && verdict !== "unsatisfied", decision, round: t.redo,
          });
          if (verdict === "satisfied" || verdict === "basically_satisfied") return close(fuAt, verdict, who);
          if (decision === "close") return close(fuAt, "unsatisfied_closed", rng.pick(c.supervisor));
          if (decision === "redo") {
            at = fuAt;
            t.redo++;
            t.cycle++;
            tally.redone++;
            event(E.Redone, at, who, lead, { reason: "回访不满意", redoCount: t.redo });
            break;
          }
        }
        if (verdict === "unsatisfied") continue;
        if (t.autoClose <= endMs) return close(t.autoClose, "auto_basically_satisfied", null);
        return finishOpen();
      }
    };
    play();

    let nextDue: number | null = null;
    if (t.status !== "closed") {
      const state = {
        status: t.status as TicketStatus, dispatched_at: date(t.dispatchedAt), replied_at: date(t.repliedAt), sign_due_at: date(t.signDue),
        contact_due_at: date(t.contactDue), reply_due_at: date(t.replyDue), auto_close_at: date(t.autoClose), first_contact_state: t.fcState,
      };
      for (const m of deadlineMarks(p, cal, state)) {
        const mAt = m.at.getTime();
        if (mAt > endMs) {
          nextDue = mAt;
          break;
        }
        if (marked.has(`${t.cycle}|${markKey(m)}`)) continue;
        rows.marks.push({ ticket_id: id, deadline: m.deadline, kind: m.kind, cycle: t.cycle, at: new Date(mAt + MIN) });
      }
    }
    ev.sort((a, b) => a.at - b.at);
    for (const e of ev) rows.events.push({ ticket_id: id, type: e.type, at: new Date(e.at), actor_id: e.actor, unit_id: e.unit, data: e.data });
    rows.tickets.push({
      id, number: `${day}-${String(n).padStart(6, "0")}`, status: t.status, urgency, channel, title, content, business: rng.chance(0.05),
      requester_name: anonymous ? null : personName(rng), requester_phone: anonymous ? null : `13${rng.int(10)}${String(rng.int(1e8)).padStart(8, "0")}`,
      anonymous, category_id: leaf.id, address: `${place}${1 + rng.int(200)}号`, received_at: new Date(receivedAt), created_at: new Date(receivedAt), created_by: operator,
      lead_unit_id: t.dispatchedAt !== null && t.status !== "pending_dispatch" ? lead : null, co_unit_ids: t.coUnits, dispatch_mode: t.mode,
      dispatched_at: date(t.dispatchedAt), signed_at: date(t.signedAt), replied_at: date(t.repliedAt), closed_at: date(t.closedAt), closure_kind: t.closure,
      redo_count: t.redo, version: ev.length, policy_version: opts.policyVersion, resume_status: t.resume, deadline_cycle: t.cycle,
      sign_due_at: date(t.signDue), contact_due_at: date(t.contactDue), reply_due_at: date(t.replyDue), progress_due_at: date(t.progressDue),
      auto_close_at: date(t.autoClose), next_due_at: date(nextDue), sign_overdue: t.signOver, contact_overdue: t.contactOver, reply_overdue: t.replyOver,
      first_contact_state: t.fcState, first_contact_at: date(t.fcAt),
    });
    tally.tickets++;
    tally.statuses[t.status] = (tally.statuses[t.status] ?? 0) + 1;
  }

  // Chunks of rows as one JSON parameter each (json_populate_recordset): fast on PGlite and PostgreSQL alike.
  const insert = async (table: string, list: Record<string, unknown>[]) => {
    if (list.length === 0) return;
    const cols = sql.join(Object.keys(list[0]!).map((k) => sql.ref(k)));
    for (let i = 0; i < list.length; i += 2000) {
      const chunk = JSON.stringify(list.slice(i, i + 2000));
      await sql`INSERT INTO ${sql.table(table)} (${cols}) SELECT ${cols} FROM json_populate_recordset(NULL::${sql.table(table)}, ${chunk}::json)`.execute(trx);
    }
  };
  await insert("tickets", rows.tickets);
  await sql`INSERT INTO ticket_texts (ticket_id, body) SELECT id, title || ' ' || content FROM tickets WHERE id >= ${firstId}`.execute(trx);
  await insert("ticket_events", rows.events);
  await insert("contact_attempts", rows.contacts);
  await insert("review_requests", rows.reviews);
  await insert("replies", rows.replies);
  await insert("follow_ups", rows.followUps);
  await insert("deadline_marks", rows.marks);
  await sql`SELECT setval(pg_get_serial_sequence('tickets', 'id'), greatest(1, (SELECT coalesce(max(id), 0) FROM tickets)))`.execute(trx);
  await sql`SELECT setval('review_requests_id_seq', greatest(1, ${reviewId}))`.execute(trx);
  // Today's and yesterday's numbers continue after the demo's (intake takes numbers from the day's sequence).
  for (const d of [shanghaiDay(endMs - DAY), shanghaiDay(endMs)]) {
    const last = perDay.get(d);
    if (!last) continue;
    await sql.raw(`CREATE SEQUENCE IF NOT EXISTS ${daySequence(d)}`).execute(trx);
    await sql`SELECT setval(${daySequence(d)}::regclass, ${last})`.execute(trx);
  }
  return tally;
}

const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));
