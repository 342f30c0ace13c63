import { useState, type CSSProperties } from "react";
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Modal, Radio, Row, Space, Tag, Typography } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client.js";
import { useCalendarDays } from "../../api/hooks.js";
import type { CalendarDay } from "../../api/types.js";
import { dayjs, shanghaiDate } from "../../lib/time.js";

const WEEK = ["一", "二", "三", "四", "五", "六", "日"];

function dayStyle(d: CalendarDay | undefined, weekend: boolean): CSSProperties {
  if (!d) return { color: "#767676" };
  // A holiday on a weekday, or a make-up working day on a weekend, is highlighted.
  if (!d.workday && !weekend) return { background: "#fff1f0", color: "#cf1322", fontWeight: 600 };
  if (d.workday && weekend) return { background: "#e6f4ff", color: "#0958d9", fontWeight: 600 };
  if (!d.workday) return { color: "#666666", background: "#fafafa" };
  return {};
}

function Month({ year, month, days, onPick }: { year: number; month: number; days: Map<string, CalendarDay>; onPick: (d: string) => void }) {
  const first = dayjs(`${year}-${String(month).padStart(2, "0")}-01`);
  const lead = (first.day() + 6) % 7;
  const cells: (string | null)[] = [...Array(lead).fill(null)];
  for (let i = 0; i < first.daysInMonth(); i++) cells.push(first.add(i, "day").format("YYYY-MM-DD"));
  return (
    <Card size="small" title={`${month}月`} styles={{ body: { padding: 6 } }}>
      <div style={{ display: "grid", gridTemplateColumns: "repeat(7, 1fr)", gap: 2, fontSize: 12, textAlign: "center" }}>
        {WEEK.map((w) => (
          <div key={w} style={{ color: "#666666" }}>
            {w}
          </div>
        ))}
        {cells.map((c, i) => {
          if (!c) return <div key={`e${i}`} />;
          const d = days.get(c);
          const wd = dayjs(c).day();
          return (
            <div
              key={c}
              title={d?.name ?? (d?.workday ? "工作日" : "休息日")}
              onClick={() => onPick(c)}
              style={{ cursor: "pointer", borderRadius: 3, padding: "2px 0", ...dayStyle(d, wd === 0 || wd === 6) }}
            >
              {Number(c.slice(8))}
            </div>
          );
        })}
      </div>
    </Card>
  );
}

/** 工作日历: year view with holidays, make-up working days (调休) and admin overrides. */
export default function CalendarAdminPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [year, setYear] = useState(Number(shanghaiDate().slice(0, 4)));
  const q = useCalendarDays(`${year}-01-01`, `${year}-12-31`);
  const [picked, setPicked] = useState<string | null>(null);
  const [form] = Form.useForm<{ workday: boolean; name?: string }>();
  const days = new Map((q.data ?? []).map((d) => [d.date, d]));
  const warnings = q.data && q.data.length === 0;
  return (
    <Card
      size="small"
      title="工作日历"
      extra={
        <Space>
          <Button onClick={() => setYear(year - 1)}>上一年</Button>
          <InputNumber value={year} onChange={(v) => v && setYear(v)} min={2020} max={2100} />
          <Button onClick={() => setYear(year + 1)}>下一年</Button>
        </Space>
      }
    >
      <Space style={{ marginBottom: 8 }}>
        <Tag color="red">法定节假日</Tag>
        <Tag color="blue">调休上班</Tag>
        <Typography.Text type="secondary">点击日期可设置本地调整（如台风停工），对此后派出的工单立即生效。</Typography.Text>
      </Space>
      {q.error && <Alert type="error" showIcon message={q.error.message} />}
      {warnings && <Alert type="warning" showIcon message={`${year} 年没有节假日数据，请确认或手工维护`} />}
      <Row gutter={[8, 8]}>
        {Array.from({ length: 12 }, (_, i) => (
          <Col key={i} xs={12} md={8} xl={6}>
            <Month year={year} month={i + 1} days={days} onPick={(d) => {
              setPicked(d);
              form.setFieldsValue({ workday: days.get(d)?.workday ?? true, name: days.get(d)?.name ?? "" });
            }} />
          </Col>
        ))}
      </Row>
      <Modal
        open={!!picked}
        title={`调整 ${picked ?? ""}`}
        okText="保存"
        cancelText="取消"
        onCancel={() => setPicked(null)}
        onOk={async () => {
          const v = await form.validateFields();
          try {
            await api(`/api/calendar/days/${picked}`, { method: "PUT", body: { workday: v.workday, name: v.name || undefined } });
            message.success("已保存");
            setPicked(null);
            await qc.invalidateQueries({ queryKey: ["calendar"] });
          } catch (e) {
            message.error(e instanceof Error ? e.message : "保存失败");
          }
        }}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="workday" label="当天">
            <Radio.Group>
              <Radio value={true}>工作日</Radio>
              <Radio value={false}>休息日</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="name" label="说明">
            <Input placeholder="如：台风停工" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
