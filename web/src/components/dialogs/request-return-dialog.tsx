import { Alert, Form, Input } from "antd";
import { UnitSelect } from "../unit-select.js";
import { ActionModal, type DialogProps } from "./action-modal.js";

/** Ask the center to take the ticket back (rule 16). */
export function RequestReturnDialog({ ticket, onClose }: DialogProps) {
  return (
    <ActionModal
      action="request_return"
      ticket={ticket}
      onClose={onClose}
      okText="提交退单申请"
      build={(v) => [
        "return-requests",
        { reason: v.reason, verified: v.verified || undefined, basis: v.basis || undefined, suggestedUnitId: v.suggestedUnitId ?? undefined, newFacts: (v.newFacts as string | undefined) || undefined },
      ]}
    >
      {(evidence) => (
        <>
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            message="规则16：退单须在时限内申请，写明先行联系情况、核实情况、理由、依据和建议承办单位；逾期退单计为超期。"
          />
          <Form.Item name="reason" label="退单理由" rules={[{ required: true, message: "请填写退单理由" }]}>
            <Input.TextArea autoSize={{ minRows: 3 }} />
          </Form.Item>
          <Form.Item name="verified" label="核实情况（含先行联系情况）">
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
          <Form.Item name="basis" label="法律政策依据">
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
          <Form.Item name="suggestedUnitId" label="建议承办单位">
            <UnitSelect exclude={ticket.leadUnitId ? [ticket.leadUnitId] : []} />
          </Form.Item>
          {ticket.returnRequests?.some((r) => r.status === "refused") && (
            <Form.Item
              name="newFacts"
              label="新的事实和理由（退单曾被驳回，须说明）"
              rules={[{ required: true, whitespace: true, min: 10, message: "请说明驳回后新发现的事实，至少 10 个字" }]}
            >
              <Input.TextArea autoSize={{ minRows: 2 }} />
            </Form.Item>
          )}
          <Form.Item label="证据材料">
            {evidence}
          </Form.Item>
        </>
      )}
    </ActionModal>
  );
}
