import ExcelJS from "exceljs";
import type { getCallRates } from "./call-figures.js";
import type { operatorsSummary } from "./quality-inspection.js";
import type { QaReviewRow } from "../qa.repository.js";
import { shanghaiIso } from "../call.presenter.js";

const pct = (v: number | null) => (v === null ? "—" : Number((v * 100).toFixed(2)));

/** Connection figures as xlsx: one row per hour or day plus the total, and the targets. */
export async function ratesWorkbook(report: Awaited<ReturnType<typeof getCallRates>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("接通率");
  sheet.columns = [
    { header: report.interval === "hour" ? "时段" : "日期", key: "start", width: 26 },
    { header: "呼入量", key: "offered", width: 10 },
    { header: "接通量", key: "answered", width: 10 },
    { header: `${report.targets.answerTargetSeconds}秒内接通`, key: "within", width: 14 },
    { header: "放弃量", key: "abandoned", width: 10 },
    { header: "接通率(%)", key: "rate", width: 12 },
    { header: "服务水平(%)", key: "sl", width: 12 },
    { header: "放弃率(%)", key: "ab", width: 12 },
    { header: "平均应答(秒)", key: "asa", width: 14 },
    { header: "平均通话(秒)", key: "aht", width: 14 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const r of [...report.rows, { start: "合计", ...report.total }]) {
    sheet.addRow({ start: r.start, offered: r.offered, answered: r.answered, within: r.answeredWithinTarget, abandoned: r.abandoned, rate: pct(r.connectionRate), sl: pct(r.serviceLevel), ab: pct(r.abandonmentRate), asa: r.averageSpeedOfAnswerSeconds ?? "—", aht: r.averageHandleSeconds ?? "—" });
  }
  const about = wb.addWorksheet("说明");
  about.addRow(["期间", `${report.from} 至 ${report.to}`]);
  about.addRow(["接通率 = 接通量 / 呼入量", `目标 ≥ ${pct(report.targets.connectionRate)}%`]);
  about.addRow(["及时接通", `${report.targets.answerTargetSeconds} 秒内应答`]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The month's QA results for pay: one row per operator, and every review on a second sheet. */
export async function qaWorkbook(summary: Awaited<ReturnType<typeof operatorsSummary>>, reviews: readonly QaReviewRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("质检汇总");
  sheet.columns = [
    { header: "话务员", key: "name", width: 14 },
    { header: "账号", key: "operator", width: 16 },
    { header: "质检次数", key: "reviews", width: 10 },
    { header: "平均分", key: "avg", width: 10 },
    { header: "合格", key: "passed", width: 8 },
    { header: "不合格", key: "failed", width: 8 },
    { header: "连续不合格", key: "streak", width: 12 },
    { header: "预警", key: "flag", width: 16 },
    { header: "岗前培训(天)", key: "induction", width: 14 },
    { header: "月培训(参加/举办)", key: "monthly", width: 18 },
    { header: "周培训(参加/举办)", key: "weekly", width: 18 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const r of summary.rows) {
    sheet.addRow({
      name: r.name,
      operator: r.operator,
      reviews: r.reviews,
      avg: r.averageScore ?? "—",
      passed: r.passed,
      failed: r.failed,
      streak: r.consecutiveFailures,
      flag: r.flagged ? `连续${r.consecutiveFailures}次不合格` : "",
      induction: r.training.inductionDays,
      monthly: `${r.training.monthlyAttended}/${r.training.monthlyHeld}`,
      weekly: `${r.training.weeklyAttended}/${r.training.weeklyHeld}`,
    });
  }
  const detail = wb.addWorksheet("质检明细");
  detail.columns = [
    { header: "话务员", key: "op", width: 14 },
    { header: "通话时间", key: "at", width: 26 },
    { header: "用语规范", key: "wording", width: 10 },
    { header: "服务态度", key: "tone", width: 10 },
    { header: "答复正确", key: "correctness", width: 10 },
    { header: "记录完整", key: "completeness", width: 10 },
    { header: "总分", key: "total", width: 8 },
    { header: "结果", key: "passed", width: 8 },
    { header: "质检员", key: "reviewer", width: 12 },
    { header: "评语", key: "comment", width: 40 },
  ];
  detail.getRow(1).font = { bold: true };
  for (const r of reviews) {
    detail.addRow({ op: r.operator_name, at: shanghaiIso(r.call_started_at), ...r.scores, total: r.total, passed: r.passed ? "合格" : "不合格", reviewer: r.reviewer_name, comment: r.comment ?? "" });
  }
  const about = wb.addWorksheet("说明");
  about.addRow(["月份", summary.month]);
  about.addRow(["合格分", summary.passMark]);
  about.addRow(["预警", `连续 ${summary.failuresToFlag} 次不合格`]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
