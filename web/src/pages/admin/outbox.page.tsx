import { useState } from "react";
import { App, Button, Card, Segmented, Space, Table, Tag } from "antd";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client.js";
import type { paths } from "../../api/schema.js";
import { fmtTime } from "../../lib/time.js";

type OutboxPage = paths["/api/outbox"]["get"]["responses"][200]["content"]["application/json"];
type Item = OutboxPage["items"][number];
const KIND_LABELS: Record<string, string> = { sms: "短信（用户）", phone_sms: "短信（号码）", webhook: "Webhook", upstream: "上级平台回传" };
const STATUS: Record<string, { label: string; color: string }> = { pending: { label: "待发送", color: "blue" }, delivered: { label: "已送达", color: "green" }, dead: { label: "失败（死信）", color: "red" } };

/** 外发消息: what leaves the process (SMS, upstream pushes, webhooks); the dead letters first, with a retry. */
export default function OutboxAdminPage() {
  const [status, setStatus] = useState<"dead" | "pending" | "delivered">("dead");
  const [cursor, setCursor] = useState<string | null>(null);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const q = useQuery({ queryKey: ["outbox", status, cursor], queryFn: () => api<OutboxPage>("/api/outbox", { query: { status, limit: 50, cursor } }) });
  const retry = useMutation({
    mutationFn: (id: number) => api(`/api/outbox/${id}/retry`, { method: "POST" }),
    onSuccess: () => {
      message.success("已重新排队发送");
      void qc.invalidateQueries({ queryKey: ["outbox"] });
    },
    onError: (e: Error) => message.error(e.message),
  });
  return (
    <Card size="small" title="外发消息（短信、上级平台回传）" extra={<Segmented value={status} onChange={(v) => { setStatus(v as typeof status); setCursor(null); }} options={[{ value: "dead", label: "死信" }, { value: "pending", label: "待发送" }, { value: "delivered", label: "已送达" }]} />}>
      <Table<Item>
        size="small"
        rowKey="id"
        loading={q.isFetching}
        dataSource={q.data?.items ?? []}
        pagination={false}
        columns={[
          { title: "编号", dataIndex: "id", width: 80 },
          { title: "类型", dataIndex: "kind", width: 130, render: (k: string) => KIND_LABELS[k] ?? k },
          { title: "去向", dataIndex: "target" },
          { title: "状态", dataIndex: "status", width: 110, render: (s: string) => <Tag color={STATUS[s]?.color}>{STATUS[s]?.label ?? s}</Tag> },
          { title: "尝试", dataIndex: "attempts", width: 70 },
          { title: "最近错误", dataIndex: "lastError", render: (v: string | null) => v ?? "—" },
          { title: "创建时间", dataIndex: "createdAt", width: 150, render: (v: string) => fmtTime(v) },
          { title: "", key: "op", width: 90, render: (_: unknown, r: Item) => r.status !== "delivered" && <Button size="small" loading={retry.isPending} onClick={() => retry.mutate(r.id)}>重发</Button> },
        ]}
      />
      <Space style={{ marginTop: 8 }}>
        {cursor && <Button size="small" onClick={() => setCursor(null)}>第一页</Button>}
        {q.data?.nextCursor && <Button size="small" onClick={() => setCursor(q.data!.nextCursor)}>下一页</Button>}
      </Space>
    </Card>
  );
}
