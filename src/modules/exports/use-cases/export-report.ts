import type { AppraisalGroup } from "../../../domain/metrics/appraisal.types.js";
import type { Actor } from "../../../http/auth.js";
import { writeAudit } from "../../audit/audit.repository.js";
import type { ReportDeps, RatesQuery } from "../../reports/use-cases/get-rates-report.js";
import { getRatesReport } from "../../reports/use-cases/get-rates-report.js";
import { getAppraisalReport } from "../../reports/use-cases/get-appraisal-report.js";
import { appraisalWorkbook, ratesWorkbook } from "../report-workbook.js";

/** The report is computed on `readDb` (the replica, when there is one); the audit goes to the primary. */
type ExportReportDeps = ReportDeps & { readDb?: ReportDeps["db"] };

/** A report as xlsx with its formula version and settings in the 说明 sheet; audited like every export (rule 40). */
export async function exportRatesReport(deps: ExportReportDeps, actor: Actor, q: RatesQuery): Promise<{ body: Buffer; filename: string }> {
  const report = await getRatesReport({ ...deps, db: deps.readDb ?? deps.db }, actor, q);
  const now = deps.clock.now();
  const body = await ratesWorkbook(report, now, actor.name);
  await writeAudit(deps.db, { at: now, actorId: actor.id, action: "export.report", targetType: "report", targetId: "rates", data: { query: { ...q }, rowCount: report.rows.length, formulaVersion: report.formulaVersion } });
  return { body, filename: `三率统计-${report.period.label}.xlsx` };
}

/** The Linshu appraisal ranking as xlsx; audited. */
export async function exportAppraisalReport(deps: ExportReportDeps, actor: Actor, q: { month: string; group: AppraisalGroup }): Promise<{ body: Buffer; filename: string }> {
  const report = await getAppraisalReport({ ...deps, db: deps.readDb ?? deps.db }, actor, q);
  const now = deps.clock.now();
  const body = await appraisalWorkbook(report, now, actor.name);
  await writeAudit(deps.db, { at: now, actorId: actor.id, action: "export.report", targetType: "report", targetId: "appraisal", data: { query: { ...q }, rowCount: report.rows.length, formulaVersion: report.formulaVersion } });
  return { body, filename: `考核排名-${q.month}-${q.group === "town" ? "镇街" : "部门"}.xlsx` };
}
