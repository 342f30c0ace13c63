import { useState } from "react";
import { Button, Card, Space, Table, Tag, Typography } from "antd";
import { useAuth } from "../../auth/auth-context.js";
import { useNotices, useOrders, type SupervisionNotice, type SupervisionOrder } from "../../api/supervision.js";
import { fmtTime } from "../../lib/time.js";
import { AnswerDialog, DocxButton } from "./supervision-dialogs.js";
import { NOTICE_STATUS, ORDER_FORM_LABELS, ORDER_STATUS } from "./labels.js";

/** 承办工作台: the unit's notices (提示/警示) and supervision orders with their deadlines, answered from here. */
export function UnitSupervisionInbox() {
  const { user, hasRole } = useAuth();
  const unitId = user?.unitId ?? undefined;
  const notices = useNotices({ unitId }, unitId !== undefined);
  const orders = useOrders({ unitId }, unitId !== undefined);
  const [answer, setAnswer] = useState<{ path: string; title: string } | null>(null);
  const pending = (notices.data?.items ?? []).filter((n) => n.status !== "answered").length + (orders.data?.items ?? []).filter((o) => o.status === "open" || o.status === "overdue").length;
  return (
    <Card size="small" title={<Space>督办事项{pending > 0 && <Tag color="red">{pending} 件待反馈</Tag>}</Space>} data-testid="unit-supervision">
      <Typography.Text strong>提示 / 警示</Typography.Text>
      <Table<SupervisionNotice>
        size="small"
        rowKey="id"
        pagination={false}
        loading={notices.isLoading}
        dataSource={notices.data?.items ?? []}
        locale={{ emptyText: "暂无督办通知" }}
        data-testid="unit-notices"
        columns={[
          { title: "文号", dataIndex: "number", width: 150 },
          { title: "类别", dataIndex: "kind", width: 70, render: (k) => <Tag color={k === "warning" ? "red" : "orange"}>{k === "warning" ? "警示" : "提示"}</Tag> },
          { title: "督办要求", dataIndex: "content", ellipsis: true },
          { title: "反馈期限", dataIndex: "dueAt", width: 150, render: (d) => fmtTime(d) },
          { title: "状态", dataIndex: "status", width: 100, render: (s: SupervisionNotice["status"]) => <Tag color={NOTICE_STATUS[s].color}>{NOTICE_STATUS[s].text}</Tag> },
          {
            title: "操作",
            width: 190,
            render: (_: unknown, n) => (
              <Space>
                <DocxButton path={`/api/supervision/notices/${n.id}/document`} filename={`${n.number}.docx`} label="函件" />
                {hasRole("unit_leader") && !n.respondedAt && (
                  <Button size="small" type="primary" data-testid={`answer-notice-${n.id}`} onClick={() => setAnswer({ path: `/api/supervision/notices/${n.id}/response`, title: `反馈 ${n.number}` })}>
                    反馈
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Typography.Text strong style={{ display: "block", marginTop: 12 }}>
        督办单
      </Typography.Text>
      <Table<SupervisionOrder>
        size="small"
        rowKey="id"
        pagination={false}
        loading={orders.isLoading}
        dataSource={orders.data?.items ?? []}
        locale={{ emptyText: "暂无督办单" }}
        columns={[
          { title: "编号", dataIndex: "number", width: 150 },
          { title: "形式", dataIndex: "form", width: 110, render: (f: SupervisionOrder["form"]) => ORDER_FORM_LABELS[f] },
          { title: "督办要求", dataIndex: "requirement", ellipsis: true },
          { title: "反馈期限", dataIndex: "dueAt", width: 150, render: (d) => fmtTime(d) },
          { title: "状态", dataIndex: "status", width: 100, render: (s: SupervisionOrder["status"]) => <Tag color={ORDER_STATUS[s].color}>{ORDER_STATUS[s].text}</Tag> },
          {
            title: "操作",
            width: 150,
            render: (_: unknown, o) => (
              <Space>
                <a href={`/tickets/${o.ticketId}`}>工单</a>
                {(o.status === "open" || o.status === "overdue") && (
                  <Button size="small" type="primary" onClick={() => setAnswer({ path: `/api/supervision/orders/${o.id}/response`, title: `反馈 ${o.number}` })}>
                    反馈
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {answer && <AnswerDialog path={answer.path} title={answer.title} onClose={() => setAnswer(null)} />}
    </Card>
  );
}
