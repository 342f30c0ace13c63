import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";

/**
 * The .docx letters of supervision (docs/SUPERVISION.md "Documents"): a 提示函 / 警示函 in the official letter
 * layout (红头 heading, 文号, title, addressee, body, the tickets, the requirement and the reply deadline, the
 * center's signature and date, 抄送), and the weekly special report (专报) for the county leaders.
 */

const RED = "C00000";
const SONG = "SimSun";
const HEI = "SimHei";
const FANG = "FangSong";

/** A date in the document style: 2025年3月3日. */
export function chineseDate(d: Date): string {
  const s = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
  const [y, m, day] = s.split("-");
  return `${Number(y)}年${Number(m)}月${Number(day)}日`;
}

const run = (text: string, opts: { size?: number; bold?: boolean; color?: string; font?: string } = {}) =>
  new TextRun({ text, size: opts.size ?? 32, bold: opts.bold, color: opts.color, font: opts.font ?? FANG });

const para = (children: TextRun[], opts: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; indent?: boolean; before?: number; after?: number } = {}) =>
  new Paragraph({
    children,
    alignment: opts.align,
    indent: opts.indent ? { firstLine: 640 } : undefined,
    spacing: { before: opts.before ?? 0, after: opts.after ?? 0, line: 560 },
  });

/** 红头: the issuing body in red, large, then a red rule under it, and the document number above the rule. */
function redHeading(issuer: string, number: string): Paragraph[] {
  return [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 600, after: 300 }, children: [new TextRun({ text: issuer, bold: true, color: RED, size: issuer.length > 14 ? 44 : 56, font: SONG })] }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 400 },
      border: { bottom: { style: BorderStyle.THICK, size: 18, color: RED, space: 6 } },
      children: [run(number, { size: 32 })],
    }),
  ];
}

function cell(text: string, opts: { bold?: boolean; width?: number } = {}) {
  return new TableCell({
    width: opts.width ? { size: opts.width, type: WidthType.PERCENTAGE } : undefined,
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [run(text, { size: 24, bold: opts.bold, font: opts.bold ? HEI : FANG })] })],
  });
}

function table(headers: string[], rows: string[][], widths: number[]) {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: headers.map((h, i) => cell(h, { bold: true, width: widths[i] })) }),
      ...rows.map((r) => new TableRow({ children: r.map((c, i) => cell(c, { width: widths[i] })) })),
    ],
  });
}

function signature(issuer: string, at: Date): Paragraph[] {
  return [
    para([run(issuer)], { align: AlignmentType.RIGHT, before: 600 }),
    para([run(chineseDate(at))], { align: AlignmentType.RIGHT }),
  ];
}

export interface LetterInput {
  issuer: string;
  number: string;
  kind: "prompt" | "warning";
  unitName: string;
  content: string;
  issuedAt: Date;
  dueAt: Date;
  tickets: Array<{ number: string; title: string; status: string; redoCount: number }>;
  reasons: string[];
  copyTo: string;
}

const STATUS_WORD: Record<string, string> = {
  pending_dispatch: "待派单",
  dispatched: "待签收",
  signed: "办理中",
  return_requested: "退单审核中",
  reply_review: "答复待签批",
  replied: "已答复待回访",
  closed: "已办结",
};

/** 提示函 / 警示函 (rule 28) as .docx. */
export async function noticeLetter(x: LetterInput): Promise<Buffer> {
  const word = x.kind === "warning" ? "警示函" : "提示函";
  const children: Array<Paragraph | Table> = [
    ...redHeading(x.issuer, x.number),
    para([run(`关于${x.unitName}12345热线工单办理情况的${word}`, { size: 44, bold: true, font: SONG })], { align: AlignmentType.CENTER, after: 400 }),
    para([run(`${x.unitName}：`)]),
    para(
      [
        run(
          x.kind === "warning"
            ? "根据12345政务服务便民热线工单办理督办工作机制，经日常监测，你单位承办的热线工单存在以下问题，情节较重，现予以警示。"
            : "根据12345政务服务便民热线工单办理督办工作机制，经日常监测，你单位承办的热线工单存在以下问题，现予以提示。",
        ),
      ],
      { indent: true },
    ),
  ];
  if (x.reasons.length > 0) {
    x.reasons.forEach((r, i) => children.push(para([run(`${["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"][i] ?? String(i + 1)}、${r}`)], { indent: true })));
  }
  children.push(para([run(x.content)], { indent: true }));
  if (x.tickets.length > 0) {
    children.push(para([run("涉及工单如下：")], { indent: true, after: 120 }));
    children.push(
      table(
        ["序号", "工单编号", "诉求事项", "当前状态", "重办次数"],
        x.tickets.map((t, i) => [String(i + 1), t.number, t.title, STATUS_WORD[t.status] ?? t.status, String(t.redoCount)]),
        [8, 24, 40, 16, 12],
      ),
    );
  }
  children.push(
    para(
      [
        run("请你单位主要负责人、分管负责人高度重视，认真核查原因，落实整改措施，切实解决群众诉求，并于"),
        run(chineseDate(x.dueAt), { bold: true }),
        run("前将整改落实情况通过12345热线工单系统书面反馈至热线受理中心。逾期未反馈的，将按规定进一步督办并纳入年度考核。"),
      ],
      { indent: true, before: 200 },
    ),
    ...signature(x.issuer, x.issuedAt),
    new Paragraph({ spacing: { before: 600 }, border: { top: { style: BorderStyle.SINGLE, size: 6, color: "000000", space: 4 } }, children: [run(`抄送：${x.copyTo}`, { size: 28 })] }),
  );
  const doc = new Document({
    creator: x.issuer,
    title: `${x.number} ${word}`,
    styles: { default: { document: { run: { font: FANG, size: 32 } } } },
    sections: [{ properties: { page: { margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } }, children }],
  });
  return Packer.toBuffer(doc);
}

