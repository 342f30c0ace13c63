import { useState } from "react";
import { Alert, Button, Card, Space, Table, Typography } from "antd";
import { ApiError } from "../../api/client.js";
import { useAuditLog } from "../../api/hooks.js";
import type { AuditEntry, Page } from "../../api/types.js";
import { fmtTime } from "../../lib/time.js";
import { AUDIT_ACTION_LABELS, AUDIT_TARGET_LABELS, auditDetail } from "../../lib/audit-labels.js";
import { Link } from "react-router-dom";

/** 审计日志: phone reveals, exports and admin edits, newest first, cursor-paginated. */
export default function AuditAdminPage() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const q = useAuditLog(cursors[cursors.length - 1] ?? null);
  const items = Array.isArray(q.data) ? q.data : (q.data?.items ?? []);
  const next = Array.isArray(q.data) ? null : (q.data as Page<AuditEntry> | undefined)?.nextCursor;
  return (
    <Card size="small" title="审计日志">
      {q.error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 8 }}
          message={q.error instanceof ApiError && q.error.status === 404 ? "服务端尚未提供审计日志查询接口（GET /api/audit-log）" : q.error.message}
        />
      )}
      <Table<AuditEntry>
        size="small"
        rowKey="id"
        loading={q.isFetching}
        dataSource={items}
        pagination={false}
        columns={[
          { title: "时间", dataIndex: "at", width: 150, render: (v: string) => fmtTime(v) },
          { title: "操作人", key: "actor", width: 120, render: (_v, r) => r.actor?.name ?? "系统" },
          { title: "操作", dataIndex: "action", width: 160, render: (a: string) => AUDIT_ACTION_LABELS[a] ?? a },
          {
            title: "对象",
            key: "target",
            width: 160,
            render: (_v, r) =>
              !r.targetType ? (
                "—"
              ) : r.targetType === "ticket" && r.targetId ? (
                <Link to={`/tickets/${r.targetId}`}>工单 {r.targetId}</Link>
              ) : (
                `${AUDIT_TARGET_LABELS[r.targetType] ?? r.targetType} ${r.targetId ?? ""}`
              ),
          },
          {
            title: "详情",
            dataIndex: "data",
            render: (d: Record<string, unknown> | undefined, r) => <Typography.Text style={{ fontSize: 12 }}>{auditDetail(r.action, d)}</Typography.Text>,
          },
        ]}
      />
      <Space style={{ marginTop: 8 }}>
        <Button size="small" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          上一页
        </Button>
        <Button size="small" disabled={!next} onClick={() => next && setCursors((c) => [...c, next])}>
          下一页
        </Button>
      </Space>
    </Card>
  );
}
