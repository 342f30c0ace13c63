import { useState } from "react";
import { Card, DatePicker, Form, Input, Select, Space, Switch } from "antd";
import type { Dayjs } from "dayjs";
import { TicketTable } from "../components/ticket-table.js";
import { ExportButtons } from "../components/export-buttons.js";
import { STATUS_LABELS } from "../lib/labels.js";
import { dayEndIso, dayStartIso } from "../lib/time.js";
import type { TicketListFilter } from "../api/types.js";
import { useAuth } from "../auth/auth-context.js";
import { QueueFilters, ResultCount } from "../components/queue-filters.js";

/** 工单查询: search and filter every ticket the user may see, server-paginated, with exports. */
export default function TicketsPage() {
  const { hasRole } = useAuth();
  const [filter, setFilter] = useState<TicketListFilter>({});
  const [q, setQ] = useState("");
  const canExport = hasRole("admin", "supervisor", "dispatcher", "viewer");

  function set(patch: Partial<TicketListFilter>) {
    setFilter((f) => ({ ...f, ...patch }));
  }

  const exportFilter = {
    status: filter.status,
    q: filter.q,
    overdue: filter.overdue ? "true" : undefined,
    receivedFrom: filter.receivedFrom,
    receivedTo: filter.receivedTo,
  };

  return (
    <Card size="small" title="工单查询" extra={canExport && <ExportButtons filter={exportFilter} />}>
      <Form layout="inline" style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item label="关键字" htmlFor="filter-q">
          <Input.Search
            id="filter-q"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onSearch={(v) => set({ q: v || undefined })}
            placeholder="标题、内容或编号"
            allowClear
            style={{ width: 240 }}
          />
        </Form.Item>
        <Form.Item label="状态" htmlFor="filter-status">
          <Select
            id="filter-status"
            allowClear
            mode="multiple"
            style={{ minWidth: 200 }}
            placeholder="全部"
            options={Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))}
            onChange={(v: string[]) => set({ status: v.length ? v.join(",") : undefined })}
          />
        </Form.Item>
        <Form.Item label="受理日期" htmlFor="filter-received">
          <DatePicker.RangePicker
            id={{ start: "filter-received" }}
            onChange={(r) => {
              const [a, b] = (r ?? [null, null]) as [Dayjs | null, Dayjs | null];
              set({
                receivedFrom: a ? dayStartIso(a.format("YYYY-MM-DD")) : undefined,
                receivedTo: b ? dayEndIso(b.format("YYYY-MM-DD")) : undefined,
              });
            }}
          />
        </Form.Item>
        <QueueFilters filter={filter} set={set} />
        <Form.Item label="仅看超期" htmlFor="filter-overdue">
          <Switch id="filter-overdue" onChange={(v) => set({ overdue: v || undefined })} />
        </Form.Item>
      </Form>
      <Space direction="vertical" style={{ width: "100%" }}>
        <ResultCount filter={filter} />
        <TicketTable filter={filter} testId="ticket-search" />
      </Space>
    </Card>
  );
}
