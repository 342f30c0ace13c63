import { useState } from "react";
import { App, Badge, Button, Card, DatePicker, Descriptions, Empty, Form, Input, List, Select, Space, Statistic, Table, Tabs, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { api } from "../api/client.js";
import { useUnits } from "../api/hooks.js";
import {
  useAlertCounts,
  useAlerts,
  useNotices,
  useOrders,
  useSupervisionPost,
  useTalks,
  type AlertKind,
  type SpecialReport,
  type SupervisionAlert,
  type SupervisionNotice,
  type SupervisionOrder,
  type SupervisionTalk,
} from "../api/supervision.js";
import { DocxButton, NoticeDialog, OrderDialog } from "../components/supervision/supervision-dialogs.js";
import { ALERT_KIND_LABELS, NOTICE_STATUS, ORDER_FORM_LABELS, ORDER_SOURCE_LABELS, ORDER_STATUS } from "../components/supervision/labels.js";
import { fmtTime } from "../lib/time.js";

/** 督办工作台 (rules 28–33): the alerts queue with counts, notices, orders, the weekly special report and formal talks. */
export default function SupervisionPage() {
  const [tab, setTab] = useState("alerts");
  return (
    <Card size="small" title="督办工作台">
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: "alerts", label: "预警", children: <AlertsTab /> },
          { key: "notices", label: "提示 / 警示", children: <NoticesTab /> },
          { key: "orders", label: "督办单", children: <OrdersTab /> },
          { key: "report", label: "每周专报", children: <ReportTab /> },
          { key: "talks", label: "约谈", children: <TalksTab /> },
        ]}
      />
    </Card>
  );
}

function useUnitName() {
  const units = useUnits();
  return (id: number | null | undefined) => (id == null ? "—" : (units.data?.find((u) => u.id === id)?.name ?? `#${id}`));
}

