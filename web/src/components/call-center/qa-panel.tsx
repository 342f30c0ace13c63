import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router-dom";
import type { Dayjs } from "dayjs";
import { download } from "../../api/client.js";
import { useQaCall, useQaMutations, useQaOperators, useQaSamples, useTraining, type QaOperatorRow, type QaReviewInput, type QaSampleItem, type TrainingInput } from "../../api/call-center.js";
import { useAuth } from "../../auth/auth-context.js";
import { QA_CRITERIA_LABELS, SHIFT_LABELS, TRAINING_KIND_LABELS } from "../../lib/labels.js";
import { dayjs, fmtTime } from "../../lib/time.js";

const CRITERIA = ["wording", "tone", "correctness", "completeness"] as const;

/**
 * 质检 (rule 41): the month's seeded sample per operator and shift, the scoring form with the call's
 * recording and ticket, each operator's results with the three-failures flag and trend, training beside
 * them, and the xlsx for pay. An operator sees only their own.
 */
export function QaPanel() {
  const { hasRole } = useAuth();
  const reviewer = hasRole("qa_reviewer", "supervisor", "admin");
  const { message } = App.useApp();
  const [month, setMonth] = useState(dayjs().format("YYYY-MM"));
  const [perOperator, setPerOperator] = useState(6);
  const [reviewing, setReviewing] = useState<number | null>(null);
  const samples = useQaSamples(month);
  const operators = useQaOperators(month);
  const m = useQaMutations();

  async function draw() {
    try {
      await m.sample.mutateAsync({ month, perOperator });
      message.success("已完成本月抽样");
    } catch (e) {
      message.error(e instanceof Error ? e.message : "抽样失败");
    }
  }

  return (
    <Space direction="vertical" style={{ width: "100%" }} size={12}>
      <Space wrap>
        <span>月份</span>
        <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d: Dayjs | null) => d && setMonth(d.format("YYYY-MM"))} data-testid="qa-month" />
        {reviewer ? (
          <>
            <span>每人抽样</span>
            <InputNumber min={1} max={200} value={perOperator} onChange={(v) => v && setPerOperator(v)} />
            <Button type="primary" onClick={draw} loading={m.sample.isPending} data-testid="qa-draw">
              随机抽样
            </Button>
            <Button onClick={() => void download(`/api/qa/export.xlsx?month=${month}`, `质检结果-${month}.xlsx`).catch((e: unknown) => message.error(e instanceof Error ? e.message : "导出失败"))}>导出 Excel（绩效）</Button>
          </>
        ) : null}
      </Space>
      <Card size="small" title="话务员质检结果">
        <Table<QaOperatorRow>
          size="small"
          rowKey="operatorId"
          loading={operators.isLoading}
          dataSource={operators.data?.rows ?? []}
          pagination={false}
          data-testid="qa-operators"
          columns={[
            { title: "话务员", dataIndex: "name" },
            { title: "质检次数", dataIndex: "reviews", width: 80 },
            { title: "平均分", dataIndex: "averageScore", width: 80, render: (v: number | null) => v ?? "—" },
            { title: "合格/不合格", key: "pf", width: 100, render: (_v, r) => `${r.passed}/${r.failed}` },
            {
              title: "连续不合格",
              dataIndex: "consecutiveFailures",
              width: 150,
              render: (v: number, r) => (r.flagged ? <Tag color="red">连续{v}次不合格 · 预警</Tag> : v),
            },
            { title: "近六月平均分", key: "trend", render: (_v, r) => r.trend.map((x) => x.averageScore ?? "·").join(" → ") },
            { title: "岗前培训", key: "ind", width: 110, render: (_v, r) => (r.training.inductionComplete ? <Tag color="green">已满20天</Tag> : `${r.training.inductionDays}天`) },
            { title: "本月月/周培训", key: "tr", width: 120, render: (_v, r) => `${r.training.monthlyAttended}/${r.training.monthlyHeld} · ${r.training.weeklyAttended}/${r.training.weeklyHeld}` },
          ]}
        />
      </Card>
      <Card size="small" title="本月抽检通话">
        <Table<QaSampleItem>
          size="small"
          rowKey="id"
          loading={samples.isLoading}
          dataSource={samples.data?.items ?? []}
          pagination={{ pageSize: 10, size: "small" }}
          data-testid="qa-samples"
          columns={[
            { title: "话务员", key: "op", render: (_v, r) => r.call.operator?.name ?? "—" },
            { title: "通话时间", key: "at", render: (_v, r) => fmtTime(r.call.startedAt) },
            { title: "班次", dataIndex: "shift", render: (v: string) => SHIFT_LABELS[v] ?? v },
            { title: "录音", key: "rec", render: (_v, r) => (r.call.recordingUrl ? <a href={r.call.recordingUrl} target="_blank" rel="noreferrer">收听</a> : "—") },
            { title: "工单", key: "ticket", render: (_v, r) => (r.call.ticket ? <Link to={`/tickets/${r.call.ticket.id}`}>{r.call.ticket.number}</Link> : "—") },
            {
              title: "质检",
              key: "review",
              render: (_v, r) =>
                r.review ? (
                  <Tag color={r.review.passed ? "green" : "red"}>{r.review.total} 分 · {r.review.passed ? "合格" : "不合格"}</Tag>
                ) : reviewer ? (
                  <Button size="small" onClick={() => setReviewing(r.call.id)} data-testid={`qa-review-${r.call.id}`}>
                    评分
                  </Button>
                ) : (
                  "待质检"
                ),
            },
          ]}
        />
      </Card>
      {reviewer ? <TrainingCard operators={operators.data?.rows ?? []} /> : null}
      <ReviewDialog callId={reviewing} onClose={() => setReviewing(null)} />
    </Space>
  );
}

