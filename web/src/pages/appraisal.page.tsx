import { useState } from "react";
import { EvaluationSummary } from "../components/supervision/evaluation-summary.js";
import { Alert, Button, Card, DatePicker, Radio, Space, Table, Tabs, Tag, Tooltip, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useAppraisal } from "../api/hooks.js";
import type { AppraisalRow } from "../api/types.js";
import { useUnitName } from "../components/unit-select.js";
import { ReportExport } from "../components/report-export.js";
import { AppraisalDrill, type DrillTarget } from "../components/appraisal/appraisal-drill.js";
import { AnnualAppraisal, AppraisalEntries, PersonPoints } from "../components/appraisal/appraisal-extra.js";
import { dayjs, shanghaiDate } from "../lib/time.js";

type IndicatorKey = keyof NonNullable<AppraisalRow["indicators"]>;

/** Each indicator: label, weight, the raw value shown beside the score, whether it is normalised, drill key. */
const INDICATORS: Array<{ key: IndicatorKey; label: string; weight: number; raw?: string; rawLabel?: string; normalised: boolean; drill?: string }> = [
  { key: "volume", label: "承办量", weight: 10, raw: "volume", rawLabel: "件", normalised: true, drill: "volume" },
  { key: "response", label: "响应率", weight: 15, raw: "serviceRate", rawLabel: "服务率", normalised: true, drill: "response" },
  { key: "firstTimeResolution", label: "一次办好率", weight: 35, raw: "firstTimeResolutionRate", normalised: true, drill: "firstTimeResolution" },
  { key: "redoSatisfied", label: "重办满意率", weight: 20, raw: "redoSatisfiedRate", normalised: true, drill: "redoSatisfied" },
  { key: "redo", label: "重办率", weight: 10, raw: "countyRedoRate", rawLabel: "重办2次+", normalised: false, drill: "redo" },
  { key: "hardRequests", label: "疑难诉求", weight: 5, raw: "hardRequestShare", rawLabel: "上报占比", normalised: false, drill: "hardRequests" },
  { key: "supervision", label: "督办", weight: 5, normalised: false },
];

const pct = (v: number | null | undefined) => (v == null ? "—" : `${(v * 100).toFixed(1)}%`);

/** 考核评价 (docs/RULES.md rules 35–36, issue 18 point 9): monthly, annual, per-person points, entries. */
export default function AppraisalPage() {
  const [month, setMonth] = useState(dayjs(shanghaiDate()).format("YYYY-MM"));
  const [group, setGroup] = useState<"town" | "department">("town");
  const [tab, setTab] = useState("monthly");
  return (
    <Card
      size="small"
      title="考核评价"
      extra={<ReportExport path={`/api/exports/appraisal.xlsx?month=${month}&group=${group}`} filename={`考核-${month}-${group}.xlsx`} />}
    >
      <Space style={{ marginBottom: 8 }} wrap>
        <DatePicker picker="month" aria-label="考核月份" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d: Dayjs | null) => d && setMonth(d.format("YYYY-MM"))} />
        <Radio.Group value={group} onChange={(e) => setGroup(e.target.value as "town" | "department")} optionType="button">
          <Radio.Button value="town">镇街</Radio.Button>
          <Radio.Button value="department">县直部门</Radio.Button>
        </Radio.Group>
      </Space>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: "monthly", label: "月度考核", children: <MonthlyAppraisal month={month} group={group} /> },
          { key: "annual", label: "年度考核（80/20）", children: <AnnualAppraisal group={group} /> },
          { key: "points", label: "个人积分", children: <PersonPoints month={month} /> },
          { key: "entries", label: "考核录入", children: <AppraisalEntries month={month} /> },
        ]}
      />
    </Card>
  );
}

