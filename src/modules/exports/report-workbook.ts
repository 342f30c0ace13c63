import ExcelJS from "exceljs";
import type { AppraisalReport } from "../reports/use-cases/get-appraisal-report.js";
import type { RatesReport } from "../reports/use-cases/get-rates-report.js";
import { shanghaiTime } from "./export-fields.js";

const pct = (v: number | null) => (v === null ? "—" : Number((v * 100).toFixed(2)));

/** The sheet every report workbook carries: formula version, period, cut-off and the settings used (docs/METRICS.md). */
function addAbout(wb: ExcelJS.Workbook, formulaVersion: string, lines: Array<[string, string | number]>): void {
  const about = wb.addWorksheet("说明");
  about.columns = [
    { header: "项目", key: "k", width: 22 },
    { header: "内容", key: "v", width: 60 },
  ];
  about.addRow(["公式版本", formulaVersion]);
  for (const line of lines) about.addRow(line);
  about.getRow(1).font = { bold: true };
}

const RATE_COLUMNS: Array<[string, string, number]> = [
  ["label", "名称", 20],
  ["volume", "承办量", 10],
  ["firstContactRate", "先行联系率(%)", 14],
  ["onTimeSignRate", "按时签收率(%)", 14],
  ["onTimeReplyRate", "按时答复率(%)", 14],
  ["resolutionRate", "实际解决率(%)", 14],
  ["satisfactionRate", "满意率(%)", 12],
  ["firstTimeResolutionRate", "一次办好率(%)", 14],
  ["redoSatisfiedRate", "重办满意率(%)", 14],
  ["redoRate", "重办率(%)", 12],
  ["returnRate", "退单率(%)", 12],
  ["excluded", "不纳入满意度测评", 16],
  ["signOverdue", "超期签收", 10],
  ["contactOverdue", "超期联系", 10],
  ["replyOverdue", "超期答复", 10],
];

/** The rates report as an xlsx: one row per group plus the total, and the 说明 sheet. */
export async function ratesWorkbook(report: RatesReport, generatedAt: Date, by: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("三率统计", { views: [{ state: "frozen", xSplit: 1, ySplit: 1 }] });
  sheet.columns = RATE_COLUMNS.map(([key, header, width]) => ({ header, key, width }));
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: RATE_COLUMNS.length } };
  for (const r of [...report.rows, report.total]) {
    sheet.addRow({
      label: r.label,
      volume: r.volume,
      firstContactRate: pct(r.firstContactRate),
      onTimeSignRate: pct(r.onTimeSignRate),
      onTimeReplyRate: pct(r.onTimeReplyRate),
      resolutionRate: pct(r.resolutionRate),
      satisfactionRate: pct(r.satisfactionRate),
      firstTimeResolutionRate: pct(r.firstTimeResolutionRate),
      redoSatisfiedRate: pct(r.redoSatisfiedRate),
      redoRate: pct(r.redoRate),
      returnRate: pct(r.returnRate),
      excluded: r.excluded,
      signOverdue: r.overdue.sign,
      contactOverdue: r.overdue.contact,
      replyOverdue: r.overdue.reply,
    });
  }
  const s = report.settings;
  addAbout(wb, report.formulaVersion, [
    ["统计周期", report.period.label],
    ["受理时间起", shanghaiTime(new Date(report.period.from))],
    ["截止时间（事件截止）", shanghaiTime(new Date(report.period.cutoff))],
    ["分组", report.groupBy],
    ["基本满意权重", s.basicSatisfiedWeight],
    ["考核月起始日", s.periodStartDay],
    ["视为已联系的状态", s.contactedStates.join(",")],
    ["未办结计为不满意", s.unfinishedCountAsUnsatisfied ? "是" : "否"],
    ["目标：先行联系率", `${s.targets.firstContactRate * 100}%`],
    ["目标：实际解决率", `${s.targets.resolutionRate * 100}%`],
    ["目标：满意率", `${s.targets.satisfactionRate * 100}%`],
    ["生成时间", shanghaiTime(generatedAt)],
    ["生成人", by],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The Linshu appraisal as an xlsx: the ranking with the seven indicators, and the 说明 sheet. */
export async function appraisalWorkbook(report: AppraisalReport, generatedAt: Date, by: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet(report.group === "town" ? "镇街考核" : "县直部门考核", { views: [{ state: "frozen", xSplit: 2, ySplit: 1 }] });
  const columns: Array<[string, string, number]> = [
    ["rank", "排名", 8],
    ["unitName", "单位", 20],
    ["total", "总分", 10],
    ["volume", "承办量(10)", 12],
    ["response", "响应率(15)", 12],
    ["firstTimeResolution", "一次办好率(35)", 14],
    ["redoSatisfied", "重办满意率(20)", 14],
    ["redo", "重办率(10)", 12],
    ["hardRequests", "疑难诉求办理(5)", 14],
    ["supervision", "督查督办(5)", 12],
  ];
  sheet.columns = columns.map(([key, header, width]) => ({ header, key, width }));
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  for (const r of report.rows) {
    sheet.addRow({ rank: r.rank ?? "不参与排名（承办量为0）", unitName: r.unitName, total: r.total ?? "", ...(r.indicators ?? {}) });
  }
  addAbout(wb, report.formulaVersion, [
    ["考核月份", report.month],
    ["考核组", report.group === "town" ? "镇街" : "县直部门"],
    ["受理时间起", shanghaiTime(new Date(report.period.from))],
    ["截止时间（事件截止）", shanghaiTime(new Date(report.period.cutoff))],
    ["标准化系数 f", report.settings.f],
    ["镇街一次办好率、重办满意率系数", report.settings.townResultF],
    ["办理过程分差上限", report.settings.processSpreadCap],
    ["生成时间", shanghaiTime(generatedAt)],
    ["生成人", by],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