/** The scoring form: the four criteria 0–100 and a comment, with the call's recording and ticket. */
function ReviewDialog({ callId, onClose }: { callId: number | null; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<QaReviewInput["scores"] & { comment?: string }>();
  const call = useQaCall(callId);
  const m = useQaMutations();
  async function submit() {
    const v = await form.validateFields();
    try {
      const r = await m.review.mutateAsync({ callId: callId!, scores: { wording: v.wording, tone: v.tone, correctness: v.correctness, completeness: v.completeness }, comment: v.comment || undefined });
      message.success(`已评分：${r.total} 分，${r.passed ? "合格" : "不合格"}`);
      form.resetFields();
      onClose();
    } catch (e) {
      message.error(e instanceof Error ? e.message : "保存失败");
    }
  }
  const c = call.data?.call;
  return (
    <Modal open={callId !== null} title="通话质检评分" onCancel={onClose} onOk={submit} okText="提交评分" confirmLoading={m.review.isPending} destroyOnHidden>
      {c ? (
        <Typography.Paragraph>
          {c.operator?.name} · {fmtTime(c.startedAt)} · 通话 {c.handleSeconds ?? 0} 秒 ·{" "}
          {c.recordingUrl ? <a href={c.recordingUrl} target="_blank" rel="noreferrer">收听录音</a> : "无录音"} ·{" "}
          {c.ticket ? <Link to={`/tickets/${c.ticket.id}`}>工单 {c.ticket.number}</Link> : "未生成工单"}
        </Typography.Paragraph>
      ) : null}
      <Form form={form} layout="horizontal" labelCol={{ span: 6 }} initialValues={{ wording: 90, tone: 90, correctness: 90, completeness: 90 }}>
        {CRITERIA.map((k) => (
          <Form.Item key={k} label={QA_CRITERIA_LABELS[k]} name={k} rules={[{ required: true, type: "number", min: 0, max: 100 }]}>
            <InputNumber min={0} max={100} data-testid={`qa-score-${k}`} />
          </Form.Item>
        ))}
        <Form.Item label="评语" name="comment">
          <Input.TextArea rows={2} maxLength={2000} data-testid="qa-comment" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 培训记录: the 20-day induction, monthly and weekly trainings, with attendance. */
function TrainingCard({ operators }: { operators: QaOperatorRow[] }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Omit<TrainingInput, "date"> & { date: Dayjs }>();
  const training = useTraining();
  const m = useQaMutations();
  const names = new Map(operators.map((o) => [o.operatorId, o.name]));
  async function submit() {
    const v = await form.validateFields();
    try {
      await m.training.mutateAsync({ ...v, date: v.date.format("YYYY-MM-DD") });
      message.success("培训记录已保存");
      form.resetFields();
    } catch (e) {
      message.error(e instanceof Error ? e.message : "保存失败");
    }
  }
  return (
    <Card size="small" title="培训记录">
      <Form form={form} layout="inline" initialValues={{ kind: "weekly", attended: true, days: 1 }}>
        <Form.Item name="operatorId" rules={[{ required: true, message: "选择话务员" }]}>
          <Select style={{ width: 140 }} placeholder="话务员" options={operators.map((o) => ({ value: o.operatorId, label: o.name }))} />
        </Form.Item>
        <Form.Item name="kind">
          <Select style={{ width: 150 }} options={Object.entries(TRAINING_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="title" rules={[{ required: true, message: "填写主题" }]}>
          <Input placeholder="培训主题" style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="date" rules={[{ required: true, message: "选择日期" }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="days" label="天数">
          <InputNumber min={1} max={60} />
        </Form.Item>
        <Form.Item name="attended" label="出勤" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Button onClick={submit} loading={m.training.isPending}>
          保存
        </Button>
      </Form>
      <Table
        size="small"
        rowKey="id"
        style={{ marginTop: 8 }}
        dataSource={training.data?.items ?? []}
        pagination={{ pageSize: 5, size: "small" }}
        columns={[
          { title: "话务员", dataIndex: "operatorId", render: (v: number) => names.get(v) ?? v },
          { title: "类型", dataIndex: "kind", render: (v: string) => TRAINING_KIND_LABELS[v] ?? v },
          { title: "主题", dataIndex: "title" },
          { title: "日期", dataIndex: "date" },
          { title: "天数", dataIndex: "days" },
          { title: "出勤", dataIndex: "attended", render: (v: boolean) => (v ? "出勤" : <Tag color="orange">缺勤</Tag>) },
        ]}
      />
    </Card>
  );
}
