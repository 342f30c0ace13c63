import { useState, type ReactNode } from "react";
import {
  Alert,
  App,
  Button,
  Checkbox,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
  Upload,
} from "antd";
import { UploadOutlined } from "@ant-design/icons";
import type { UploadFile } from "antd";
import type { Dayjs } from "dayjs";
import { api } from "../api/client.js";
import { useTicketAction } from "../api/hooks.js";
import type { TicketActionName, TicketWithRecords } from "../api/types.js";
import { useAuth } from "../auth/auth-context.js";
import {
  ACTION_LABELS,
  CONTACT_OUTCOME_LABELS,
  EXCLUSION_REASONS,
  FOLLOW_UP_LABELS,
  REPLY_RESULT_LABELS,
} from "../lib/labels.js";
import { dayjs } from "../lib/time.js";
import { countedFailedCalls, pendingExclusion, pendingExtension, pendingReply, pendingReturn } from "./pending-requests.js";
import { UnitSelect, useUnitName } from "./unit-select.js";
import { AttachmentList } from "./attachment-list.js";

type Values = Record<string, unknown>;

interface Props {
  action: TicketActionName;
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
    <Upload
      multiple
      fileList={files}
      beforeUpload={() => false}
      onChange={({ fileList }) => onChange(fileList)}
      accept={EVIDENCE_ACCEPT}
    >
      <Space>
        <UploadOutlined />
        <a>添加附件（照片、录音、审批表）</a>
      </Space>
    </Upload>
  );
}