export interface ReportDocInput {
  issuer: string;
  weekStart: string;
  weekEnd: string;
  createdAt: Date;
  summary: { volume: number; closed: number; onTimeReplyRate: number | null; satisfactionRate: number | null; redone: number };
  redone: Array<{ number: string; title: string; unit: string; redoCount: number }>;
  concentrated: Array<{ label: string; requesters: number; tickets: number; units: string }>;
  multiUnit: Array<{ number: string; title: string; units: string }>;
  /** Issue 15's clusters: issue and place, tickets, distinct requesters, the week before and the trend. */
  hotIssues: Array<{ label: string; tickets: number; requesters: number; previous: number; growth: number | null; units: string }>;
  units: Array<{ unit: string; repeatedTenPlus: number; overdue: number; missedFirstContact: number; missedSign: number; missedReply: number }>;
}

const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);
/** 环比: "新增" for a cluster the week before did not have, else the signed change in percent. */
export const trend = (growth: number | null, previous: number) =>
  growth === null ? (previous === 0 ? "新增" : "—") : `${growth >= 0 ? "↑" : "↓"}${Math.abs(Math.round(growth * 100))}%`;

/** 专报 (rule 29): the week's special report for the county leaders, with the center's weekly figures. */
export async function specialReportDoc(x: ReportDocInput): Promise<Buffer> {
  const h = (text: string) => para([run(text, { font: HEI })], { before: 240, after: 120 });
  const none = () => para([run("本周无。")], { indent: true });
  const children: Array<Paragraph | Table> = [
    ...redHeading(x.issuer, `热线专报（${x.weekStart} 至 ${x.weekEnd}）`),
    para([run("12345热线每周专报", { size: 44, bold: true, font: SONG })], { align: AlignmentType.CENTER, after: 400 }),
    h("一、本周总体情况"),
    para(
      [run(`本周共受理工单 ${x.summary.volume} 件，办结 ${x.summary.closed} 件，按时答复率 ${pct(x.summary.onTimeReplyRate)}，满意率 ${pct(x.summary.satisfactionRate)}，重办 3 次及以上工单 ${x.summary.redone} 件。`)],
      { indent: true },
    ),
    h("二、重办 3 次及以上工单"),
  ];
  if (x.redone.length === 0) children.push(none());
  else children.push(table(["工单编号", "诉求事项", "承办单位", "重办次数"], x.redone.map((r) => [r.number, r.title, r.unit, String(r.redoCount)]), [24, 40, 24, 12]));
  children.push(h("三、集中诉求"));
  if (x.concentrated.length === 0) children.push(none());
  else children.push(table(["诉求事项", "诉求人数", "工单数", "涉及单位"], x.concentrated.map((c) => [c.label, String(c.requesters), String(c.tickets), c.units]), [40, 14, 14, 32]));
  children.push(h("四、涉及多个单位的事项"));
  if (x.multiUnit.length === 0) children.push(none());
  else children.push(table(["工单编号", "诉求事项", "涉及单位"], x.multiUnit.map((m) => [m.number, m.title, m.units]), [24, 40, 36]));
  children.push(h("五、热点问题"));
  if (x.hotIssues.length === 0) children.push(none());
  else
    children.push(
      table(
        ["热点问题（地点 · 诉求）", "工单数", "诉求人数", "上周", "环比", "涉及单位"],
        x.hotIssues.map((m) => [m.label, String(m.tickets), String(m.requesters), String(m.previous), trend(m.growth, m.previous), m.units]),
        [32, 9, 9, 9, 14, 27],
      ),
    );
  children.push(h("六、各单位督办事项（报党组会）"));
  if (x.units.length === 0) children.push(none());
  else
    children.push(
      table(
        ["单位", "重复10次以上", "超期工单", "未先行联系", "超期签收", "超期答复"],
        x.units.map((u) => [u.unit, String(u.repeatedTenPlus), String(u.overdue), String(u.missedFirstContact), String(u.missedSign), String(u.missedReply)]),
        [30, 14, 14, 14, 14, 14],
      ),
    );
  children.push(...signature(x.issuer, x.createdAt));
  const doc = new Document({
    creator: x.issuer,
    title: `热线专报 ${x.weekStart}`,
    styles: { default: { document: { run: { font: FANG, size: 32 } } } },
    sections: [{ properties: { page: { margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } }, children }],
  });
  return Packer.toBuffer(doc);
}
