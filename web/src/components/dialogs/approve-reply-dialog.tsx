import { Alert, Descriptions } from "antd";
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
      build={() => [`replies/${rep?.id}/approve`, {}]}
    >
      {() => (
        <>
          {rep ? (
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label="答复内容">{rep.content}</Descriptions.Item>
          <Descriptions.Item label="办理结果">{REPLY_RESULT_LABELS[rep.result] ?? rep.result}</Descriptions.Item>
          <Descriptions.Item label="承办人">{rep.handlerName}</Descriptions.Item>
          <Descriptions.Item label="签批领导">{rep.leaderName}</Descriptions.Item>
        </Descriptions>
      ) : (
        <Alert type="warning" message="未找到待签批的答复" />
      )}
        </>
      )}
    </ActionModal>
  );
}
