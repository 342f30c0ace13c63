import { useState } from "react";
import { App, Button, Card, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from "antd";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client.js";
import { useUnits } from "../../api/hooks.js";
import { useAuth } from "../../auth/auth-context.js";

type Row = Record<string, unknown>;
const n2 = (v: unknown) => (typeof v === "number" ? v.toFixed(2) : "—");

const YEAR_END_ITEMS: Array<[string, string, number]> = [
  ["office", "办公室工作", 10],
  ["knowledgeBase", "知识库贡献", 10],
  ["provincialOnTime", "省平台按时办结", 10],
  ["provincialSatisfaction", "省平台满意度", 20],
  ["followThrough", "跟踪落实", 30],
  ["signOff", "领导签批", 20],
];

/** 年度考核: 80 % of the monthly average + 20 % of the year-end items (rule 35), as the API computes it. */
export function AnnualAppraisal({ group }: { group: "town" | "department" }) {
  const [year, setYear] = useState(new Date().getFullYear());
  const q = useQuery({ queryKey: ["reports", "annual", year, group], queryFn: () => api<{ months: string[]; rows: Row[] }>("/api/reports/appraisal/annual", { query: { year, group } }) });
  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <span>年度</span>
        <InputNumber aria-label="年度" min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />
        <Typography.Text type="secondary">年度得分 = 月度平均分 × 80% + 年终项目合计 × 20%（已结束月份：{q.data?.months.length ?? 0} 个）</Typography.Text>
      </Space>
      <Table<Row>
        size="small"
        rowKey={(r) => String(r.unitId)}
        loading={q.isLoading}
        dataSource={q.data?.rows ?? []}
        pagination={false}
        data-testid="annual-table"
        scroll={{ x: 1000 }}
        columns={[
          { title: "排名", dataIndex: "rank", width: 60, render: (v: unknown) => (v as number | null) ?? "—" },
          { title: "单位", dataIndex: "unitName", width: 160 },
          { title: "月度平均", dataIndex: "monthlyAverage", width: 90, render: n2 },
          ...YEAR_END_ITEMS.map(([k, label, max]) => ({
            title: `${label}（${max}）`,
            key: k,
            width: 110,
            render: (_: unknown, r: Row) => n2((r.yearEnd as Record<string, number> | undefined)?.[k]),
          })),
          { title: "年终合计", dataIndex: "yearEndTotal", width: 90, render: n2 },
          { title: "年度得分", dataIndex: "total", width: 90, render: (v: unknown) => <b>{n2(v)}</b> },
        ]}
      />
    </>
  );
}

/** 个人积分 (rule 36, Beijing): +1 resolved and satisfied, −0.5 / −1 per "no", −0.5 missing evidence, −3 negative opinion. */
export function PersonPoints({ month }: { month: string }) {
  const q = useQuery({ queryKey: ["reports", "person-points", month], queryFn: () => api<{ rows: Row[] }>("/api/reports/person-points", { query: { month } }) });
  return (
    <>
      <Typography.Paragraph type="secondary">
        积分规则：解决且满意 +1；“未解决”或“不满意”之一 −0.5；两者皆是 −1；佐证材料缺失 −0.5；严重负面舆情 −3（后两项由中心在“考核录入”中按工单录入）。
      </Typography.Paragraph>
      <Table<Row>
        size="small"
        rowKey={(r) => `${String(r.unitId)}-${String(r.handlerName)}`}
        loading={q.isLoading}
        dataSource={q.data?.rows ?? []}
        pagination={{ pageSize: 20 }}
        data-testid="person-points-table"
        columns={[
          { title: "单位", dataIndex: "unitName" },
          { title: "经办人", dataIndex: "handlerName" },
          { title: "工单数", dataIndex: "tickets", width: 80 },
          ...(
            [
              ["doubleSatisfied", "解决且满意"],
              ["oneNo", "一项否"],
              ["twoNo", "两项否"],
              ["missingEvidence", "佐证缺失"],
              ["negativeOpinion", "负面舆情"],
            ] as const
          ).map(([k, label]) => ({ title: label, key: k, width: 90, render: (_: unknown, r: Row) => String((r.counts as Record<string, number> | undefined)?.[k] ?? 0) })),
          { title: "积分", dataIndex: "total", width: 80, render: (v: unknown) => <b>{String(v)}</b> },
        ]}
      />
    </>
  );
}

