import { useState } from "react";
import { App, Button, Card, Form, Input, Space, Tag, Timeline, Typography } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client.js";
import { keys } from "../../api/hooks.js";
import { useNotices, useOrders } from "../../api/supervision.js";
import type { TicketDetail } from "../../api/types.js";
import { useAuth } from "../../auth/auth-context.js";
import { fmtTime } from "../../lib/time.js";
import { OrderDialog } from "./supervision-dialogs.js";
import { NOTICE_STATUS, ORDER_FORM_LABELS, ORDER_SOURCE_LABELS, ORDER_STATUS } from "./labels.js";

/** The ticket's supervision history (orders and notices naming it) and, for special tickets, the progress report (rule 8). */
export function TicketSupervision({ t }: { t: TicketDetail }) {
  const { hasRole } = useAuth();
  const center = hasRole("supervisor") || hasRole("admin") || hasRole("dispatcher") || hasRole("viewer") || hasRole("follow_up");
  // The roles that read supervision records (server: supervision.policy.ts READ_RECORDS).
  const mayRead = center || hasRole("unit_leader") || hasRole("unit_handler");
  const orders = useOrders({ ticketId: t.id }, mayRead);
  const notices = useNotices({ ticketId: t.id }, center);
  const [ordering, setOrdering] = useState(false);
  const items = [
    ...(orders.data?.items ?? []).map((o) => ({
      at: o.createdAt,
      children: (
        <div>
          <Typography.Text strong>督办单 {o.number}</Typography.Text> <Tag color={ORDER_STATUS[o.status].color}>{ORDER_STATUS[o.status].text}</Tag>
          <div style={{ fontSize: 12 }}>
            {ORDER_FORM_LABELS[o.form]} · {ORDER_SOURCE_LABELS[o.source]} · 期限 {fmtTime(o.dueAt)}
          </div>
          <div style={{ fontSize: 13 }}>{o.requirement}</div>
          {o.response && <div style={{ fontSize: 13, color: "#237804" }}>反馈：{o.response}</div>}
        </div>
      ),
    })),
    ...(notices.data?.items ?? []).map((n) => ({
      at: n.issuedAt,
      children: (
        <div>
          <Typography.Text strong>
            {n.kind === "warning" ? "警示" : "提示"} {n.number}
          </Typography.Text>{" "}
          <Tag color={NOTICE_STATUS[n.status].color}>{NOTICE_STATUS[n.status].text}</Tag>
          <div style={{ fontSize: 13 }}>{n.content}</div>
        </div>
      ),
    })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  const special = t.urgency === "special" || t.urgency === "special_urgent";
  if (!mayRead || (!special && items.length === 0 && !hasRole("supervisor"))) return null;
  return (
    <Card
      size="small"
      title="督办记录"
      data-testid="ticket-supervision"
      extra={hasRole("supervisor") && t.status !== "closed" && t.leadUnitId !== null && <Button size="small" onClick={() => setOrdering(true)}>下发督办单</Button>}
    >
      {special && <ProgressReport t={t} />}
      {items.length === 0 ? <Typography.Text type="secondary">暂无督办</Typography.Text> : <Timeline items={items.map((i) => ({ color: "red", children: i.children }))} />}
      {ordering && <OrderDialog ticketId={t.id} title={t.number} onClose={() => setOrdering(false)} />}
    </Card>
  );
}

/** Rule 8: the progress report a special ticket owes, with its deadline; the lead unit files it here. */
function ProgressReport({ t }: { t: TicketDetail }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const due = t.deadlines.progressDueAt;
  const may = t.allowedActions.includes("report_progress");
  return (
    <div style={{ marginBottom: 12 }} data-testid="progress-report">
      <Space>
        <Typography.Text strong>进展报告</Typography.Text>
        {due ? <Tag color={t.overdue.progress ? "red" : "orange"}>{t.overdue.progress ? "进展超期" : "应于"} {fmtTime(due)}</Tag> : <Tag color="green">已报送或无需报送</Tag>}
      </Space>
      {may && (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 8 }}
          onFinish={async (v: { content: string }) => {
            setBusy(true);
            try {
              await api(`/api/tickets/${t.id}/progress`, { method: "POST", body: { content: v.content } });
              message.success("进展已报送");
              form.resetFields();
              await qc.invalidateQueries({ queryKey: keys.ticket(t.id) });
            } catch (e) {
              message.error((e as Error).message);
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item name="content" rules={[{ required: true, message: "请填写处理进展" }]} style={{ flex: 1 }}>
            <Input placeholder="处理进展" maxLength={5000} />
          </Form.Item>
          <Button htmlType="submit" type="primary" loading={busy}>
            报送进展
          </Button>
        </Form>
      )}
    </div>
  );
}
