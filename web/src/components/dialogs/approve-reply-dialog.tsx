import { Alert, Descriptions, Form, Input } from "antd";
import { REPLY_RESULT_LABELS } from "../../lib/labels.js";
import { pendingReply } from "../pending-requests.js";
import { ActionModal, type DialogProps } from "./action-modal.js";

/** The unit leader signs off the pending reply (rule 17). */
export function ApproveReplyDialog({ ticket, onClose }: DialogProps) {
  const rep = pendingReply(ticket);
  return (
    <ActionModal
      action="approve_reply"
      ticket={ticket}
      onClose={onClose}
      okText="签批通过"
      decision
      refuseText="退回修改"
      validate={(v, approve) => (approve === false && !String(v.note ?? "").trim() ? "退回修改须写明理由" : null)}
      build={(v, approve) => [`replies/${rep?.id}/approve`, approve === false ? { approve: false, note: v.note } : { approve: true, ...(v.note ? { note: v.note } : {}) }]}
    >
      {() => (
        <>
          {rep ? (
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label="答复内容">{rep.content}</Descriptions.Item>
          <Descriptions.Item label="办理结果">{REPLY_RESULT_LABELS[rep.result] ?? rep.result}</Descriptions.Item>
          <Descriptions.Item label="承办人">{rep.handlerName}</Descriptions.Item>
          <Descriptions.Item label="签批领导">签批通过后署您本人姓名</Descriptions.Item>
        </Descriptions>
      ) : (
        <Alert type="warning" message="未找到待签批的答复" />
      )}
          <SendBackReason />
        </>
      )}
    </ActionModal>
  );
}

/** Rule 17 (issue 18): sending a reply back for revision needs the reason the handler will read. */
function SendBackReason() {
  return (
    <Form.Item name="note" label="签批意见（退回修改时必填）" style={{ marginTop: 12 }}>
      <Input.TextArea autoSize={{ minRows: 2 }} placeholder="例如：请补充整改前后照片" data-testid="sign-off-note" />
    </Form.Item>
  );
}
