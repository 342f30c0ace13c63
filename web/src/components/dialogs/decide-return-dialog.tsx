import { Alert, Descriptions, Form, Input, Tag } from "antd";
import { pendingReturn } from "../pending-requests.js";
import { UnitSelect, useUnitName } from "../unit-select.js";
import { AttachmentList } from "../attachment-list.js";
import { ActionModal, type DialogProps } from "./action-modal.js";

/** Approve (optionally reassigning) or refuse the pending return request. */
export function DecideReturnDialog({ ticket, onClose }: DialogProps) {
  const ret = pendingReturn(ticket);
  const unitName = useUnitName();
  return (
    <ActionModal
      action="decide_return"
      ticket={ticket}
      onClose={onClose}
      decision
      build={(v, approve) => [
        `return-requests/${ret?.id}/decision`,
        { approve, note: v.note || undefined, reassignTo: approve ? (v.reassignTo ?? undefined) : undefined },
      ]}
    >
      {() => (
        <>
          {ret ? (
            <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}>
              <Descriptions.Item label="退单理由">{ret.reason}</Descriptions.Item>
              <Descriptions.Item label="核实情况">{ret.verified || "—"}</Descriptions.Item>
              <Descriptions.Item label="依据">{ret.basis || "—"}</Descriptions.Item>
              <Descriptions.Item label="建议承办单位">{unitName(ret.suggestedUnitId ?? null)}</Descriptions.Item>
              <Descriptions.Item label="是否逾期">{ret.late ? <Tag color="red">逾期退单</Tag> : "否"}</Descriptions.Item>
              <Descriptions.Item label="证据">
                <AttachmentList
                  ticketId={ticket.id}
                  items={(ticket.attachments ?? []).filter((a) => a.ownerKind === "return_request" && a.ownerId === ret.id)}
                  compact
                />
              </Descriptions.Item>
            </Descriptions>
          ) : (
            <Alert type="warning" message="未找到待审核的退单申请" style={{ marginBottom: 12 }} />
          )}
          <Form.Item name="reassignTo" label="同意后改派至（可选，不选则回到待派单）">
            <UnitSelect exclude={ticket.leadUnitId ? [ticket.leadUnitId] : []} />
          </Form.Item>
          <Form.Item name="note" label="审核意见">
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
        </>
      )}
    </ActionModal>
  );
}
