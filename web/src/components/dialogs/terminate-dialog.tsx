import { Alert, Form, Input, Select } from "antd";
import { ActionModal, type DialogProps } from "./action-modal.js";

/** The fields. */
function Fields(_props: Record<string, never>) {
  return (
    <>
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} message="规则27：经第三方评议（人大代表、政协委员、群众代表）后终结归档。" />
          <Form.Item name="reviewers" label="评议人" rules={[{ required: true, message: "请填写评议人" }]}>
            <Select mode="tags" placeholder="输入姓名后回车" open={false} />
          </Form.Item>
          <Form.Item name="conclusion" label="评议结论" rules={[{ required: true, message: "请填写评议结论" }]}>
            <Input.TextArea autoSize={{ minRows: 3 }} />
          </Form.Item>
        </>
  );
}

/** Close after a third-party review (rule 27). */
export function TerminateDialog({ ticket, onClose }: DialogProps) {
  return (
    <ActionModal
      action="terminate"
      ticket={ticket}
      onClose={onClose}
      okText="终结工单"
      build={(v) => ["terminate", { reviewers: v.reviewers, conclusion: v.conclusion }]}
    >
      {() => <Fields />}
    </ActionModal>
  );
}
