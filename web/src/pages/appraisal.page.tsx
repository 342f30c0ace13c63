import { useState } from "react";
import { EvaluationSummary } from "../components/supervision/evaluation-summary.js";
import { Alert, Card, DatePicker, Radio, Space, Table, Tag } from "antd";
import type { Dayjs } from "dayjs";
import { useAppraisal } from "../api/hooks.js";
import type { AppraisalRow } from "../api/types.js";
import { useUnitName } from "../components/unit-select.js";
import { ReportExport } from "../components/report-export.js";
import { dayjs, shanghaiDate } from "../lib/time.js";

const WEIGHTS: [keyof NonNullable<AppraisalRow["indicators"]>, string, number][] = [
  ["volume", "承办量", 10],
  ["response", "响应率", 15],
  ["firstTimeResolution", "一次办好率", 35],
  ["redoSatisfied", "重办满意率", 20],
  ["redo", "重办率", 10],
  ["hardRequests", "疑难诉求", 5],
  ["supervision", "督办", 5],
];

/** 月度考核 (docs/RULES.md rule 35, Linshu 100 points): towns and departments ranked separately. */
export default function AppraisalPage() {
  const [month, setMonth] = useState(dayjs(shanghaiDate()).format("YYYY-MM"));
  const [group, setGroup] = useState<"town" | "department">("town");
  const q = useAppraisal(month, group);
  const unitName = useUnitName();
  return (
    <Card
      size="small"
      title="月度考核"
      extra={<ReportExport path={`/api/exports/appraisal.xlsx?month=${month}&group=${group}`} filename={`考核-${month}-${group}.xlsx`} />}
    >
      <Space style={{ marginBottom: 12 }}>
        <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d: Dayjs | null) => d && setMonth(d.format("YYYY-MM"))} />
        <Radio.Group value={group} onChange={(e) => setGroup(e.target.value as "town" | "department")} optionType="button">
          <Radio.Button value="town">镇街</Radio.Button>
          <Radio.Button value="department">县直部门</Radio.Button>
        </Radio.Group>
        {q.data && <Tag>口径版本 {String(q.data.formulaVersion)}</Tag>}
      </Space>
      {q.error && <Alert type="error" showIcon message={q.error.message} style={{ marginBottom: 8 }} />}
      <Table<AppraisalRow>
        size="small"
        rowKey="unitId"
        loading={q.isLoading}
        dataSource={q.data?.rows ?? []}
        pagination={false}
        data-testid="appraisal-table"
        columns={[
          { title: "排名", dataIndex: "rank", width: 60, render: (v: number | null) => v ?? "—" },
          { title: "单位", dataIndex: "unitId", render: (id: number, r: AppraisalRow) => r.unitName ?? unitName(id) },
          ...WEIGHTS.map(([k, label, w]) => ({
            title: `${label}（${w}）`,
            key: k,
            render: (_: unknown, r: AppraisalRow) => r.indicators?.[k]?.toFixed(2) ?? "—",
          })),
          {
            title: "总分",
            dataIndex: "total",
            render: (v: number | null) => (v == null ? <Tag>本月无承办量，不参与排名</Tag> : <b>{v.toFixed(2)}</b>),
          },
        ]}
      />
      <div style={{ marginTop: 12 }}>
        <EvaluationSummary year={Number(month.slice(0, 4))} />
      </div>
    </Card>
  );
}
