import { Alert, Descriptions } from "antd";
import { EXCLUSION_REASONS } from "../../lib/labels.js";
import { pendingExclusion } from "../pending-requests.js";
import { ActionModal, type DialogProps } from "./action-modal.js";

/** Approve or refuse the pending exclusion request. */
export function DecideExclusionDialog({ ticket, onClose }: DialogProps) {
  const exc = pendingExclusion(ticket);
  return (
    <ActionModal
      action="decide_exclusion"
      ticket={ticket}
      onClose={onClose}
      decision
      build={(_v, approve) => [`exclusions/${exc?.id}/decision`, { approve }]}
    >
      {() => (
        <>
          {exc ? (
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label="理由">{EXCLUSION_REASONS[exc.reasonCode] ?? exc.reasonCode}</Descriptions.Item>
          <Descriptions.Item label="说明">{exc.explanation}</Descriptions.Item>
        </Descriptions>
      ) : (
        <Alert type="warning" message="未找到待审核的剔除申请" />
      )}
        </>
      )}
    </ActionModal>
  );
}
