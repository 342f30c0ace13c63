import { Form, Input, Select } from "antd";
import { EXCLUSION_REASONS } from "../../lib/labels.js";
import { ActionModal, type DialogProps } from "./action-modal.js";

/** Ask to exclude the ticket from satisfaction scoring (rule 26). */
export function RequestExclusionDialog({ ticket, onClose }: DialogProps) {
  return (
    <ActionModal
      action="request_exclusion"
      ticket={ticket}
      onClose={onClose}
      okText="提交申请"
      build={(v) => ["exclusions", { reasonCode: v.reasonCode, explanation: v.explanation }]}
    >
      {(evidence) => (
        <>
          <Form.Item name="reasonCode" label="理由" rules={[{ required: true, message: "请选择理由" }]}>
            <Select options={Object.entries(EXCLUSION_REASONS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="explanation" label="事实说明与证据" rules={[{ required: true, message: "请填写说明" }]}>
            <Input.TextArea autoSize={{ minRows: 3 }} />
          </Form.Item>
          <Form.Item label="证据材料">
            {evidence}
          </Form.Item>
        </>
      )}
    </ActionModal>
  );
}
