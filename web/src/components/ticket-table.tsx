import { useState, type ReactNode } from "react";
import { Link } from "react-router-dom";
import { Alert, Button, Space, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table/index.js";
import { useTicketPage } from "../api/hooks.js";
import type { Ticket, TicketListFilter } from "../api/types.js";
import { CHANNEL_LABELS } from "../lib/labels.js";
import { fmtTime } from "../lib/time.js";
import { currentDeadline, DeadlineCountdown, OverdueTags, StatusTag, UrgencyTag } from "./ticket-tags.js";
import { useUnitName } from "./unit-select.js";

interface Props {
  filter: TicketListFilter;
  actions?: (t: Ticket) => ReactNode;
  showUnit?: boolean;
  pageSize?: number;
  testId?: string;
  /** Keeps only the rows passing this test (for filters the server does not offer yet). */
  keep?: (t: Ticket) => boolean;
}

/**
 * Server-paginated ticket list: keyset cursors (never OFFSET), so it stays fast with a million tickets.
 * "上一页" walks back through the cursors already seen.
 */
export function TicketTable({ filter, actions, showUnit = true, pageSize = 20, testId, keep }: Props) {
  const key = JSON.stringify(filter);
  const [paging, setPaging] = useState<{ key: string; cursors: (string | null)[] }>({ key, cursors: [null] });
  // A new filter starts again at the first page (reset during render, so no request goes out with a stale cursor).
  if (paging.key !== key) setPaging({ key, cursors: [null] });
  const cursors = paging.key === key ? paging.cursors : [null];
  const setCursors = (f: (c: (string | null)[]) => (string | null)[]) => setPaging((p) => ({ key: p.key, cursors: f(p.cursors) }));
  const cursor = cursors[cursors.length - 1] ?? undefined;
  const q = useTicketPage({ ...filter, limit: pageSize, cursor: cursor ?? undefined });
  const unitName = useUnitName();

  const columns: ColumnsType<Ticket> = [
    {
      title: "工单编号",
      dataIndex: "number",
      width: 145,
      render: (n: string, t) => <Link to={`/tickets/${t.id}`}>{n}</Link>,
    },
    {
      title: "标题",
      dataIndex: "title",
      width: 240,
      ellipsis: true,
      render: (title: string, t) => (
        <Space size={4}>
          {t.business && <Typography.Text type="warning">[营商]</Typography.Text>}
          {t.redoCount > 0 && <Typography.Text type="danger">[重办{t.redoCount}]</Typography.Text>}
          <Link to={`/tickets/${t.id}`}>{title}</Link>
        </Space>
      ),
    },
    { title: "状态", dataIndex: "status", width: 96, render: (s: Ticket["status"]) => <StatusTag status={s} /> },
    { title: "紧急", dataIndex: "urgency", width: 72, render: (u: Ticket["urgency"]) => <UrgencyTag urgency={u} /> },
    // 上级转办, 市长信箱: four characters on one line (issue 18 point 6).
    { title: "渠道", dataIndex: "channel", width: 84, render: (c: Ticket["channel"]) => <span style={{ whiteSpace: "nowrap" }}>{CHANNEL_LABELS[c] ?? c}</span> },
    { title: "受理时间", dataIndex: "receivedAt", width: 128, render: (v: string) => fmtTime(v) },
    ...(showUnit
      ? [{ title: "承办单位", dataIndex: "leadUnitId", width: 150, ellipsis: true, render: (id: number | null) => unitName(id) }]
      : []),
    {
      // Always in view (issue 18 point 5): fixed at the right, beside the actions.
      title: "时限",
      key: "deadline",
      width: 170,
      fixed: "right" as const,
      render: (_: unknown, t: Ticket) => {
        const d = currentDeadline(t);
        return (
          <Space size={2} wrap>
            {d ? <DeadlineCountdown at={d.at} label={d.label} /> : <span style={{ color: "#767676" }}>—</span>}
            <OverdueTags t={t} />
          </Space>
        );
      },
    },
    ...(actions ? [{ title: "操作", key: "actions", width: 170, fixed: "right" as const, render: (_: unknown, t: Ticket) => actions(t) }] : []),
  ];
  // Headers never wrap one character per line (issue 18 point 5).
  for (const c of columns) c.onHeaderCell = () => ({ style: { whiteSpace: "nowrap" } });

  return (
    <div data-testid={testId}>
      {q.error && <Alert type="error" showIcon message={q.error.message} style={{ marginBottom: 8 }} />}
      <Table<Ticket>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={keep ? (q.data?.items ?? []).filter(keep) : (q.data?.items ?? [])}
        loading={q.isFetching && (q.isPlaceholderData || !q.data)}
        pagination={false}
        locale={{ emptyText: <span style={{ color: "#666666" }}>暂无工单</span> }}
        scroll={{ x: 1100 }}
      />
      <Space style={{ marginTop: 8, justifyContent: "flex-end", width: "100%" }}>
        <span style={{ color: "#666666" }}>第 {cursors.length} 页</span>
        <Button size="small" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          上一页
        </Button>
        <Button
          size="small"
          disabled={!q.data?.nextCursor}
          onClick={() => q.data?.nextCursor && setCursors((c) => [...c, q.data.nextCursor])}
        >
          下一页
        </Button>
      </Space>
    </div>
  );
}