function AlertsTab() {
  const { message } = App.useApp();
  const [kind, setKind] = useState<AlertKind | undefined>();
  const [status, setStatus] = useState<"open" | "handled">("open");
  const alerts = useAlerts({ kind, status });
  const counts = useAlertCounts();
  const unitName = useUnitName();
  const post = useSupervisionPost();
  const [noticeFor, setNoticeFor] = useState<SupervisionAlert | null>(null);
  const [orderFor, setOrderFor] = useState<SupervisionAlert | null>(null);
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Space wrap data-testid="alert-counts">
        {(counts.data?.items ?? [])
          .filter((c) => c.open > 0 || ["redo_repeated", "repeat_requests", "concentrated", "overdue", "missed_first_contact", "perfunctory", "low_rates"].includes(c.kind))
          .map((c) => (
            <Card key={c.kind} size="small" hoverable onClick={() => setKind(kind === c.kind ? undefined : c.kind)} style={{ minWidth: 118, borderColor: kind === c.kind ? "#1677ff" : undefined }}>
              <Statistic title={c.label} value={c.open} valueStyle={{ color: c.warning > 0 ? "#cf1322" : undefined, fontSize: 20 }} suffix={c.warning > 0 ? <Typography.Text type="danger" style={{ fontSize: 12 }}>警示 {c.warning}</Typography.Text> : null} />
            </Card>
          ))}
      </Space>
      <Space>
        <Select style={{ width: 160 }} allowClear placeholder="全部类别" value={kind} onChange={setKind} options={Object.entries(ALERT_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
        <Select style={{ width: 120 }} value={status} onChange={setStatus} options={[{ value: "open", label: "待处理" }, { value: "handled", label: "已处理" }]} />
        <Button
          onClick={async () => {
            try {
              const r = await post.mutateAsync({ path: "/api/supervision/detect" });
              message.success(`检测完成，新增预警 ${(r as { raised: number }).raised} 条`);
            } catch (e) {
              message.error((e as Error).message);
            }
          }}
        >
          立即检测
        </Button>
      </Space>
      <Table<SupervisionAlert>
        size="small"
        rowKey="id"
        loading={alerts.isLoading}
        dataSource={alerts.data?.items ?? []}
        pagination={{ pageSize: 20 }}
        data-testid="alert-queue"
        locale={{ emptyText: <Empty description="暂无预警" /> }}
        columns={[
          { title: "类别", dataIndex: "kind", width: 120, render: (k: AlertKind) => ALERT_KIND_LABELS[k] },
          { title: "等级", dataIndex: "severity", width: 70, render: (s) => <Tag color={s === "warning" ? "red" : "orange"}>{s === "warning" ? "警示" : "提示"}</Tag> },
          { title: "情况", dataIndex: "label" },
          { title: "单位", dataIndex: "unitId", width: 160, render: (u) => unitName(u) },
          { title: "工单", dataIndex: "ticketIds", width: 90, render: (ids: number[]) => (ids.length === 1 ? <a href={`/tickets/${ids[0]}`}>查看</a> : ids.length > 0 ? `${ids.length} 件` : "—") },
          { title: "发现时间", dataIndex: "detectedAt", width: 140, render: (d) => fmtTime(d) },
          {
            title: "操作",
            width: 230,
            render: (_: unknown, a) =>
              a.status === "open" ? (
                <Space>
                  {a.unitId !== null && (
                    <Button size="small" type="primary" danger={a.severity === "warning"} data-testid={`notice-from-${a.id}`} onClick={() => setNoticeFor(a)}>
                      {a.severity === "warning" ? "发警示" : "发提示"}
                    </Button>
                  )}
                  {a.ticketIds.length === 1 && (
                    <Button size="small" onClick={() => setOrderFor(a)}>
                      督办单
                    </Button>
                  )}
                  <Button size="small" type="link" onClick={() => post.mutate({ path: `/api/supervision/alerts/${a.id}/handle`, body: { note: "已处理" } })}>
                    标记已处理
                  </Button>
                </Space>
              ) : (
                <Typography.Text type="secondary">{a.handledNote ?? "已处理"}</Typography.Text>
              ),
          },
        ]}
      />
      {noticeFor && <NoticeDialog alert={noticeFor} onClose={() => setNoticeFor(null)} />}
      {orderFor && <OrderDialog ticketId={orderFor.ticketIds[0]!} title={orderFor.label} onClose={() => setOrderFor(null)} />}
    </Space>
  );
}

function NoticesTab() {
  const notices = useNotices({});
  const unitName = useUnitName();
  return (
    <Table<SupervisionNotice>
      size="small"
      rowKey="id"
      loading={notices.isLoading}
      dataSource={notices.data?.items ?? []}
      data-testid="notice-list"
      expandable={{ expandedRowRender: (n) => <Descriptions size="small" column={1} items={[{ key: "c", label: "督办要求", children: n.content }, { key: "r", label: "单位反馈", children: n.response ?? "尚未反馈" }]} /> }}
      columns={[
        { title: "文号", dataIndex: "number", width: 150 },
        { title: "类别", dataIndex: "kind", width: 70, render: (k) => <Tag color={k === "warning" ? "red" : "orange"}>{k === "warning" ? "警示" : "提示"}</Tag> },
        { title: "方式", dataIndex: "form", width: 70, render: (f) => (f === "letter" ? "函件" : "短信") },
        { title: "单位", dataIndex: "unitId", render: (u) => unitName(u) },
        { title: "下发", dataIndex: "issuedAt", width: 140, render: (d) => fmtTime(d) },
        { title: "反馈期限", dataIndex: "dueAt", width: 140, render: (d) => fmtTime(d) },
        { title: "状态", dataIndex: "status", width: 100, render: (s: SupervisionNotice["status"]) => <Tag color={NOTICE_STATUS[s].color}>{NOTICE_STATUS[s].text}</Tag> },
        { title: "函件", width: 90, render: (_: unknown, n) => <DocxButton path={`/api/supervision/notices/${n.id}/document`} filename={`${n.number}${n.kind === "warning" ? "警示函" : "提示函"}.docx`} testId={`download-notice-${n.id}`} /> },
      ]}
    />
  );
}

function OrdersTab() {
  const orders = useOrders({});
  const unitName = useUnitName();
  const post = useSupervisionPost();
  return (
    <Table<SupervisionOrder>
      size="small"
      rowKey="id"
      loading={orders.isLoading}
      dataSource={orders.data?.items ?? []}
      expandable={{ expandedRowRender: (o) => <Descriptions size="small" column={1} items={[{ key: "q", label: "督办要求", children: o.requirement }, { key: "r", label: "单位反馈", children: o.response ?? "尚未反馈" }]} /> }}
      columns={[
        { title: "编号", dataIndex: "number", width: 150 },
        { title: "工单", dataIndex: "ticketId", width: 70, render: (id) => <a href={`/tickets/${id}`}>查看</a> },
        { title: "单位", dataIndex: "unitId", render: (u) => unitName(u) },
        { title: "形式", dataIndex: "form", width: 110, render: (f: SupervisionOrder["form"]) => ORDER_FORM_LABELS[f] },
        { title: "来源", dataIndex: "source", width: 200, render: (s: SupervisionOrder["source"]) => ORDER_SOURCE_LABELS[s] },
        { title: "期限", dataIndex: "dueAt", width: 140, render: (d) => fmtTime(d) },
        { title: "状态", dataIndex: "status", width: 100, render: (s: SupervisionOrder["status"]) => <Tag color={ORDER_STATUS[s].color}>{ORDER_STATUS[s].text}</Tag> },
        {
          title: "操作",
          width: 90,
          render: (_: unknown, o) => o.status !== "closed" && <Button size="small" onClick={() => post.mutate({ path: `/api/supervision/orders/${o.id}/close`, body: {} })}>办结</Button>,
        },
      ]}
    />
  );
}

function ReportTab() {
  const { message } = App.useApp();
  const [week, setWeek] = useState(dayjs());
  const [report, setReport] = useState<SpecialReport | null>(null);
  const [busy, setBusy] = useState(false);
  const unitName = useUnitName();
  async function make() {
    setBusy(true);
    try {
      setReport(await api<SpecialReport>("/api/supervision/special-reports", { method: "POST", body: { weekOf: week.format("YYYY-MM-DD") } }));
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  }
  const s = report?.sections;
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Space>
        <DatePicker picker="week" value={week} onChange={(d) => d && setWeek(d)} allowClear={false} />
        <Button type="primary" loading={busy} onClick={make} data-testid="make-report">
          生成本周专报
        </Button>
        {report && <DocxButton path={`/api/supervision/special-reports/${report.id}/document`} filename={`热线专报${report.weekOf}.docx`} label="下载专报（Word）" testId="download-report" />}
      </Space>
      {s && (
        <div data-testid="report-sections">
          <Descriptions
            size="small"
            bordered
            column={5}
            items={[
              { key: "v", label: "受理", children: s.summary.volume },
              { key: "c", label: "办结", children: s.summary.closed },
              { key: "o", label: "按时答复率", children: s.summary.onTimeReplyRate === null ? "—" : `${(s.summary.onTimeReplyRate * 100).toFixed(1)}%` },
              { key: "s", label: "满意率", children: s.summary.satisfactionRate === null ? "—" : `${(s.summary.satisfactionRate * 100).toFixed(1)}%` },
              { key: "r", label: "重办3次以上", children: s.summary.redone },
            ]}
          />
          <Typography.Title level={5}>重办 3 次及以上（{s.redoneThreePlus.length}）</Typography.Title>
          <Space wrap>{s.redoneThreePlus.map((id) => <a key={id} href={`/tickets/${id}`}>#{id}</a>)}</Space>
          <Typography.Title level={5}>集中诉求（{s.concentrated.length}）</Typography.Title>
          <List size="small" dataSource={s.concentrated} renderItem={(c) => <List.Item>{c.label} · {c.ticketIds.length} 件 · {c.unitIds.map(unitName).join("、")}</List.Item>} />
          <Typography.Title level={5}>涉及多个单位（{s.multiUnit.length}）</Typography.Title>
          <Space wrap>{s.multiUnit.map((id) => <a key={id} href={`/tickets/${id}`}>#{id}</a>)}</Space>
          <Typography.Title level={5}>热点问题（{s.hotIssues.length}）</Typography.Title>
          <List
            size="small"
            dataSource={s.hotIssues}
            renderItem={(h) => (
              <List.Item data-testid="report-hot-issue">
                {h.label} · {h.ticketCount} 件 · {h.requesterCount} 人 · 上周 {h.previousCount} 件（
                {h.growth === null ? (h.previousCount === 0 ? "新增" : "—") : `${h.growth >= 0 ? "↑" : "↓"}${Math.abs(Math.round(h.growth * 100))}%`}）
                {h.unitIds.length > 0 ? ` · ${h.unitIds.map(unitName).join("、")}` : ""}
              </List.Item>
            )}
          />
          <Typography.Title level={5}>各单位督办事项（报党组会）</Typography.Title>
          <Table
            size="small"
            rowKey="unitId"
            pagination={false}
            dataSource={s.units}
            columns={[
              { title: "单位", dataIndex: "unitName" },
              { title: "重复10次以上", dataIndex: "repeatedTenPlus" },
              { title: "超期", dataIndex: "overdue" },
              { title: "未先行联系", dataIndex: "missedFirstContact" },
              { title: "超期签收", dataIndex: "missedSign" },
              { title: "超期答复", dataIndex: "missedReply" },
            ]}
          />
        </div>
      )}
    </Space>
  );
}

function TalksTab() {
  const { message } = App.useApp();
  const talks = useTalks();
  const units = useUnits();
  const unitName = useUnitName();
  const post = useSupervisionPost<SupervisionTalk>();
  const [form] = Form.useForm();
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Form
        form={form}
        layout="inline"
        onFinish={async (v: { unitId: number; reasons: string; participants: string; minutes?: string; due?: dayjs.Dayjs }) => {
          try {
            await post.mutateAsync({
              path: "/api/supervision/talks",
              body: {
                unitId: v.unitId,
                reasons: v.reasons.split(/[，,；;\n]/).map((x) => x.trim()).filter(Boolean),
                at: new Date().toISOString(),
                participants: v.participants.split(/[，,、\s]+/).filter(Boolean),
                minutes: v.minutes || undefined,
                rectificationDueAt: v.due ? v.due.endOf("day").toISOString() : undefined,
              },
            });
            message.success("约谈已记录");
            form.resetFields();
          } catch (e) {
            message.error((e as Error).message);
          }
        }}
      >
        <Form.Item name="unitId" rules={[{ required: true, message: "选择单位" }]}>
          <Select style={{ width: 180 }} placeholder="约谈单位" options={(units.data ?? []).filter((u) => u.kind !== "center").map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
        <Form.Item name="reasons" rules={[{ required: true, message: "填写事由" }]}>
          <Input style={{ width: 220 }} placeholder="约谈事由（逗号分隔）" />
        </Form.Item>
        <Form.Item name="participants" rules={[{ required: true, message: "填写参加人员" }]}>
          <Input style={{ width: 180 }} placeholder="参加人员" />
        </Form.Item>
        <Form.Item name="minutes">
          <Input style={{ width: 200 }} placeholder="约谈纪要" />
        </Form.Item>
        <Form.Item name="due">
          <DatePicker placeholder="整改期限" />
        </Form.Item>
        <Button htmlType="submit" type="primary">
          记录约谈
        </Button>
      </Form>
      <Table<SupervisionTalk>
        size="small"
        rowKey="id"
        dataSource={talks.data?.items ?? []}
        columns={[
          { title: "单位", dataIndex: "unitId", render: (u) => unitName(u) },
          { title: "事由", dataIndex: "reasons", render: (r: string[]) => r.join("；") },
          { title: "参加人员", dataIndex: "participants", render: (p: string[]) => p.join("、") },
          { title: "约谈时间", dataIndex: "at", width: 140, render: (d) => fmtTime(d) },
          { title: "整改期限", dataIndex: "rectificationDueAt", width: 140, render: (d) => fmtTime(d) },
          {
            title: "状态",
            dataIndex: "status",
            width: 150,
            render: (s: SupervisionTalk["status"], t) => (
              <Space>
                <Badge status={s === "rectified" ? "success" : s === "overdue" ? "error" : "processing"} text={s === "rectified" ? "已整改" : s === "overdue" ? "整改逾期" : "整改中"} />
                {s !== "rectified" && <a onClick={() => post.mutate({ path: `/api/supervision/talks/${t.id}/rectified` })}>确认整改</a>}
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}
