import { useState } from "react";
import { Alert, Button, Checkbox, Form, Input, Radio, Result, Space, Typography } from "antd";
import { fetchCaptcha, isCode, submitRequest, type SubmitBody, type Submitted } from "./public-api.js";

const BOXES = [
  { value: "", label: "一般诉求" },
  { value: "mayor", label: "市长信箱" },
  { value: "secretary", label: "书记信箱" },
  { value: "enterprise", label: "企业信箱" },
] as const;

interface Values {
  box: "" | "mayor" | "secretary" | "enterprise";
  title?: string;
  content: string;
  name?: string;
  phone?: string;
  address?: string;
  anonymous?: boolean;
  business?: boolean;
  companyName?: string;
  smsNotify?: boolean;
  captchaAnswer?: string;
}

/** The citizen's request form (channel web, or mailbox with a box); shows the number and query code once. */
export function PublicSubmit({ onDone }: { onDone: (s: Submitted) => void }) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [captcha, setCaptcha] = useState<{ id: string; svg: string } | null>(null);
  const [done, setDone] = useState<Submitted | null>(null);
  const box = Form.useWatch("box", form);
  const anonymous = Form.useWatch("anonymous", form);
  const business = Form.useWatch("business", form);

  async function newCaptcha() {
    setCaptcha(await fetchCaptcha());
    form.setFieldValue("captchaAnswer", "");
  }

  async function onFinish(v: Values) {
    setBusy(true);
    setError(null);
    const body: SubmitBody = {
      content: v.content,
      title: v.title || undefined,
      name: v.anonymous ? undefined : v.name || undefined,
      phone: v.anonymous ? undefined : v.phone || undefined,
      address: v.address || undefined,
      anonymous: v.anonymous ?? false,
      mailbox: v.box || undefined,
      business: v.box === "enterprise" || v.business ? true : undefined,
      companyName: v.companyName || undefined,
      smsNotify: v.smsNotify ?? false,
      captchaId: captcha?.id,
      captchaAnswer: v.captchaAnswer || undefined,
    };
    try {
      const s = await submitRequest(body);
      setDone(s);
      setCaptcha(null);
      onDone(s);
    } catch (e) {
      if (isCode(e, "CAPTCHA_REQUIRED") || isCode(e, "CAPTCHA_INVALID")) await newCaptcha();
      setError(e instanceof Error ? e.message : "提交失败");
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <Result
        status="success"
        title="诉求已受理"
        subTitle="请记下工单号和查询码，凭此查询办理进度、评价办理结果。"
        extra={[
          <Space key="ids" direction="vertical" style={{ width: "100%" }}>
            <Typography.Text>
              工单号：<Typography.Text strong copyable data-testid="public-number">{done.number}</Typography.Text>
            </Typography.Text>
            <Typography.Text>
              查询码：<Typography.Text strong copyable data-testid="public-code">{done.queryCode}</Typography.Text>
            </Typography.Text>
          </Space>,
          <Button key="again" onClick={() => { setDone(null); form.resetFields(); }}>
            再提交一条
          </Button>,
        ]}
      />
    );
  }

  return (
    <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ box: "" }} requiredMark="optional">
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form.Item name="box" label="提交到">
        <Radio.Group optionType="button" buttonStyle="solid" options={BOXES.map((b) => ({ value: b.value, label: b.label }))} />
      </Form.Item>
      <Form.Item name="title" label="标题" rules={[{ max: 100 }]}>
        <Input placeholder="一句话概括（可不填）" maxLength={100} />
      </Form.Item>
      <Form.Item name="content" label="诉求内容" rules={[{ required: true, message: "请描述您的诉求" }, { min: 5, message: "至少 5 个字" }]}>
        <Input.TextArea rows={5} maxLength={5000} showCount placeholder="请写明时间、地点、事情经过和您的要求" />
      </Form.Item>
      <Form.Item name="address" label="地点">
        <Input maxLength={300} placeholder="如：某某路某某小区 3 栋" />
      </Form.Item>
      <Form.Item name="anonymous" valuePropName="checked" style={{ marginBottom: 8 }}>
        <Checkbox>匿名反映（匿名诉求无法回访）</Checkbox>
      </Form.Item>
      {!anonymous && (
        <>
          <Form.Item name="name" label="姓名">
            <Input maxLength={50} autoComplete="name" />
          </Form.Item>
          <Form.Item name="phone" label="手机号码" rules={[{ required: true, message: "请填写手机号码，便于承办单位联系您" }, { pattern: /^[0-9+\-() ]{5,20}$/, message: "请填写正确的号码" }]}>
            <Input inputMode="tel" maxLength={20} autoComplete="tel" />
          </Form.Item>
          <Form.Item name="smsNotify" valuePropName="checked">
            <Checkbox>短信告知受理、答复和办结</Checkbox>
          </Form.Item>
        </>
      )}
      {box !== "enterprise" && (
        <Form.Item name="business" valuePropName="checked" style={{ marginBottom: 8 }}>
          <Checkbox>我是企业（营商环境诉求）</Checkbox>
        </Form.Item>
      )}
      {(box === "enterprise" || business) && (
        <Form.Item name="companyName" label="企业名称">
          <Input maxLength={100} />
        </Form.Item>
      )}
      {captcha && (
        <Form.Item label="验证码" required>
          <Space>
            <img alt="验证码" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(captcha.svg)}`} style={{ height: 44, border: "1px solid #d9d9d9", borderRadius: 4 }} onClick={() => void newCaptcha()} />
            <Form.Item name="captchaAnswer" noStyle rules={[{ required: true, message: "请输入验证码" }]}>
              <Input style={{ width: 110 }} maxLength={8} placeholder="图中字符" />
            </Form.Item>
          </Space>
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" block size="large" loading={busy}>
        提交诉求
      </Button>
    </Form>
  );
}
