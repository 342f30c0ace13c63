import type { ReactNode } from "react";
import { Alert, DatePicker, Form, Input, Progress, Radio, Space } from "antd";
import type { Dayjs } from "dayjs";
import { useTicketPolicy } from "../../api/hooks.js";
import { CONTACT_OUTCOME_LABELS } from "../../lib/labels.js";
import { dayjs } from "../../lib/time.js";
import { countedFailedCalls } from "../pending-requests.js";
import { ActionModal, type DialogProps } from "./action-modal.js";

/** The fields, with the counted failed calls against the number the policy asks for. */
function Fields({ evidence, failed, needed, minGap }: { evidence: ReactNode; failed: number; needed: number; minGap: number }) {
  return (
    <>
          <Alert
            type={failed >= needed ? "success" : "info"}
            showIcon
            style={{ marginBottom: 12 }}
            message={
              <Space>
                <span>未接通计数 {Math.min(failed, needed)}/{needed}</span>
                <Progress percent={(Math.min(failed, needed) * 100) / needed} steps={needed} showInfo={false} size="small" />
              </Space>
            }
            description={`规则15：时限内 ${needed} 次未接通、每次间隔不少于 ${minGap} 分钟，视为已先行联系；响铃未满挂断或间隔不足的重复拨打不计。`}
          />
          <Form.Item name="method" label="联系方式">
            <Radio.Group optionType="button">
              <Radio.Button value="phone">电话</Radio.Button>
              <Radio.Button value="visit">上门</Radio.Button>
              <Radio.Button value="sms">短信</Radio.Button>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="outcome" label="结果">
            <Radio.Group
              optionType="button"
              options={Object.entries(CONTACT_OUTCOME_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="at" label="联系时间">
            <DatePicker showTime format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item label="证据（通话录音、上门照片）">
            {evidence}
          </Form.Item>
          <Form.Item name="note" label="备注">
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
        </>
  );
}

/** Record a first-contact attempt (rule 15), with the failed calls the server counted out of the policy's number. */
export function ContactDialog({ ticket, onClose }: DialogProps) {
  const failed = countedFailedCalls(ticket);
  const policy = useTicketPolicy(ticket.policyVersion);
  // Rule 15: the number of failed calls that counts as contact is the policy's, not the web's.
  const needed = policy.data?.settings.failedCalls.count ?? 3;
  const minGap = policy.data?.settings.failedCalls.minGapMinutes ?? 60;
  return (
    <ActionModal
      action="record_contact"
      ticket={ticket}
      onClose={onClose}
      okText="记录"
      initial={{ method: "phone", outcome: "no_answer", at: dayjs() }}
      build={(v) => [
        "contact-attempts",
        {
          method: v.method,
          outcome: v.outcome,
          at: v.at ? (v.at as Dayjs).toISOString() : undefined,
          note: v.note || undefined,
        },
      ]}
    >
      {(evidence) => <Fields evidence={evidence} failed={failed} needed={needed} minGap={minGap} />}
    </ActionModal>
  );
}