function MonthlyAppraisal({ month, group }: { month: string; group: "town" | "department" }) {
  const q = useAppraisal(month, group);
  const unitName = useUnitName();
  const [drill, setDrill] = useState<DrillTarget>(null);
  const s = (q.data as { settings?: { f?: number; townResultF?: number; minSample?: number } } | undefined)?.settings;
  const f = s?.f ?? 0.8;
  const resultF = group === "town" ? (s?.townResultF ?? 0.9) : f;
  const minSample = s?.minSample ?? 5;
  return (
    <>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 8 }}
        message="计分公式"
        description={
          <div data-testid="appraisal-formula">
            <div>
              归一化得分 = 权重 × [f + (1 − f) × (本单位值 − 最小值) ÷ (最大值 − 最小值)]，保底系数 f = {f}
              {group === "town" ? `（镇街一次办好率、重办满意率 f = ${resultF}）` : ""}。
            </div>
            <div>
              保底系数的影响：得分最低的单位也能得到 f × 权重（如一次办好率 35 分的 {Math.round(resultF * 100)}% 即 {(35 * resultF).toFixed(1)} 分），所以总分接近 90
              分也可能意味着排名靠后；请对照每项括号内的原始比率。
            </div>
            <div>本月承办量少于 {minSample} 件的单位标为“样本不足”：得分仅供参考，不参与排名，也不影响其他单位的得分。</div>
          </div>
        }
      />
      {q.error && <Alert type="error" showIcon message={q.error.message} style={{ marginBottom: 8 }} />}
      <Table<AppraisalRow>
        size="small"
        rowKey="unitId"
        loading={q.isLoading}
        dataSource={q.data?.rows ?? []}
        pagination={false}
        data-testid="appraisal-table"
        scroll={{ x: 1110 }}
        columns={[
          { title: "排名", dataIndex: "rank", width: 56, fixed: "left", render: (v: number | null) => v ?? "—" },
          {
            title: "单位",
            dataIndex: "unitId",
            width: 150,
            fixed: "left",
            render: (id: number, r: AppraisalRow) => (
              <Space size={4} wrap>
                {r.unitName ?? unitName(id)}
                {r.insufficientSample && (
                  <Tooltip title={`承办量少于 ${minSample} 件，不参与排名`}>
                    <Tag color="warning">样本不足</Tag>
                  </Tooltip>
                )}
              </Space>
            ),
          },
          ...INDICATORS.map((ind) => ({
            title: (
              <Tooltip title={ind.normalised ? "归一化得分（原始值）" : "扣分制得分（原始值）"}>
                <span style={{ whiteSpace: "nowrap" }}>{`${ind.label}（${ind.weight}）`}</span>
              </Tooltip>
            ),
            key: ind.key,
            width: 132,
            render: (_: unknown, r: AppraisalRow) => {
              const score = r.indicators?.[ind.key];
              if (score == null) return "—";
              const raw = ind.raw ? (r.values as Record<string, number | null> | undefined)?.[ind.raw] : undefined;
              const rawText = ind.raw === "volume" ? `${raw ?? 0} 件` : raw !== undefined ? pct(raw) : null;
              // The score above its raw rate: side by side they ran into the next column at 1280 px (issue 18 point 6).
              const body = (
                <span style={{ display: "inline-flex", flexDirection: "column", alignItems: "flex-start", lineHeight: 1.35, whiteSpace: "nowrap" }}>
                  <span>{score.toFixed(2)}</span>
                  {rawText && <Typography.Text type="secondary" style={{ fontSize: 12 }}>({ind.rawLabel && ind.raw !== "volume" ? `${ind.rawLabel} ` : ""}{rawText})</Typography.Text>}
                </span>
              );
              return ind.drill ? (
                <Button
                  type="link"
                  size="small"
                  style={{ padding: 0, height: "auto" }}
                  aria-label={`${r.unitName ?? unitName(r.unitId)} ${ind.label} 明细`}
                  onClick={() => setDrill({ unitId: r.unitId, unitName: r.unitName ?? unitName(r.unitId), indicator: ind.drill!, label: ind.label })}
                >
                  {body}
                </Button>
              ) : (
                body
              );
            },
          })),
          {
            title: "总分",
            dataIndex: "total",
            width: 110,
            fixed: "right",
            render: (v: number | null, r: AppraisalRow) =>
              v == null ? <Tag>本月无承办量，不参与排名</Tag> : r.insufficientSample ? <span>{v.toFixed(2)}（参考）</span> : <b>{v.toFixed(2)}</b>,
          },
        ]}
      />
      <div style={{ marginTop: 12 }}>
        <EvaluationSummary year={Number(month.slice(0, 4))} />
      </div>
      <AppraisalDrill month={month} group={group} target={drill} onClose={() => setDrill(null)} />
    </>
  );
}
