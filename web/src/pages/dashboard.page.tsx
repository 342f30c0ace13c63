import { useMemo, useState } from "react";
import { Alert, Card, Col, DatePicker, Row, Space, Statistic, Table, Tag, Typography } from "antd";
import { useQueries, useQuery } from "@tanstack/react-query";
import type { Dayjs } from "dayjs";
import { api } from "../api/client.js";
import { useCategories, useRates, useTicketPage, useUnits } from "../api/hooks.js";
import type { RateRow, RatesReport } from "../api/types.js";
import { EChart } from "../components/echart.js";
import { ReportExport } from "../components/report-export.js";
import { ConnectionCard } from "../components/call-center/connection-card.js";
import { HotIssuesPanel } from "../components/suggestions/hot-issues-panel.js";
import { categoryPaths } from "../components/category-picker.js";
import { CHANNEL_LABELS } from "../lib/labels.js";
import { dayjs, shanghaiDate } from "../lib/time.js";

/** docs/RULES.md rule 34 (Qingpu 2024): first contact 100 %, resolution ≥ 85 %, satisfaction ≥ 85 %. */
const TARGETS = { firstContactRate: 1, resolutionRate: 0.85, satisfactionRate: 0.85 };

function pct(v: number | null | undefined): string {
  return v == null ? "—" : `${(v * 100).toFixed(1)}%`;
}

function RateCell({ v, target }: { v: number | null; target: number }) {
  if (v == null) return <span style={{ color: "#767676" }}>—</span>;
  return <span style={{ color: v >= target ? "#237804" : "#cf1322" }}>{pct(v)}</span>;
}

function sumVolume(r?: RatesReport): number {
  if (r?.total) return r.total.volume ?? 0;
  return (r?.rows ?? []).reduce((s, x) => s + (x.volume ?? 0), 0);
}

function countLabel(n: number | undefined, more: boolean): string {
  return n === undefined ? "…" : `${n}${more ? "+" : ""}`;
}

type ChannelReport = {
  rows: Array<{ date: string; channel: keyof typeof CHANNEL_LABELS; count: number }>;
  totals: Array<{ channel: keyof typeof CHANNEL_LABELS; count: number }>;
};
type ChannelDay = { date: string; counts: Partial<Record<string, number>>; total: number };

/** One row per day (newest first) with each channel's count, from GET /api/reports/channels. */
function channelDailyRows(r: ChannelReport | undefined): ChannelDay[] {
  const byDate = new Map<string, ChannelDay>();
  for (const x of r?.rows ?? []) {
    const d = byDate.get(x.date) ?? { date: x.date, counts: {}, total: 0 };
    d.counts[x.channel] = (d.counts[x.channel] ?? 0) + x.count;
    d.total += x.count;
    byDate.set(x.date, d);
  }
  return [...byDate.values()].sort((a, b) => b.date.localeCompare(a.date));
}

/** Rates grouped by a key the contract does not name (channel, region); empty when the server lacks it. */
function useOptionalRates(from: string, to: string, groupBy: string) {
  return useQuery({
    queryKey: ["reports", "rates", from, to, groupBy],
    queryFn: () => api<RatesReport>("/api/reports/rates", { query: { from, to, groupBy } }),
    retry: false,
  });
}