const ENTRY_KINDS: Record<string, string> = {
  city_supervision: "市级热线督办（每次扣0.2分）",
  written_order: "市热线中心书面办理（每次扣0.5分）",
  county_supervision: "县政府督查室政务督查（每次扣1分）",
  media_or_discipline: "联合媒体督办或移交纪检监察（每次扣5分）",
  city_redo: "市级重办2次及以上工单",
  process_fault: "办理过程扣分项（每次扣0.2分）",
  wrongful_return: "属本单位职责却作回退（每件扣0.5分）",
  poor_filing: "不合规诉求上报材料不到位（每件扣0.5分）",
  false_filing: "不合规诉求上报弄虚作假（每件扣1分）",
  missing_evidence: "办理佐证材料缺失（个人积分，每件扣0.5分）",
  negative_opinion: "造成严重负面舆情（个人积分，每件扣3分）",
};

/** 考核录入: the items the center enters for a month (supervision, faults, person-point deductions). */
export function AppraisalEntries({ month }: { month: string }) {
  const { message } = App.useApp();
  const { hasRole } = useAuth();
  const qc = useQueryClient();
  const units = useUnits();
  const editor = hasRole("admin", "supervisor");
  const [form] = Form.useForm<{ unitId: number; kind: string; count: number; ticketId?: number; note?: string }>();
  const key = ["reports", "entries", month];
  const q = useQuery({ queryKey: key, queryFn: () => api<Row[]>("/api/reports/appraisal/entries", { query: { month } }), enabled: editor });
  const unitName = (id: unknown) => units.data?.find((u) => u.id === id)?.name ?? String(id);
  if (!editor) return <Typography.Text type="secondary">考核项由中心督办人员录入。</Typography.Text>;
  return (
    <>
      <Card size="small" title={`录入 ${month} 考核项`} style={{ marginBottom: 12 }}>
        <Form
          form={form}
          layout="inline"
          initialValues={{ count: 1 }}
          style={{ rowGap: 8 }}
          onFinish={async (v) => {
            try {
              await api("/api/reports/appraisal/entries", { method: "POST", body: { ...v, month, ticketId: v.ticketId || undefined, note: v.note || undefined } });
              message.success(`已录入：${ENTRY_KINDS[v.kind] ?? v.kind}`);
              form.resetFields();
              await qc.invalidateQueries({ queryKey: ["reports"] });
            } catch (e) {
              message.error(e instanceof Error ? e.message : "录入失败");
            }
          }}
        >
          <Form.Item name="unitId" label="单位" rules={[{ required: true, message: "请选择单位" }]}>
            <Select
              showSearch
              optionFilterProp="label"
              style={{ width: 180 }}
              options={(units.data ?? []).filter((u) => u.kind === "town" || u.kind === "department").map((u) => ({ value: u.id, label: u.name }))}
            />
          </Form.Item>
          <Form.Item name="kind" label="项目" rules={[{ required: true, message: "请选择项目" }]}>
            <Select style={{ width: 300 }} options={Object.entries(ENTRY_KINDS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="count" label="次数">
            <InputNumber min={1} max={1000} style={{ width: 80 }} />
          </Form.Item>
          <Form.Item name="ticketId" label="工单ID">
            <InputNumber min={1} style={{ width: 150 }} placeholder="个人积分项必填" />
          </Form.Item>
          <Form.Item name="note" label="说明">
            <Input style={{ width: 200 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            录入
          </Button>
        </Form>
      </Card>
      <Table<Row>
        size="small"
        rowKey={(r) => String(r.id)}
        loading={q.isLoading}
        dataSource={q.data ?? []}
        pagination={false}
        locale={{ emptyText: "本月尚未录入考核项" }}
        columns={[
          { title: "单位", dataIndex: "unitId", render: unitName },
          { title: "项目", dataIndex: "label" },
          { title: "次数", dataIndex: "count", width: 70 },
          { title: "工单", dataIndex: "ticketId", width: 80, render: (v: unknown) => (v ? <Tag>#{String(v)}</Tag> : "—") },
          { title: "说明", dataIndex: "note", render: (v: unknown) => (v as string | null) ?? "" },
        ]}
      />
    </>
  );
}
