import { Form, Input, InputNumber } from "antd";
import { ActionModal, type DialogProps } from "./action-modal.js";

/** Ask for more working days. */
export function RequestExtensionDialog({ ticket, onClose }: DialogProps) {
  return (
    <ActionModal
      action="request_extension"
      ticket={ticket}
      onClose={onClose}
      okText="提交延期申请"
      initial={{ workingDays: 3 }}
      build={(v) => ["extension-requests", { workingDays: v.workingDays, reason: v.reason }]}
    >
      {() => (
        <>
          <Form.Item name="workingDays" label="延期工作日" rules={[{ required: true }]}>
            <InputNumber min={1} max={30} addonAfter="个工作日" />
          </Form.Item>
          <Form.Item name="reason" label="延期理由" rules={[{ required: true, message: "请填写延期理由" }]}>
            <Input.TextArea autoSize={{ minRows: 3 }} />
          </Form.Item>
        </>
      )}
    </ActionModal>
  );
}
