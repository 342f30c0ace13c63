import { Card, Space, Statistic, Table, Tag } from "antd";
import { useAuth } from "../auth/auth-context.js";
import { useWorkload } from "../api/workday-hooks.js";
import type { Ticket } from "../api/types.js";
import { RowActions } from "./row-actions.js";

/** 本单位工作量 (issue 18): per handler and section, open and overdue, and what nobody holds yet. */
export function WorkloadCard() {
  const { user } = useAuth();
  const w = useWorkload(user?.unitId);
  if (!w.data) return null;
  return (
    <Card size="small" title="本单位工作量" data-testid="workload" style={{ marginBottom: 12 }}>
      <Space align="start" size={24} wrap>
        <Statistic title="未分办" value={w.data.unassigned} />
        <Table
          size="small"
          rowKey="userId"
          pagination={false}
          dataSource={w.data.items}
          style={{ minWidth: 360 }}
          columns={[
            { title: "承办人", dataIndex: "name" },
            { title: "在办", dataIndex: "open", width: 70 },
            { title: "超期", dataIndex: "overdue", width: 70, render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : 0) },
          ]}
        />
        {w.data.sections.length > 0 && (
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={w.data.sections}
            style={{ minWidth: 240 }}
            columns={[
              { title: "科室", dataIndex: "name" },
              { title: "在办", dataIndex: "open", width: 70 },
            ]}
          />
        )}
      </Space>
    </Card>
  );
}

/** A unit desk row's buttons: a 协办 tag on co-handled tickets, 我的 on the handler's own, then the row actions. */
export function DeskRowActions({ t }: { t: Ticket }) {
  const { user } = useAuth();
  const co = user?.unitId != null && t.coUnitIds.includes(user.unitId) && t.leadUnitId !== user.unitId;
  const mine = user && t.assignedUserId === user.id;
  return (
    <Space size={4} wrap>
      {co && <Tag color="cyan" data-testid="co-tag">协办</Tag>}
      {mine && <Tag color="blue">我的</Tag>}
      <RowActions t={t} />
    </Space>
  );
}
