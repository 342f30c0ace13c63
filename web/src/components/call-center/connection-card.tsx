import { Card, Col, Row, Statistic, Typography } from "antd";
import { useMemo } from "react";
import { ApiError } from "../../api/client.js";
import { useCallRates } from "../../api/call-center.js";
import { EChart, type EChartsCoreOption } from "../echart.js";

const pct = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${(v * 100).toFixed(1)}%`);

/**
 * 话务接通 on the dashboard: the period's connection rate against the target (Chengdu ≥ 95 %), answered
 * within the target seconds, average speed of answer, abandonment, and the daily curve. Hidden for roles
 * the call-center figures are not for (the server answers 403).
 */
export function ConnectionCard({ from, to }: { from: string; to: string }) {
  const rates = useCallRates(from, to, "day");
  const option = useMemo<EChartsCoreOption>(() => {
    const rows = rates.data?.rows ?? [];
    const target = rates.data?.targets.connectionRate ?? 0.95;
    return {
      tooltip: { trigger: "axis" },
      legend: { data: ["呼入量", "接通率"] },
      grid: { left: 40, right: 40, top: 30, bottom: 24 },
      xAxis: { type: "category", data: rows.map((r) => r.start.slice(5, 10)) },
      yAxis: [{ type: "value", name: "通" }, { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } }],
      series: [
        { name: "呼入量", type: "bar", data: rows.map((r) => r.offered), itemStyle: { color: "#91caff" } },
        { name: "接通率", type: "line", yAxisIndex: 1, data: rows.map((r) => (r.connectionRate === null ? null : +(r.connectionRate * 100).toFixed(1))), markLine: { silent: true, symbol: "none", data: [{ yAxis: target * 100, name: "目标" }], lineStyle: { color: "#cf1322", type: "dashed" } } },
      ],
    };
  }, [rates.data]);
  if (rates.error instanceof ApiError && rates.error.status === 403) return null;
  const t = rates.data?.total;
  const target = rates.data?.targets;
  const below = t?.connectionRate !== null && t?.connectionRate !== undefined && target ? t.connectionRate < target.connectionRate : false;
  return (
    <Card size="small" title={`话务接通（目标：接通率 ≥ ${pct(target?.connectionRate ?? 0.95)}，${target?.answerTargetSeconds ?? 15}秒内应答）`} data-testid="connection-card" loading={rates.isLoading}>
      <Row gutter={16}>
        <Col span={6}>
          <Statistic title="接通率" value={pct(t?.connectionRate)} valueStyle={{ color: below ? "#cf1322" : "#237804" }} />
        </Col>
        <Col span={6}>
          <Statistic title={`${target?.answerTargetSeconds ?? 15}秒内接通`} value={pct(t?.serviceLevel)} />
        </Col>
        <Col span={6}>
          <Statistic title="平均应答（秒）" value={t?.averageSpeedOfAnswerSeconds ?? "—"} />
        </Col>
        <Col span={6}>
          <Statistic title="放弃率" value={pct(t?.abandonmentRate)} />
        </Col>
      </Row>
      {t && t.offered > 0 ? <EChart option={option} height={200} /> : <Typography.Text type="secondary">此期间无话务数据</Typography.Text>}
    </Card>
  );
}
