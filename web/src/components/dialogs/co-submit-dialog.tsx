import { Alert, Form, Input, Typography } from "antd";
import { ActionModal, type DialogProps } from "./action-modal.js";

/** A co-unit submits its part (text + evidence) to the lead unit (rule 10). */
export function CoSubmitDialog({ ticket, onClose }: DialogProps) {
  return (
    <ActionModal
      action="co_submit"
      ticket={ticket}
      onClose={onClose}
      okText="提交主办单位"
      build={(v) => ["co-units/part", { content: v.content }]}
      evidenceOwner={(res) => ["co_unit_part", (res?.coUnit as { id?: number } | undefined)?.id]}
    >
      {(evidence) => (
        <>
          <Alert type="info" showIcon style={{ marginBottom: 12 }} message="协办意见提交给主办单位，由主办单位统一答复诉求人（规则10）。" />
          <Form.Item name="content" label="协办意见" rules={[{ required: true, whitespace: true, message: "请填写协办意见" }]}>
            <Input.TextArea autoSize={{ minRows: 4 }} placeholder="本单位核查、处理的情况和结果" />
          </Form.Item>
          <Form.Item label="证据材料">{evidence}</Form.Item>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            协办意见计入本单位的协办及时率。
          </Typography.Text>
        </>
      )}
    </ActionModal>
  );
}
