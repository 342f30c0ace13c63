import { Form, Input } from "antd";
import { ActionModal, type DialogProps } from "./action-modal.js";

/** Send the ticket back to the same lead unit (rule 23). */
export function RedoDialog({ ticket, onClose }: DialogProps) {
  return (
    <ActionModal
      action="redo"
      ticket={ticket}
      onClose={onClose}
      okText="重办"
      build={(v) => ["redo", { reason: v.reason }]}
    >
      {() => (
        <>
          <Form.Item name="reason" label="重办理由" rules={[{ required: true, message: "请填写重办理由" }]}>
          <Input.TextArea autoSize={{ minRows: 3 }} />
        </Form.Item>
        </>
      )}
    </ActionModal>
  );
}
