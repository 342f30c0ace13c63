import { Form, Input, Select, Space, Tag } from "antd";
import { useWorkload } from "../../api/workday-hooks.js";
import { ActionModal, type DialogProps } from "./action-modal.js";

/** The unit leader assigns or reassigns the ticket to a section (科室) and/or handler, seeing each one's load. */
export function AssignDialog({ ticket, onClose }: DialogProps) {
  const work = useWorkload(ticket.leadUnitId);
  const w = work.data;
  return (
    <ActionModal
      action="assign"
      ticket={ticket}
      onClose={onClose}
      okText={ticket.assignedUserId ? "改派" : "分办"}
      initial={{ sectionId: ticket.assignedSectionId ?? undefined, userId: ticket.assignedUserId ?? undefined }}
      build={(v) => ["assign", { sectionId: v.sectionId ?? null, userId: v.userId ?? null, note: v.note || undefined }]}
    >
      {() => (
        <>
          <Form.Item name="sectionId" label="科室">
            <Select
              allowClear
              placeholder={w && w.sections.length === 0 ? "本单位未设科室" : "选择科室"}
              options={(w?.sections ?? []).map((s) => ({ value: s.id, label: `${s.name}（在办 ${s.open}）` }))}
              data-testid="assign-section"
            />
          </Form.Item>
          <Form.Item name="userId" label="承办人" rules={[{ validator: async () => undefined }]}>
            <Select
              allowClear
              showSearch
              optionFilterProp="title"
              placeholder="选择承办人"
              loading={work.isLoading}
              data-testid="assign-user"
              options={(w?.items ?? []).map((u) => ({
                value: u.userId,
                title: u.name,
                label: (
                  <Space>
                    <span>{u.name}</span>
                    <Tag>在办 {u.open}</Tag>
                    {u.overdue > 0 && <Tag color="red">超期 {u.overdue}</Tag>}
                  </Space>
                ),
              }))}
            />
          </Form.Item>
          <Form.Item name="note" label="分办意见">
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
        </>
      )}
    </ActionModal>
  );
}