/** 数据看板: 日清日结, trend by day, distribution by category and channel, unit ranking with 三率, region heat. */
export default function DashboardPage() {
  const today = shanghaiDate();
  const [range, setRange] = useState<[string, string]>([dayjs(today).startOf("month").format("YYYY-MM-DD"), today]);
  const [from, to] = range;
  const units = useUnits();
  const cats = useCategories();

  const todayRates = useOptionalRates(today, today, "all");
  const backlog = useTicketPage({ status: "pending_dispatch", limit: 100 });
  const overdue = useTicketPage({ overdue: true, limit: 100 });
  const byUnit = useRates(from, to, "unit");
  const byCategory = useRates(from, to, "category");
  // Issue 16: the center's daily figures split by channel (GET /api/reports/channels), for the chosen period.
  const channelReport = useQuery({
    queryKey: ["reports", "channels", from, to],
    queryFn: () => api<ChannelReport>("/api/reports/channels", { query: { from, to } }),
    retry: false,
  });

  const days = useMemo(() => Array.from({ length: 14 }, (_, i) => dayjs(today).subtract(13 - i, "day").format("YYYY-MM-DD")), [today]);
  const trend = useQueries({
    queries: days.map((d) => ({
      queryKey: ["reports", "rates", d, d, "all"],
      queryFn: () => api<RatesReport>("/api/reports/rates", { query: { from: d, to: d, groupBy: "all" } }),
      retry: false,
    })),
  });

  const unitName = (key: RateRow["key"], label?: string) =>
    label ?? units.data?.find((u) => String(u.id) === String(key))?.name ?? String(key);
  const paths = categoryPaths(cats.data ?? []);
  const catName = (key: RateRow["key"], label?: string) =>
    paths.get(Number(key))?.split(" / ")[0] ?? label ?? (key == null || key === "" ? "未分类" : String(key));

  const o = todayRates.data?.total?.overdue;
  const todayOverdue = o ? o.sign + o.contact + o.reply : 0;
  const targets = byUnit.data?.settings?.targets ?? TARGETS;
  const channelTotals = channelReport.data?.totals ?? [];
  const channelDays = channelDailyRows(channelReport.data);

  const trendOption = {
    tooltip: { trigger: "axis" },
    grid: { left: 40, right: 16, top: 24, bottom: 24 },
    xAxis: { type: "category", data: days.map((d) => d.slice(5)) },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ name: "受理量", type: "line", areaStyle: { opacity: 0.15 }, data: trend.map((q) => sumVolume(q.data)) }],
  };

  const catAgg = new Map<string, number>();
  for (const r of byCategory.data?.rows ?? []) {
    const name = catName(r.key, r.label);
    catAgg.set(name, (catAgg.get(name) ?? 0) + r.volume);
  }
  const catOption = {
    tooltip: { trigger: "item" },
    // The legend below the ring, paged like the channels': beside it, it covered half the ring at 1280 px (issue 18 point 6).
    legend: { type: "scroll", bottom: 0 },
    series: [
      {
        name: "诉求分类",
        type: "pie",
        radius: ["32%", "58%"],
        center: ["50%", "45%"],
        label: { show: false },
        data: [...catAgg.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([name, value]) => ({ name, value })),
      },
    ],
  };
  const channelOption = {
    tooltip: { trigger: "item" },
    legend: { bottom: 0, type: "scroll" },
    series: [
      {
        name: "来源渠道",
        type: "pie",
        radius: "60%",
        center: ["50%", "45%"],
        label: { show: false },
        data: channelTotals.map((x) => ({ name: CHANNEL_LABELS[x.channel] ?? x.channel, value: x.count })),
      },
    ],
  };
  const unitRows = [...(byUnit.data?.rows ?? [])].sort((a, b) => b.volume - a.volume);
  const top = unitRows.slice(0, 10);
  const rankOption = {
    tooltip: { trigger: "axis", valueFormatter: (v: number) => `${v}%` },
    legend: { top: 0 },
    grid: { left: 120, right: 24, top: 28, bottom: 24 },
    xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
    yAxis: { type: "category", inverse: true, data: top.map((r) => unitName(r.key, r.label)) },
    series: [
      {
        name: "先行联系率",
        type: "bar",
        data: top.map((r) => Math.round((r.firstContactRate ?? 0) * 1000) / 10),
        markLine: { symbol: "none", data: [{ xAxis: targets.firstContactRate * 100, name: "目标" }], lineStyle: { color: "#1677ff" } },
      },
      {
        name: "解决率",
        type: "bar",
        data: top.map((r) => Math.round((r.resolutionRate ?? 0) * 1000) / 10),
        markLine: {
          symbol: "none",
          data: [{ xAxis: targets.resolutionRate * 100, name: "目标" }],
          lineStyle: { color: "#cf1322", type: "dashed" },
        },
      },
      { name: "满意率", type: "bar", data: top.map((r) => Math.round((r.satisfactionRate ?? 0) * 1000) / 10) },
    ],
  };


  return (
    <Space direction="vertical" size={12} style={{ width: "100%" }} data-testid="dashboard">
      <Card size="small" title={`日清日结 · ${today}`}>
        <Row gutter={16}>
          <Col span={6}>
            <Statistic title="今日受理" value={todayRates.isLoading ? "…" : sumVolume(todayRates.data)} />
          </Col>
          <Col span={6}>
            <Statistic
              title="今日超期（签收/联系/答复）"
              value={todayRates.isLoading ? "…" : todayOverdue}
              valueStyle={{ color: todayOverdue > 0 ? "#cf1322" : undefined }}
            />
          </Col>
          <Col span={6}>
            <Statistic title="待派单" value={countLabel(backlog.data?.items.length, !!backlog.data?.nextCursor)} />
          </Col>
          <Col span={6}>
            <Statistic
              title="超期在办"
              value={countLabel(overdue.data?.items.length, !!overdue.data?.nextCursor)}
              valueStyle={{ color: (overdue.data?.items.length ?? 0) > 0 ? "#cf1322" : undefined }}
            />
          </Col>
        </Row>
      </Card>
      <Space>
        <Typography.Text>统计区间</Typography.Text>
        <DatePicker.RangePicker
          allowClear={false}
          value={[dayjs(from), dayjs(to)]}
          onChange={(r) => {
            const [a, b] = (r ?? []) as Dayjs[];
            if (a && b) setRange([a.format("YYYY-MM-DD"), b.format("YYYY-MM-DD")]);
          }}
        />
        {byUnit.data && <Tag>口径版本 {String(byUnit.data.formulaVersion)}</Tag>}
        <ReportExport
          path={`/api/exports/rates.xlsx?from=${from}&to=${to}&groupBy=unit`}
          filename={`三率-${from}-${to}.xlsx`}
          label="导出三率报表"
        />
        <ReportExport
          path={`/api/exports/rates.xlsx?from=${from}&to=${to}&groupBy=channel`}
          filename={`分渠道三率-${from}-${to}.xlsx`}
          label="导出分渠道三率"
        />
      </Space>
      {byUnit.error && <Alert type="error" showIcon message={byUnit.error.message} />}
      <Row gutter={12}>
        <Col xs={24} xl={12}>
          <Card size="small" title="近14日受理趋势">
            <EChart option={trendOption} testId="chart-trend" />
          </Card>
        </Col>
        <Col xs={24} xl={6}>
          <Card size="small" title="诉求分类分布">
            <EChart option={catOption} testId="chart-category" />
          </Card>
        </Col>
        <Col xs={24} xl={6}>
          <Card size="small" title="来源渠道分布">
            <EChart option={channelOption} testId="chart-channel" />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={`每日分渠道受理（${from} 至 ${to}）`}>
        {channelReport.error && <Alert type="error" showIcon message={channelReport.error.message} />}
        <Table<ChannelDay>
          size="small"
          data-testid="channel-daily"
          rowKey="date"
          dataSource={channelDays}
          pagination={{ pageSize: 10, size: "small" }}
          scroll={{ x: true }}
          columns={[
            { title: "日期", dataIndex: "date", width: 110 },
            ...channelTotals.map((x) => ({
              title: `${CHANNEL_LABELS[x.channel] ?? x.channel}`,
              key: x.channel,
              width: 80,
              render: (_v: unknown, r: ChannelDay) => r.counts[x.channel] ?? 0,
            })),
            { title: "合计", dataIndex: "total", width: 80 },
          ]}
          summary={() =>
            channelDays.length > 0 ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
                {channelTotals.map((x, i) => (
                  <Table.Summary.Cell key={x.channel} index={i + 1}>
                    {x.count}
                  </Table.Summary.Cell>
                ))}
                <Table.Summary.Cell index={channelTotals.length + 1}>{channelTotals.reduce((a, x) => a + x.count, 0)}</Table.Summary.Cell>
              </Table.Summary.Row>
            ) : null
          }
        />
      </Card>
      <Row gutter={12}>
        <Col xs={24} xl={12}>
          <Card size="small" title="承办单位三率（前10，按承办量）">
            <EChart option={rankOption} height={360} testId="chart-units" />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title={`单位排名与目标（先行联系率 ${pct(targets.firstContactRate)}，解决率 ≥ ${pct(targets.resolutionRate)}，满意率 ≥ ${pct(targets.satisfactionRate)}）`}
          >
            <Table<RateRow>
              size="small"
              rowKey={(r) => String(r.key)}
              dataSource={unitRows}
              pagination={{ pageSize: 8, size: "small" }}
              columns={[
                { title: "排名", key: "rank", width: 50, render: (_v, _r, i) => i + 1 },
                { title: "单位", dataIndex: "key", render: (k: RateRow["key"], r) => unitName(k, r.label) },
                { title: "承办量", dataIndex: "volume", width: 70 },
                { title: "先行联系率", dataIndex: "firstContactRate", render: (v: number | null) => <RateCell v={v} target={targets.firstContactRate} /> },
                { title: "解决率", dataIndex: "resolutionRate", render: (v: number | null) => <RateCell v={v} target={targets.resolutionRate} /> },
                { title: "满意率", dataIndex: "satisfactionRate", render: (v: number | null) => <RateCell v={v} target={targets.satisfactionRate} /> },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <ConnectionCard from={from} to={to} />
      <HotIssuesPanel from={from} to={to} />
    </Space>
  );
}
