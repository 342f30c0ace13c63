import { Checkbox, Form, Input, Radio, Typography } from "antd";
import { FOLLOW_UP_LABELS } from "../../lib/labels.js";
import { ActionModal, type DialogProps } from "./action-modal.js";
import { FollowUpContext } from "../follow-up-context.js";

/** The fields, inside the form so they follow its values. */
function Fields(_props: Record<string, never>) {
  const form = Form.useFormInstance();
  const outcome = Form.useWatch("outcome", form) as string | undefined;
  return (
    <>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            规则21：回访询问是否联系、是否告知结果、是否解决、是否满意。
          </Typography.Paragraph>
          <Form.Item name="contacted" valuePropName="checked" style={{ marginBottom: 4 }}>
            <Checkbox>承办单位已与您联系</Checkbox>
          </Form.Item>
          <Form.Item name="informed" valuePropName="checked" style={{ marginBottom: 4 }}>
            <Checkbox>已告知办理结果</Checkbox>
          </Form.Item>
          <Form.Item name="resolved" valuePropName="checked">
            <Checkbox>问题已解决</Checkbox>
          </Form.Item>
          <Form.Item name="outcome" label="满意度">
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={Object.entries(FOLLOW_UP_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          {outcome === "unsatisfied" && (
            <Form.Item
              name="decision"
              label="处理决定"
              rules={[{ required: true, message: "不满意时须选择重办或办结" }]}
              extra="规则23：单位未履职或诉求合理 → 重办；规则25：诉求超出政策或不合理 → 说明后办结。"
            >
              <Radio.Group>
                <Radio value="redo">重办（退回原承办单位）</Radio>
                <Radio value="close">说明后办结</Radio>
              </Radio.Group>
            </Form.Item>
          )}
          <Form.Item name="note" label="回访记录">
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
        </>
  );
}

/** The follow-up call's result (rules 21–25); unsatisfied needs redo or close. */
export function FollowUpDialog({ ticket, onClose }: DialogProps) {
  return (
    <ActionModal
      action="follow_up"
      ticket={ticket}
      onClose={onClose}
      okText="提交回访"
      initial={{ outcome: "satisfied", contacted: true, informed: true, resolved: true }}
      build={(v) => [
        "follow-ups",
        {
          outcome: v.outcome,
          contacted: !!v.contacted,
          informed: !!v.informed,
          resolved: !!v.resolved,
          note: v.note || undefined,
          decision: v.outcome === "unsatisfied" ? v.decision : undefined,
        },
      ]}
    >
      {() => (
        <>
          <FollowUpContext ticket={ticket} />
          <Fields />
        </>
      )}
    </ActionModal>
  );
}