/** The dialog of one ticket action: its form, the request under review where there is one, and the API call. */
export function ActionDialog({ action, ticket, onClose }: Props) {
  const { message } = App.useApp();
  const { user } = useAuth();
  const [form] = Form.useForm<Values>();
  const mutation = useTicketAction(ticket);
  const unitName = useUnitName();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [error, setError] = useState<string | null>(null);
  const mode = Form.useWatch("mode", form) as string | undefined;
  const outcome = Form.useWatch("outcome", form) as string | undefined;
  const leadUnit = Form.useWatch("unitId", form) as number | undefined;

  const ret = action === "decide_return" ? pendingReturn(ticket) : undefined;
  const ext = action === "decide_extension" ? pendingExtension(ticket) : undefined;
  const exc = action === "decide_exclusion" ? pendingExclusion(ticket) : undefined;
  const rep = action === "approve_reply" ? pendingReply(ticket) : undefined;

  let body: ReactNode = null;
  let initial: Values = {};
  let okText = "提交";
  // Each entry builds the request from the form values: [path, body].
  let build: (v: Values, decision?: boolean) => [string, unknown] = () => ["", {}];
  let twoButtons = false;

  switch (action) {
    case "dispatch":
      initial = { mode: "direct", coUnitIds: [] };
      okText = "派单";
      body = (
        <>
          <Form.Item name="mode" label="派单方式">
            <Radio.Group optionType="button" buttonStyle="solid">
              <Radio.Button value="direct">直接转办</Radio.Button>
              <Radio.Button value="designated">指定主协办</Radio.Button>
              <Radio.Button value="territorial">属地指派</Radio.Button>
            </Radio.Group>
          </Form.Item>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {mode === "designated"
              ? "职责不清或涉及多部门：指定主办单位与协办单位，由主办单位统一答复（规则10）。"
              : mode === "territorial"
                ? "无法明确承办单位：交属地政府（镇街）召集研究、指定承办（规则10）。"
                : "职责明确：直接转办至承办单位（规则10）。"}
          </Typography.Paragraph>
          <Form.Item
            name="unitId"
            label={mode === "designated" ? "主办单位" : mode === "territorial" ? "属地政府（镇街）" : "承办单位"}
            rules={[{ required: true, message: "请选择承办单位" }]}
          >
            <UnitSelect autoFocus />
          </Form.Item>
          {mode === "designated" && (
            <Form.Item name="coUnitIds" label="协办单位">
              <UnitSelect multiple exclude={leadUnit ? [leadUnit] : []} />
            </Form.Item>
          )}
          <Form.Item name="note" label="派单说明">
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
        </>
      );
      build = (v) => [
        "dispatch",
        {
          unitId: v.unitId,
          mode: v.mode,
          coUnitIds: v.mode === "designated" ? (v.coUnitIds ?? []) : [],
          note: v.note || undefined,
        },
      ];
      break;
    case "record_contact": {
      const failed = countedFailedCalls(ticket);
      initial = { method: "phone", outcome: "no_answer", at: dayjs() };
      okText = "记录";
      body = (
        <>
          <Alert
            type={failed >= 3 ? "success" : "info"}
            showIcon
            style={{ marginBottom: 12 }}
            message={
              <Space>
                <span>未接通计数 {Math.min(failed, 3)}/3</span>
                <Progress percent={Math.min(failed, 3) * 33.34} steps={3} showInfo={false} size="small" />
              </Space>
            }
            description="规则15：时限内三次未接通、每次间隔不少于1小时，视为已先行联系；响铃未满挂断或1小时内重复拨打不计。"
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
            <EvidenceUpload files={files} onChange={setFiles} />
          </Form.Item>
          <Form.Item name="note" label="备注">
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
        </>
      );
      build = (v) => [
        "contact-attempts",
        {
          method: v.method,
          outcome: v.outcome,
          at: v.at ? (v.at as Dayjs).toISOString() : undefined,
          note: v.note || undefined,
        },
      ];
      break;
    }
    case "request_return":
      okText = "提交退单申请";
      body = (
        <>
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            message="规则16：退单须在时限内申请，写明先行联系情况、核实情况、理由、依据和建议承办单位；逾期退单计为超期。"
          />
          <Form.Item name="reason" label="退单理由" rules={[{ required: true, message: "请填写退单理由" }]}>
            <Input.TextArea autoSize={{ minRows: 3 }} />
          </Form.Item>
          <Form.Item name="verified" label="核实情况（含先行联系情况）">
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
          <Form.Item name="basis" label="法律政策依据">
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
          <Form.Item name="suggestedUnitId" label="建议承办单位">
            <UnitSelect exclude={ticket.leadUnitId ? [ticket.leadUnitId] : []} />
          </Form.Item>
          <Form.Item label="证据材料">
            <EvidenceUpload files={files} onChange={setFiles} />
          </Form.Item>
        </>
      );
      build = (v) => [
        "return-requests",
        { reason: v.reason, verified: v.verified || undefined, basis: v.basis || undefined, suggestedUnitId: v.suggestedUnitId ?? undefined },
      ];
      break;
    case "decide_return":
      twoButtons = true;
      body = (
        <>
          {ret ? (
            <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}>
              <Descriptions.Item label="退单理由">{ret.reason}</Descriptions.Item>
              <Descriptions.Item label="核实情况">{ret.verified || "—"}</Descriptions.Item>
              <Descriptions.Item label="依据">{ret.basis || "—"}</Descriptions.Item>
              <Descriptions.Item label="建议承办单位">{unitName(ret.suggestedUnitId ?? null)}</Descriptions.Item>
              <Descriptions.Item label="是否逾期">{ret.late ? <Tag color="red">逾期退单</Tag> : "否"}</Descriptions.Item>
              <Descriptions.Item label="证据">
                <AttachmentList
                  ticketId={ticket.id}
                  items={(ticket.attachments ?? []).filter((a) => a.ownerKind === "return_request" && a.ownerId === ret.id)}
                  compact
                />
              </Descriptions.Item>
            </Descriptions>
          ) : (
            <Alert type="warning" message="未找到待审核的退单申请" style={{ marginBottom: 12 }} />
          )}
          <Form.Item name="reassignTo" label="同意后改派至（可选，不选则回到待派单）">
            <UnitSelect exclude={ticket.leadUnitId ? [ticket.leadUnitId] : []} />
          </Form.Item>
          <Form.Item name="note" label="审核意见">
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
        </>
      );
      build = (v, approve) => [
        `return-requests/${ret?.id}/decision`,
        { approve, note: v.note || undefined, reassignTo: approve ? (v.reassignTo ?? undefined) : undefined },
      ];
      break;
    case "request_extension":
      initial = { workingDays: 3 };
      okText = "提交延期申请";
      body = (
        <>
          <Form.Item name="workingDays" label="延期工作日" rules={[{ required: true }]}>
            <InputNumber min={1} max={30} addonAfter="个工作日" />
          </Form.Item>
          <Form.Item name="reason" label="延期理由" rules={[{ required: true, message: "请填写延期理由" }]}>
            <Input.TextArea autoSize={{ minRows: 3 }} />
          </Form.Item>
        </>
      );
      build = (v) => ["extension-requests", { workingDays: v.workingDays, reason: v.reason }];
      break;
    case "decide_extension":
      twoButtons = true;
      initial = { workingDays: ext?.workingDays };
      body = (
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
      );
      build = (v, approve) => [
        `extension-requests/${ext?.id}/decision`,
        { approve, workingDays: approve ? (v.workingDays ?? undefined) : undefined },
      ];
      break;
    case "reply":
      initial = { result: "resolved", handlerName: user?.name ?? "" };
      okText = "提交答复";
      body = (
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
            <EvidenceUpload files={files} onChange={setFiles} />
          </Form.Item>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            规则17/19/20：答复须写明承办人和负责领导；谁承办、谁答复、谁负责；每一步留存证据。
          </Typography.Paragraph>
        </>
      );
      build = (v) => [
        "replies",
        { content: v.content, result: v.result, handlerName: v.handlerName, leaderName: v.leaderName },
      ];
      break;
    case "approve_reply":
      okText = "签批通过";
      body = rep ? (
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label="答复内容">{rep.content}</Descriptions.Item>
          <Descriptions.Item label="办理结果">{REPLY_RESULT_LABELS[rep.result] ?? rep.result}</Descriptions.Item>
          <Descriptions.Item label="承办人">{rep.handlerName}</Descriptions.Item>
          <Descriptions.Item label="签批领导">{rep.leaderName}</Descriptions.Item>
        </Descriptions>
      ) : (
        <Alert type="warning" message="未找到待签批的答复" />
      );
      build = () => [`replies/${rep?.id}/approve`, {}];
      break;
    case "follow_up":
      initial = { outcome: "satisfied", contacted: true, informed: true, resolved: true };
      okText = "提交回访";
      body = (
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
      build = (v) => [
        "follow-ups",
        {
          outcome: v.outcome,
          contacted: !!v.contacted,
          informed: !!v.informed,
          resolved: !!v.resolved,
          note: v.note || undefined,
          decision: v.outcome === "unsatisfied" ? v.decision : undefined,
        },
      ];
      break;
    case "redo":
      okText = "重办";
      body = (
        <Form.Item name="reason" label="重办理由" rules={[{ required: true, message: "请填写重办理由" }]}>
          <Input.TextArea autoSize={{ minRows: 3 }} />
        </Form.Item>
      );
      build = (v) => ["redo", { reason: v.reason }];
      break;
    case "request_exclusion":
      okText = "提交申请";
      body = (
        <>
          <Form.Item name="reasonCode" label="理由" rules={[{ required: true, message: "请选择理由" }]}>
            <Select options={Object.entries(EXCLUSION_REASONS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="explanation" label="事实说明与证据" rules={[{ required: true, message: "请填写说明" }]}>
            <Input.TextArea autoSize={{ minRows: 3 }} />
          </Form.Item>
          <Form.Item label="证据材料">
            <EvidenceUpload files={files} onChange={setFiles} />
          </Form.Item>
        </>
      );
      build = (v) => ["exclusions", { reasonCode: v.reasonCode, explanation: v.explanation }];
      break;
    case "decide_exclusion":
      twoButtons = true;
      body = exc ? (
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label="理由">{EXCLUSION_REASONS[exc.reasonCode] ?? exc.reasonCode}</Descriptions.Item>
          <Descriptions.Item label="说明">{exc.explanation}</Descriptions.Item>
        </Descriptions>
      ) : (
        <Alert type="warning" message="未找到待审核的剔除申请" />
      );
      build = (_v, approve) => [`exclusions/${exc?.id}/decision`, { approve }];
      break;
    case "terminate":
      okText = "终结工单";
      body = (
        <>
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} message="规则27：经第三方评议（人大代表、政协委员、群众代表）后终结归档。" />
          <Form.Item name="reviewers" label="评议人" rules={[{ required: true, message: "请填写评议人" }]}>
            <Select mode="tags" placeholder="输入姓名后回车" open={false} />
          </Form.Item>
          <Form.Item name="conclusion" label="评议结论" rules={[{ required: true, message: "请填写评议结论" }]}>
            <Input.TextArea autoSize={{ minRows: 3 }} />
          </Form.Item>
        </>
      );
      build = (v) => ["terminate", { reviewers: v.reviewers, conclusion: v.conclusion }];
      break;
    default:
      body = null;
  }

  async function submit(decision?: boolean) {
    setError(null);
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const [path, reqBody] = build(values, decision);
    try {
      const res = (await mutation.mutateAsync({ path, body: reqBody })) as { id?: number; late?: boolean } | undefined;
      if (files.length) {
        try {
          const owner: Record<string, string> = {
            request_return: "return_request",
            request_exclusion: "exclusion_request",
            record_contact: "contact_attempt",
            reply: "reply",
          };
          await uploadAll(ticket.id, files, owner[action] ?? "ticket", owner[action] ? res?.id : undefined);
        } catch (e) {
          message.warning(`申请已提交，但附件上传失败：${e instanceof Error ? e.message : ""}`);
        }
      }
      if (res?.late) message.warning("已提交，但已超过退单时限，记为逾期退单");
      else message.success(`${ACTION_LABELS[action]}成功`);
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
      okText={twoButtons ? "同意" : okText}
      cancelText="取消"
      confirmLoading={mutation.isPending}
      onOk={() => void submit(twoButtons ? true : undefined)}
      footer={
        twoButtons
          ? (_, { OkBtn, CancelBtn }) => (
              <Space>
                <CancelBtn />
                <Button danger onClick={() => void submit(false)} data-testid="decision-refuse">
                  驳回
                </Button>
                <OkBtn />
              </Space>
            )
          : undefined
      }
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} name={action} layout="vertical" initialValues={initial} preserve={false}>
        {body}
      </Form>
    </Modal>
  );
}
