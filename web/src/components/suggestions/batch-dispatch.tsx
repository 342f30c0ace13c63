import { useMemo, useState } from "react";
import { useQueries } from "@tanstack/react-query";
import { Alert, App, Button, Modal, Space, Table, Tag, Typography } from "antd";
import { ThunderboltOutlined } from "@ant-design/icons";
import { client, unwrap } from "../../api/client.js";
import { useCategories, useTicketPage } from "../../api/hooks.js";
import type { Ticket } from "../../api/types.js";
import { categoryPaths } from "../category-picker.js";
import { UnitSelect } from "../unit-select.js";
import { useBatchDispatch } from "./suggestion-hooks.js";

/**
 * 智能派单 (issue 15): a page of pending tickets with their content, address and category and the units
 * the model suggests (with the reason), dispatched in one step; each ticket is its own dispatch action on
 * the server (audited on its timeline), a refused one is reported and the rest go.
 */

const REASON_LABELS: Record<string, string> = { history: "历史派单", address: "属地（地址）", catalogue: "派单目录" };

export function BatchDispatchButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<ThunderboltOutlined />} onClick={() => setOpen(true)} data-testid="batch-dispatch-open">
        智能派单
      </Button>
      {open && <BatchDispatchModal onClose={() => setOpen(false)} />}
    </>
  );
}

function BatchDispatchModal({ onClose }: { onClose: () => void }) {
  const { message } = App.useApp();
  const page = useTicketPage({ status: "pending_dispatch", limit: 20 });
  const cats = useCategories();
  const paths = useMemo(() => categoryPaths(cats.data ?? []), [cats.data]);
  const tickets: Ticket[] = page.data?.items ?? [];
  const suggestions = useQueries({
    queries: tickets.map((t) => ({
      queryKey: ["suggestions", "ticket", t.id],
      queryFn: () => unwrap(client.POST("/api/suggestions", { body: { title: t.title, content: t.content, address: t.address ?? undefined } })),
      staleTime: 60_000,
    })),
  });
  const [picked, setChosen] = useState<Record<number, number | null>>({});
  // The dispatcher's pick, else the top suggestion (null: cleared by hand).
  const chosen: Record<number, number | undefined> = {};
  tickets.forEach((t, i) => {
    const p = picked[t.id];
    chosen[t.id] = p === null ? undefined : (p ?? suggestions[i]?.data?.units[0]?.unitId);
  });
  const batch = useBatchDispatch();
  const ready = tickets.filter((t) => chosen[t.id] !== undefined);

  async function submit() {
    try {
      const out = await batch.mutateAsync(ready.map((t) => ({ ticketId: t.id, unitId: chosen[t.id]!, version: t.version })));
      const ok = out.results.filter((r) => r.ok).length;
      const refused = out.results.length - ok;
      if (refused > 0) message.warning(`已派单 ${ok} 件，${refused} 件未派出（已被他人处理或状态已变），请刷新后重试`);
      else message.success(`已派单 ${ok} 件`);
      onClose();
    } catch (e) {
      message.error(e instanceof Error ? e.message : "派单失败");
    }
  }

  return (
    <Modal open title="智能派单：本页待派单工单" width={1100} onCancel={onClose} onOk={submit} okText={`一键派单（${ready.length} 件）`} okButtonProps={{ disabled: ready.length === 0, loading: batch.isPending }} destroyOnHidden>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message="推荐单位来自本中心的历史派单（最终承办单位）与地址所属镇街；可逐件修改后一键派单，每件均单独记录派单操作。" />
      <Table<Ticket>
        size="small"
        rowKey="id"
        loading={page.isLoading}
        dataSource={tickets}
        pagination={false}
        scroll={{ y: 480 }}
        data-testid="batch-dispatch-table"
        columns={[
          { title: "工单", dataIndex: "number", width: 150, render: (_v, t) => <Space direction="vertical" size={0}><Typography.Text strong>{t.title}</Typography.Text><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t.number}</Typography.Text></Space> },
          { title: "诉求内容", dataIndex: "content", render: (v: string) => <Typography.Paragraph ellipsis={{ rows: 2, tooltip: v }} style={{ marginBottom: 0 }}>{v}</Typography.Paragraph> },
          { title: "地址 / 分类", width: 180, render: (_v, t) => <Space direction="vertical" size={0}><span>{t.address ?? "—"}</span><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t.categoryId ? (paths.get(t.categoryId) ?? "") : "未分类"}</Typography.Text></Space> },
          {
            title: "推荐单位（理由）",
            width: 220,
            render: (_v, t) => {
              const s = suggestions[tickets.indexOf(t)]?.data;
              if (!s) return <Typography.Text type="secondary">…</Typography.Text>;
              if (s.units.length === 0) return <Typography.Text type="secondary">无推荐</Typography.Text>;
              return (
                <Space direction="vertical" size={2}>
                  {s.units.slice(0, 3).map((u) => (
                    <a key={u.unitId} onClick={() => setChosen((c) => ({ ...c, [t.id]: u.unitId }))}>
                      {u.name} {(u.score * 100).toFixed(0)}% {u.reasons.map((r) => <Tag key={r}>{REASON_LABELS[r] ?? r}</Tag>)}
                    </a>
                  ))}
                </Space>
              );
            },
          },
          { title: "派往", width: 200, render: (_v, t) => <UnitSelect value={chosen[t.id]} onChange={(v) => setChosen((c) => ({ ...c, [t.id]: (v as number | null) ?? null }))} /> },
        ]}
      />
    </Modal>
  );
}
