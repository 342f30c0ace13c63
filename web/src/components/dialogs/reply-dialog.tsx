import { Form, Input, Radio, Space, Typography } from "antd";
import { useAuth } from "../../auth/auth-context.js";
import { REPLY_RESULT_LABELS } from "../../lib/labels.js";
import { ActionModal, type DialogProps } from "./action-modal.js";

/** The unit's reply with handler and responsible leader (rules 17–20). */
export function ReplyDialog({ ticket, onClose }: DialogProps) {
  const { user } = useAuth();
  return (
    <ActionModal
      action="reply"
      ticket={ticket}
      onClose={onClose}
      okText="提交答复"
      initial={{ result: "resolved", handlerName: user?.name ?? "" }}
      build={(v) => [
        "replies",
        { content: v.content, result: v.result, handlerName: v.handlerName, leaderName: v.leaderName },
      ]}
    >
      {(evidence) => (
        <>
          <Form.Item name="content" label="答复内容" rules={[{ required: true, whitespace: true, message: "请填写答复内容" }]}>
            <Input.TextArea autoSize={{ minRows: 4 }} placeholder="办理过程、结果，以及向诉求人反馈的情况" />
          </Form.Item>
          <Form.Item name="result" label="办理结果">
            <Radio.Group
              optionType="button"
              options={Object.entries(REPLY_RESULT_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Space>
            <Form.Item name="handlerName" label="承办人" rules={[{ required: true, message: "请填写承办人" }]}>
              <Input />
            </Form.Item>
            <Form.Item name="leaderName" label="签批领导" rules={[{ required: true, message: "请填写签批领导" }]}>
              <Input />
            </Form.Item>
          </Space>
          <Form.Item label="办理证据（现场照片等）">
            {evidence}
          </Form.Item>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            规则17/19/20：答复须写明承办人和负责领导；谁承办、谁答复、谁负责；每一步留存证据。
          </Typography.Paragraph>
        </>
      )}
    </ActionModal>
  );
}
