import { Alert, Form, Input, InputNumber, Radio, Space, Tag, Typography } from "antd";
import { useSimilar } from "../suggestions/suggestion-hooks.js";
import { ActionModal, type DialogProps } from "./action-modal.js";

const REASON_LABELS: Record<string, string> = { phone: "同号码", address: "同地址", text: "内容相似" };

/** The fields: the open repeat candidates to pick from, or a ticket id typed in. */
function Fields({ ticketId }: { ticketId: number }) {
  const similar = useSimilar(ticketId);
  const open = (similar.data?.items ?? []).filter((c) => c.status !== "closed");
  return (
    <>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message="并单：本工单以“并单”办结，主工单的答复与回访结果将同步告知本工单诉求人。" />
      <Form.Item name="intoTicketId" label="并入工单" rules={[{ required: true, message: "请选择或输入主工单" }]}>
        {open.length > 0 ? (
          <Radio.Group style={{ display: "flex", flexDirection: "column", gap: 6 }} data-testid="merge-candidates">
            {open.map((c) => (
              <Radio key={c.ticketId} value={c.ticketId}>
                <Space size={4}>
                  <span>{c.number}</span>
                  <Typography.Text strong>{c.title}</Typography.Text>
                  {c.reasons.map((r) => (
                    <Tag key={r}>{REASON_LABELS[r] ?? r}</Tag>
                  ))}
                </Space>
              </Radio>
            ))}
          </Radio.Group>
        ) : (
          <InputNumber min={1} style={{ width: 200 }} placeholder="主工单 ID" />
        )}
      </Form.Item>
      <Form.Item name="note" label="并单说明">
        <Input.TextArea autoSize={{ minRows: 2 }} />
      </Form.Item>
    </>
  );
}

/** 并单 (issue 15): merge this duplicate into an open ticket. */
export function MergeDialog({ ticket, onClose }: DialogProps) {
  return (
    <ActionModal action="merge" ticket={ticket} onClose={onClose} okText="并单" build={(v) => ["merge", { intoTicketId: Number(v.intoTicketId), note: (v.note as string) || undefined }]}>
      {() => <Fields ticketId={ticket.id} />}
    </ActionModal>
  );
}
