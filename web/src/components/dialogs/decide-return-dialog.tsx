import { Alert, Checkbox, Descriptions, Form, Input, Tag } from "antd";
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
      refuseText="驳回退单"
      validate={(v, approve) =>
        v.keepAsLead && approve ? "「维持主办并增加协办单位」是驳回退单：请点「驳回退单」" : v.keepAsLead && !(v.coUnitIds as number[] | undefined)?.length ? "请选择要增加的协办单位" : null
      }
      build={(v, approve) => [
        `return-requests/${ret?.id}/decision`,
        v.keepAsLead && !approve
          ? { approve: false, keepAsLead: true, coUnitIds: v.coUnitIds, note: v.note || undefined }
          : { approve, note: v.note || undefined, reassignTo: approve ? (v.reassignTo ?? undefined) : undefined },
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
              <Descriptions.Item label="申请单位">{unitName(ret.unitId ?? null)}</Descriptions.Item>
              {typeof ret.newFacts === "string" && ret.newFacts && <Descriptions.Item label="新的事实">{ret.newFacts}</Descriptions.Item>}
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
          <Form.Item name="keepAsLead" valuePropName="checked" style={{ marginBottom: 4 }}>
            <Checkbox data-testid="keep-as-lead">驳回退单，维持原单位主办并增加协办单位（规则16）</Checkbox>
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.keepAsLead !== b.keepAsLead}>
            {({ getFieldValue }) =>
              getFieldValue("keepAsLead") ? (
                <Form.Item name="coUnitIds" label="增加的协办单位">
                  <UnitSelect multiple exclude={[...(ticket.leadUnitId ? [ticket.leadUnitId] : []), ...ticket.coUnitIds]} />
                </Form.Item>
              ) : null
            }
          </Form.Item>
          <Form.Item name="note" label="审核意见">
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
        </>
      )}
    </ActionModal>
  );
}
