import { Card, DatePicker, Radio, Space, Table, Tabs } from "antd";
import { useState } from "react";
import type { Dayjs } from "dayjs";
import { download } from "../api/client.js";
import { useCallRates, useOperatorCallRates, type CallRates } from "../api/call-center.js";
import { useAuth } from "../auth/auth-context.js";
import { ConnectionCard } from "../components/call-center/connection-card.js";
import { QaPanel } from "../components/call-center/qa-panel.js";
import { StaffingPanel } from "../components/call-center/staffing-panel.js";
import { dayjs } from "../lib/time.js";

const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);

/** 话务中心 (docs/CALL-CENTER.md): connection figures, staffing forecast, quality inspection and training. */
export default function CallCenterPage() {
  const { hasRole } = useAuth();
  const figures = hasRole("admin", "supervisor", "viewer", "qa_reviewer");
  const items = [
    ...(figures ? [{ key: "rates", label: "接通率", children: <RatesTab /> }, { key: "staffing", label: "排班预测", children: <StaffingPanel /> }] : []),
    { key: "qa", label: hasRole("operator") && !figures ? "我的质检" : "质检与培训", children: <QaPanel /> },
  ];
  return <Tabs items={items} destroyOnHidden />;
}

function RatesTab() {
  const [range, setRange] = useState<[string, string]>([dayjs().subtract(6, "day").format("YYYY-MM-DD"), dayjs().format("YYYY-MM-DD")]);
  const [interval, setInterval] = useState<"hour" | "day">("day");
  const rates = useCallRates(range[0], range[1], interval);
  const ops = useOperatorCallRates(range[0], range[1]);
  return (
    <Space direction="vertical" style={{ width: "100%" }} size={12}>
      <Space wrap>
        <DatePicker.RangePicker allowClear={false} value={[dayjs(range[0]), dayjs(range[1])]} onChange={(v) => v?.[0] && v[1] && setRange([(v[0] as Dayjs).format("YYYY-MM-DD"), (v[1] as Dayjs).format("YYYY-MM-DD")])} />
        <Radio.Group value={interval} onChange={(e) => setInterval(e.target.value as "hour" | "day")} optionType="button" options={[{ value: "day", label: "按日" }, { value: "hour", label: "按小时" }]} />
        <a onClick={() => void download(`/api/call-center/rates.xlsx?from=${range[0]}&to=${range[1]}&interval=${interval}`, `接通率-${range[0]}-${range[1]}.xlsx`)}>导出 Excel</a>
      </Space>
      <ConnectionCard from={range[0]} to={range[1]} />
      <Card size="small" title={interval === "day" ? "每日接通" : "每小时接通"}>
        <Table<CallRates["rows"][number]>
          size="small"
          rowKey="start"
          loading={rates.isLoading}
          dataSource={rates.data?.rows ?? []}
          pagination={{ pageSize: 24, size: "small" }}
          columns={[
            { title: "时段", dataIndex: "start", render: (v: string) => (interval === "day" ? v.slice(0, 10) : v.slice(0, 16).replace("T", " ")) },
            { title: "呼入", dataIndex: "offered" },
            { title: "接通", dataIndex: "answered" },
            { title: "及时接通", dataIndex: "answeredWithinTarget" },
            { title: "放弃", dataIndex: "abandoned" },
            { title: "接通率", dataIndex: "connectionRate", render: pct },
            { title: "平均应答（秒）", dataIndex: "averageSpeedOfAnswerSeconds", render: (v: number | null) => v ?? "—" },
          ]}
        />
      </Card>
      <Card size="small" title="话务员接听">
        <Table
          size="small"
          rowKey="operatorId"
          dataSource={ops.data?.rows ?? []}
          pagination={false}
          columns={[
            { title: "话务员", dataIndex: "name" },
            { title: "接听", dataIndex: "answered" },
            { title: "及时接听", dataIndex: "answeredWithinTarget" },
            { title: "转接", dataIndex: "transferred" },
            { title: "生成工单", dataIndex: "ticketsLinked" },
            { title: "平均应答（秒）", dataIndex: "averageSpeedOfAnswerSeconds", render: (v: number | null) => v ?? "—" },
            { title: "平均通话（秒）", dataIndex: "averageHandleSeconds", render: (v: number | null) => v ?? "—" },
          ]}
        />
      </Card>
    </Space>
  );
}
