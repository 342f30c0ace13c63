import { Alert, Descriptions, Form, InputNumber } from "antd";
import { pendingExtension } from "../pending-requests.js";
import { ActionModal, type DialogProps } from "./action-modal.js";

/** Approve (with the granted days) or refuse the pending extension. */
export function DecideExtensionDialog({ ticket, onClose }: DialogProps) {
  const ext = pendingExtension(ticket);
  return (
    <ActionModal
      action="decide_extension"
      ticket={ticket}
      onClose={onClose}
      initial={{ workingDays: ext?.workingDays }}
      decision
      build={(v, approve) => [
        `extension-requests/${ext?.id}/decision`,
        { approve, workingDays: approve ? (v.workingDays ?? undefined) : undefined },
      ]}
    >
      {() => (
        <>
          {ext ? (
            <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}>
              <Descriptions.Item label="申请天数">{ext.workingDays} 个工作日</Descriptions.Item>
              <Descriptions.Item label="理由">{ext.reason}</Descriptions.Item>
            </Descriptions>
          ) : (
            <Alert type="warning" message="未找到待审核的延期申请" style={{ marginBottom: 12 }} />
          )}
          <Form.Item name="workingDays" label="批准天数">
            <InputNumber min={1} max={30} addonAfter="个工作日" />
          </Form.Item>
        </>
      )}
    </ActionModal>
  );
}
