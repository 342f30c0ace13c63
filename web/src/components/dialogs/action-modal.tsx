import { useState, type ReactNode } from "react";
import { Alert, App, Button, Form, Modal, Space, Upload } from "antd";
import { UploadOutlined } from "@ant-design/icons";
import type { UploadFile } from "antd";
import { api } from "../../api/client.js";
import { useTicketAction } from "../../api/hooks.js";
import type { TicketActionName, TicketWithRecords } from "../../api/types.js";
import { ACTION_LABELS } from "../../lib/labels.js";
import { resultMessage } from "../../lib/result-messages.js";

export type Values = Record<string, unknown>;

/** Rule 15's counted failed calls from an answer that carries the ticket's contact attempts, if any. */
function failedCallsOf(res: unknown): number {
  const r = res as { countedFailedCalls?: number } | undefined;
  return typeof r?.countedFailedCalls === "number" ? r.countedFailedCalls : 0;
}

/** What every action dialog is given. */
export interface DialogProps {
  ticket: TicketWithRecords;
  onClose: () => void;
}

/** Evidence types the server accepts (rule 20: photos, recordings, documents). */
export const EVIDENCE_ACCEPT = "image/*,audio/*,video/mp4,.pdf,.doc,.docx,.xls,.xlsx,.txt";

/** Uploads evidence files to the ticket (POST /api/tickets/:id/attachments, multipart: ownerKind, ownerId, file). */
export async function uploadAll(ticketId: number, files: UploadFile[], ownerKind: string, ownerId?: number): Promise<void> {
  for (const f of files) {
    if (!f.originFileObj) continue;
    const fd = new FormData();
    fd.append("ownerKind", ownerKind);
    if (ownerId !== undefined) fd.append("ownerId", String(ownerId));
    fd.append("file", f.originFileObj, f.name);
    await api(`/api/tickets/${ticketId}/attachments`, { method: "POST", body: fd });
  }
}

function EvidenceUpload({ files, onChange }: { files: UploadFile[]; onChange: (f: UploadFile[]) => void }) {
  return (
    <Upload multiple fileList={files} beforeUpload={() => false} onChange={({ fileList }) => onChange(fileList)} accept={EVIDENCE_ACCEPT}>
      <Space>
        <UploadOutlined />
        <a>添加附件（照片、录音、审批表）</a>
      </Space>
    </Upload>
  );
}

/** The record an action's evidence belongs to (the others attach to the ticket). */
const EVIDENCE_OWNER: Partial<Record<TicketActionName, string>> = {
  request_return: "return_request",
  request_exclusion: "exclusion_request",
  record_contact: "contact_attempt",
  reply: "reply",
};

interface ActionModalProps extends DialogProps {
  action: TicketActionName;
  okText?: string;
  initial?: Values;
  /** Approve / refuse: two buttons, `build` gets the decision. */
  decision?: boolean;
  /** The request from the form values: [path under /api/tickets/:id/, body]. */
  build: (v: Values, decision?: boolean) => [string, unknown];
  /** A check of the values with the decision known (e.g. a reason required to refuse); the message, or null. */
  validate?: (v: Values, decision?: boolean) => string | null;
  /** The refuse button's text in a decision dialog (default 驳回). */
  refuseText?: string;
  /** The record the evidence belongs to when the action's own table does not say (co_submit: the co-unit row). */
  evidenceOwner?: (res: Values | undefined) => [string, number | undefined];
  /** The form's fields; `evidence` is the upload control, for dialogs that take files. */
  children: (evidence: ReactNode) => ReactNode;
}

/** The modal every action dialog shares: the form, the If-Match call, evidence uploads and the messages. */
export function ActionModal({ action, ticket, onClose, okText = "提交", initial = {}, decision = false, build, evidenceOwner, validate, refuseText = "驳回", children }: ActionModalProps) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const mutation = useTicketAction(ticket);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [error, setError] = useState<string | null>(null);

  async function submit(approve?: boolean) {
    setError(null);
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const problem = validate?.(values, approve);
    if (problem) {
      setError(problem);
      return;
    }
    const [path, reqBody] = build(values, approve);
    try {
      const res = (await mutation.mutateAsync({ path, body: reqBody })) as { id?: number; late?: boolean } | undefined;
      if (files.length) {
        try {
          const owner = EVIDENCE_OWNER[action];
          const [kind, ownerId] = evidenceOwner ? evidenceOwner(res as Values | undefined) : [owner ?? "ticket", owner ? res?.id : undefined];
          await uploadAll(ticket.id, files, kind, ownerId);
        } catch (e) {
          message.warning(`申请已提交，但附件上传失败：${e instanceof Error ? e.message : ""}`);
        }
      }
      const text = resultMessage(action, reqBody as Values, res, failedCallsOf(res));
      if (res?.late) message.warning(text);
      else message.success(text);
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : "操作失败");
    }
  }

  return (
    <Modal
      open
      title={`${ACTION_LABELS[action]} · ${ticket.number}`}
      onCancel={onClose}
      destroyOnHidden
      width={620}
      okText={decision && okText === "提交" ? "同意" : okText}
      cancelText="取消"
      confirmLoading={mutation.isPending}
      onOk={() => void submit(decision ? true : undefined)}
      footer={
        decision
          ? (_, { OkBtn, CancelBtn }) => (
              <Space>
                <CancelBtn />
                <Button danger onClick={() => void submit(false)} data-testid="decision-refuse">
                  {refuseText}
                </Button>
                <OkBtn />
              </Space>
            )
          : undefined
      }
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} name={action} layout="vertical" initialValues={initial} preserve={false}>
        {children(<EvidenceUpload files={files} onChange={setFiles} />)}
      </Form>
    </Modal>
  );
}
