import { App, Button, Card, Form, Input, InputNumber, Select, Table } from "antd";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../api/client.js";
import { useUnits } from "../api/hooks.js";
import type { components } from "../api/schema.js";
import type { Page } from "../api/types.js";
import { fmtTime } from "../lib/time.js";

type Evaluation = components["schemas"]["SupervisionEvaluation"];

/** 社会监督评价 (rule 33): a social supervisor scores a unit after calling the hotline; results feed the annual view. */
export default function EvaluationPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const units = useUnits();
  const mine = useQuery({ queryKey: ["supervision", "evaluations"], queryFn: () => api<Page<Evaluation>>("/api/supervision/evaluations", { query: { limit: 100 } }) });
  const [form] = Form.useForm();
  const unitName = (id: number) => units.data?.find((u) => u.id === id)?.name ?? `#${id}`;
  return (
    <Card size="small" title="社会监督评价">
      <Form
        form={form}
        layout="inline"
        onFinish={async (v: { unitId: number; score: number; comment?: string }) => {
          try {
            await api("/api/supervision/evaluations", { method: "POST", body: v });
            message.success("评价已提交");
            form.resetFields();
            await qc.invalidateQueries({ queryKey: ["supervision", "evaluations"] });
          } catch (e) {
            message.error((e as Error).message);
          }
        }}
      >
        <Form.Item name="unitId" rules={[{ required: true, message: "选择单位" }]}>
          <Select style={{ width: 220 }} placeholder="被评价单位" options={(units.data ?? []).filter((u) => u.kind !== "center").map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
        <Form.Item name="score" rules={[{ required: true, message: "打分" }]}>
          <InputNumber min={0} max={100} placeholder="分数（0–100）" style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="comment">
          <Input style={{ width: 320 }} placeholder="评价意见" maxLength={2000} />
        </Form.Item>
        <Button htmlType="submit" type="primary">
          提交评价
        </Button>
      </Form>
      <Table<Evaluation>
        style={{ marginTop: 16 }}
        size="small"
        rowKey="id"
        dataSource={mine.data?.items ?? []}
        columns={[
          { title: "单位", dataIndex: "unitId", render: (u: number) => unitName(u) },
          { title: "分数", dataIndex: "score", width: 80 },
          { title: "意见", dataIndex: "comment" },
          { title: "时间", dataIndex: "createdAt", width: 160, render: (d) => fmtTime(d) },
        ]}
      />
    </Card>
  );
}
