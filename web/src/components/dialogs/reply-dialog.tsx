import { Form, Input, Radio, Select, Space, Typography } from "antd";
import { useReplyTemplates } from "../../api/workday-hooks.js";
import { fillTemplate } from "../../lib/domain.js";
import { useUnitName } from "../unit-select.js";
import type { TicketWithRecords } from "../../api/types.js";
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
        { content: v.content, result: v.result, handlerName: v.handlerName, leaderName: (v.leaderName as string | undefined)?.trim() || undefined },
      ]}
    >
      {(evidence) => (
        <>
          <TemplatePicker ticket={ticket} />
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
            <Form.Item name="leaderName" label="负责领导" extra="开启领导签批时由签批领导本人署名" style={{ maxWidth: 260 }}>
              <Input placeholder="未开启签批时填写" />
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

/** Reply templates of the ticket's category (issue 18): picking one fills the answer with what the ticket knows. */
function TemplatePicker({ ticket }: { ticket: TicketWithRecords }) {
  const form = Form.useFormInstance();
  const templates = useReplyTemplates(ticket.categoryId);
  const unitName = useUnitName();
  const items = templates.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Form.Item label="答复模板">
      <Select
        placeholder="选用答复模板（按诉求分类）"
        data-testid="reply-template"
        options={items.map((t) => ({ value: t.id, label: t.title }))}
        onChange={(id: number) => {
          const t = items.find((x) => x.id === id);
          if (!t) return;
          const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
          form.setFieldValue(
            "content",
            fillTemplate(t.body, { requester: ticket.requester.anonymous ? "诉求人" : ticket.requester.name, number: ticket.number, unit: unitName(ticket.leadUnitId), date: today, title: ticket.title }),
          );
        }}
      />
    </Form.Item>
  );
}
