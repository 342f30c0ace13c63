import { Alert, Button, Card, Col, DatePicker, Descriptions, Form, InputNumber, Row, Space, Table, Typography } from "antd";
import { useMemo, useState } from "react";
import type { Dayjs } from "dayjs";
import { api } from "../../api/client.js";
import { useStaffing, type ErlangResult } from "../../api/call-center.js";
import { DAY_KIND_LABELS } from "../../lib/labels.js";
import { dayjs } from "../../lib/time.js";
import { EChart, type EChartsCoreOption } from "../echart.js";

/**
 * 排班预测: the day's forecast calls per half hour against the planned seats (and the seats Erlang C
 * needs after shrinkage), the shift plan, and an Erlang C calculator for one interval.
 */
export function StaffingPanel() {
  const [date, setDate] = useState(dayjs().add(1, "day").format("YYYY-MM-DD"));
  const [sl, setSl] = useState(0.8);
  const [target, setTarget] = useState(15);
  const staffing = useStaffing(date, sl, target);
  const s = staffing.data;
  const option = useMemo<EChartsCoreOption>(() => {
    const iv = s?.intervals ?? [];
    return {
      tooltip: { trigger: "axis" },
      legend: { data: ["预测来话", "需排坐席", "计划坐席"] },
      grid: { left: 44, right: 44, top: 34, bottom: 28 },
      xAxis: { type: "category", data: iv.map((i) => i.start.slice(11, 16)) },
      yAxis: [{ type: "value", name: "来话/半小时" }, { type: "value", name: "坐席" }],
      series: [
        { name: "预测来话", type: "bar", data: iv.map((i) => i.forecastCalls), itemStyle: { color: "#91caff" } },
        { name: "需排坐席", type: "line", yAxisIndex: 1, step: "end", data: iv.map((i) => i.scheduledAgents), lineStyle: { type: "dashed" } },
        { name: "计划坐席", type: "line", yAxisIndex: 1, step: "end", data: iv.map((i) => i.plannedSeats), lineStyle: { width: 3 }, itemStyle: { color: "#389e0d" } },
      ],
    };
  }, [s]);
  const peak = s ? Math.max(0, ...s.intervals.map((i) => i.plannedSeats)) : 0;
  const totalCalls = s ? Math.round(s.intervals.reduce((x, i) => x + i.forecastCalls, 0)) : 0;
  return (
    <Space direction="vertical" style={{ width: "100%" }} size={12}>
      <Card size="small" title="排班预测（按半小时）" data-testid="staffing-card">
        <Space wrap style={{ marginBottom: 8 }}>
          <span>日期</span>
          <DatePicker allowClear={false} value={dayjs(date)} onChange={(d: Dayjs | null) => d && setDate(d.format("YYYY-MM-DD"))} data-testid="staffing-date" />
          <span>服务水平</span>
          <InputNumber min={0.5} max={0.99} step={0.05} value={sl} onChange={(v) => v && setSl(v)} />
          <span>应答目标（秒）</span>
          <InputNumber min={1} max={600} value={target} onChange={(v) => v && setTarget(v)} />
        </Space>
        {staffing.error ? <Alert type="error" message={staffing.error.message} /> : null}
        {s ? (
          <>
            <Descriptions size="small" column={4}>
              <Descriptions.Item label="日期类型">{DAY_KIND_LABELS[s.dayKind]}</Descriptions.Item>
              <Descriptions.Item label="参照日">{s.referenceDates.length ? s.referenceDates.join("、") : "无历史话务"}</Descriptions.Item>
              <Descriptions.Item label="趋势系数">{s.trend}</Descriptions.Item>
              <Descriptions.Item label="预测来话 / 峰值坐席">
                <span data-testid="staffing-summary">
                  {totalCalls} 通 / {peak} 席
                </span>
              </Descriptions.Item>
            </Descriptions>
            <EChart option={option} height={300} testId="staffing-curve" />
            <Table
              size="small"
              rowKey="start"
              pagination={false}
              dataSource={s.shifts}
              data-testid="shift-plan"
              columns={[
                { title: "班次开始", dataIndex: "start", render: (v: string) => v.slice(11, 16) },
                { title: "班次结束", dataIndex: "end", render: (v: string) => (v.slice(0, 10) !== s.date ? "24:00" : v.slice(11, 16)) },
                { title: "上岗人数", dataIndex: "agents" },
              ]}
            />
          </>
        ) : null}
      </Card>
      <ErlangCalculator />
    </Space>
  );
}

interface CalcValues {
  calls: number;
  intervalMinutes: number;
  ahtSeconds: number;
  targetSeconds: number;
  serviceLevel: number;
  maxOccupancy: number;
  shrinkage: number;
}

/** Erlang C for one interval: the example of docs/CALL-CENTER.md as the starting values. */
function ErlangCalculator() {
  const [form] = Form.useForm<CalcValues>();
  const [result, setResult] = useState<ErlangResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function run(v: CalcValues) {
    try {
      setError(null);
      setResult(await api<ErlangResult>("/api/call-center/erlang-c", { query: { ...v } }));
    } catch (e) {
      setResult(null);
      setError(e instanceof Error ? e.message : "计算失败");
    }
  }
  return (
    <Card size="small" title="Erlang C 坐席测算">
      <Form form={form} layout="inline" initialValues={{ calls: 100, intervalMinutes: 30, ahtSeconds: 180, targetSeconds: 20, serviceLevel: 0.8, maxOccupancy: 0.85, shrinkage: 0.3 }} onFinish={run}>
        <Form.Item label="来话量" name="calls"><InputNumber min={0} /></Form.Item>
        <Form.Item label="时段（分）" name="intervalMinutes"><InputNumber min={1} /></Form.Item>
        <Form.Item label="平均处理（秒）" name="ahtSeconds"><InputNumber min={1} /></Form.Item>
        <Form.Item label="应答目标（秒）" name="targetSeconds"><InputNumber min={1} /></Form.Item>
        <Form.Item label="服务水平" name="serviceLevel"><InputNumber min={0} max={1} step={0.05} /></Form.Item>
        <Form.Item label="占用率上限" name="maxOccupancy"><InputNumber min={0} max={1} step={0.05} /></Form.Item>
        <Form.Item label="缺勤率" name="shrinkage"><InputNumber min={0} max={0.99} step={0.05} /></Form.Item>
        <Button htmlType="submit" type="primary">测算</Button>
      </Form>
      {error ? <Alert style={{ marginTop: 8 }} type="error" message={error} /> : null}
      {result ? (
        <Row gutter={16} style={{ marginTop: 12 }} data-testid="erlang-result">
          <Col><Typography.Text>在线坐席 <b>{result.agents}</b></Typography.Text></Col>
          <Col><Typography.Text>排班坐席 <b>{result.scheduledAgents}</b></Typography.Text></Col>
          <Col><Typography.Text>服务水平 {(result.serviceLevel * 100).toFixed(1)}%</Typography.Text></Col>
          <Col><Typography.Text>占用率 {(result.occupancy * 100).toFixed(1)}%</Typography.Text></Col>
          <Col><Typography.Text>排队概率 {(result.waitProbability * 100).toFixed(1)}%</Typography.Text></Col>
          <Col><Typography.Text>平均应答 {result.averageSpeedOfAnswerSeconds.toFixed(1)} 秒</Typography.Text></Col>
        </Row>
      ) : null}
    </Card>
  );
}
