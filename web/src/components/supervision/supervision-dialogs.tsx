import { useState } from "react";
import { App, Button, Form, Input, InputNumber, Modal, Radio, Select } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import { download } from "../../api/client.js";
import { useSupervisionPost, type SupervisionAlert, type SupervisionNotice, type SupervisionOrder } from "../../api/supervision.js";
import { ORDER_FORM_LABELS, ORDER_SOURCE_LABELS } from "./labels.js";

/** Downloads a supervision document (.docx) with the session's token. */
export function DocxButton({ path, filename, label = "下载", testId }: { path: string; filename: string; label?: string; testId?: string }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      size="small"
      icon={<DownloadOutlined />}
      loading={busy}
      data-testid={testId}
      onClick={async () => {
        setBusy(true);
        try {
          await download(path, filename);
        } catch (e) {
          message.error((e as Error).message);
        } finally {
          setBusy(false);
        }
      }}
    >
      {label}
    </Button>
  );
}

const DEFAULT_TEXT: Record<string, string> = {
  prompt: "请你单位对上述问题认真核查，及时办理并反馈。",
  warning: "上述问题反映出你单位工单办理不力，请主要负责人亲自过问，限期整改到位。",
};

/** 发提示 / 警示 from an alert (rule 28): kind, form (SMS or letter) and the text; the unit and tickets come from the alert. */
export function NoticeDialog({ alert, onClose }: { alert: SupervisionAlert; onClose: (n?: SupervisionNotice) => void }) {
  const { message } = App.useApp();
  const post = useSupervisionPost<SupervisionNotice>();
  const [form] = Form.useForm();
  const initialKind = alert.severity;
  return (
    <Modal
      open
      title={`发${initialKind === "warning" ? "警示" : "提示"}：${alert.label}`}
      okText="下发"
      cancelText="取消"
      confirmLoading={post.isPending}
      onCancel={() => onClose()}
      onOk={async () => {
        const v = await form.validateFields();
        try {
          const n = await post.mutateAsync({ path: "/api/supervision/notices", body: { kind: v.kind, form: v.form, unitId: alert.unitId, alertIds: [alert.id], content: v.content } });
          message.success(`已下发 ${n.number}`);
          onClose(n);
        } catch (e) {
          message.error((e as Error).message);
        }
      }}
    >
      <Form form={form} layout="vertical" initialValues={{ kind: initialKind, form: "letter", content: DEFAULT_TEXT[initialKind] }} data-testid="notice-form">
        <Form.Item name="kind" label="等级">
          <Radio.Group options={[{ value: "prompt", label: "提示" }, { value: "warning", label: "警示" }]} />
        </Form.Item>
        <Form.Item name="form" label="方式">
          <Radio.Group options={[{ value: "letter", label: "函件（附短信通知）" }, { value: "sms", label: "短信" }]} />
        </Form.Item>
        <Form.Item name="content" label="督办要求" rules={[{ required: true, message: "请填写督办要求" }]}>
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 督办单 on a ticket (rule 31): form, source (rule 35's points), requirement, working days to answer. */
export function OrderDialog({ ticketId, title, onClose }: { ticketId: number; title: string; onClose: (o?: SupervisionOrder) => void }) {
  const { message } = App.useApp();
  const post = useSupervisionPost<SupervisionOrder>();
  const [form] = Form.useForm();
  return (
    <Modal
      open
      title={`督办单：${title}`}
      okText="下发督办单"
      cancelText="取消"
      confirmLoading={post.isPending}
      onCancel={() => onClose()}
      onOk={async () => {
        const v = await form.validateFields();
        try {
          const o = await post.mutateAsync({ path: "/api/supervision/orders", body: { ticketId, ...v } });
          message.success(`已下发 ${o.number}`);
          onClose(o);
        } catch (e) {
          message.error((e as Error).message);
        }
      }}
    >
      <Form form={form} layout="vertical" initialValues={{ form: "daily", source: "center", dueWorkingDays: 3 }} data-testid="order-form">
        <Form.Item name="form" label="督办形式">
          <Select options={Object.entries(ORDER_FORM_LABELS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="source" label="督办来源">
          <Select options={Object.entries(ORDER_SOURCE_LABELS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="requirement" label="督办要求" rules={[{ required: true, message: "请填写督办要求" }]}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Form.Item name="dueWorkingDays" label="反馈时限（工作日）" rules={[{ required: true }]}>
          <InputNumber min={1} max={60} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The unit's answer to a notice or an order (copied to the center). */
export function AnswerDialog({ path, title, onClose }: { path: string; title: string; onClose: () => void }) {
  const { message } = App.useApp();
  const post = useSupervisionPost();
  const [form] = Form.useForm();
  return (
    <Modal
      open
      title={title}
      okText="提交反馈"
      cancelText="取消"
      confirmLoading={post.isPending}
      onCancel={onClose}
      onOk={async () => {
        const v = await form.validateFields();
        try {
          await post.mutateAsync({ path, body: { content: v.content } });
          message.success("已反馈，抄送热线中心");
          onClose();
        } catch (e) {
          message.error((e as Error).message);
        }
      }}
    >
      <Form form={form} layout="vertical" data-testid="answer-form">
        <Form.Item name="content" label="整改落实情况" rules={[{ required: true, message: "请填写反馈内容" }]}>
          <Input.TextArea rows={5} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
