import { useEffect, useRef, useState } from "react";
import { Link } from "react-router-dom";
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  List,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
  type InputRef,
} from "antd";
import { ApiError } from "../api/client.js";
import { useCreateTicket, useTicketPage } from "../api/hooks.js";
import type { Channel, CreateTicketInput, Ticket, Urgency } from "../api/types.js";
import { CategoryPicker } from "../components/category-picker.js";
import { StatusTag } from "../components/ticket-tags.js";
import { CHANNEL_LABELS, URGENCY_LABELS } from "../lib/labels.js";
import { fmtTime } from "../lib/time.js";
import { useDebounced } from "../lib/use-debounced.js";
import { useCtiCall } from "../components/call-center/cti-call.js";
import { CategoryChips, RepeatCandidates } from "../components/suggestions/intake-assist.js";
import { KnowledgePanel } from "../components/knowledge/knowledge-panel.js";
import { api } from "../api/client.js";

interface FormValues {
  phone?: string;
  name?: string;
  anonymous: boolean;
  channel: Channel;
  title: string;
  content: string;
  categoryId?: number | null;
  address?: string;
  urgency: Urgency;
  business: boolean;
  answeredDirectly: boolean;
  repeatOf?: number | null;
  knowledgeEntryId?: number;
  outOfScopeEntryId?: number;
}

const DEFAULTS: Partial<FormValues> = {
  anonymous: false,
  channel: "phone",
  urgency: "ordinary",
  business: false,
  answeredDirectly: false,
};

function newKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

function Kbd({ children }: { children: string }) {
  return <span className="kbd">{children}</span>;
}

/** 接线登记: a form made for a person on the phone. Keyboard-first; Ctrl+Enter saves from anywhere. */
export default function IntakePage() {
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateTicket();
  const idemKey = useRef(newKey());
  const phoneRef = useRef<InputRef>(null);
  const [last, setLast] = useState<Ticket | null>(null);
  const cti = useCtiCall(form);

  const phone = Form.useWatch("phone", form) ?? "";
  const title = Form.useWatch("title", form) ?? "";
  const anonymous = Form.useWatch("anonymous", form) ?? false;
  const debPhone = useDebounced(phone.replace(/\s/g, ""), 350);
  // Searching by phone is for the roles that see phones in full (the server answers 403 to others); each
  // search is audited and rate-limited (docs/SECURITY.md), so it runs once the number is whole: a mobile
  // number, or 10+ digits with an area code.
  const wholeNumber = /^1[3-9]\d{9}$/.test(debPhone) || /^0\d{2,3}-?\d{7,8}$/.test(debPhone);

  // Repeat callers are common: the caller's earlier tickets appear once the number is typed.
  const earlier = useTicketPage({ phone: debPhone, limit: 10 }, wholeNumber);
  const phoneSearchRefused = earlier.error instanceof ApiError && earlier.error.status === 403;

  async function save(values: FormValues) {
    const input: CreateTicketInput = {
      channel: values.channel,
      requester: values.anonymous
        ? { anonymous: true, phone: values.phone || undefined }
        : { name: values.name || undefined, phone: values.phone || undefined, anonymous: false },
      title: values.title.trim(),
      content: values.content.trim(),
      categoryId: values.categoryId ?? undefined,
      address: values.address || undefined,
      urgency: values.urgency,
      business: values.business,
      answeredDirectly: values.answeredDirectly,
      callId: cti.callId,
      repeatOf: values.repeatOf || undefined,
      knowledgeEntryId: values.answeredDirectly ? values.knowledgeEntryId : undefined,
    };
    try {
      let t = await create.mutateAsync({ input, key: idemKey.current });
      if (values.outOfScopeEntryId) t = await api<Ticket>(`/api/tickets/${t.id}/out-of-scope`, { method: "POST", body: { entryId: values.outOfScopeEntryId } });
      idemKey.current = newKey();
      cti.done();
      setLast(t);
      message.success(
        values.answeredDirectly ? `已登记并即时办结：${t.number}` : `工单已登记：${t.number}`,
      );
      form.resetFields();
      phoneRef.current?.focus();
    } catch (e) {
      message.error(e instanceof Error ? e.message : "保存失败");
    }
  }

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
        e.preventDefault();
        form.submit();
      } else if (e.altKey && (e.key === "n" || e.key === "N")) {
        e.preventDefault();
        form.resetFields();
        idemKey.current = newKey();
        phoneRef.current?.focus();
      } else if (e.altKey && ["1", "2", "3", "4"].includes(e.key)) {
        e.preventDefault();
        const u: Urgency[] = ["ordinary", "urgent", "special", "special_urgent"];
        form.setFieldValue("urgency", u[Number(e.key) - 1]);
      } else if (e.altKey && (e.key === "d" || e.key === "D")) {
        e.preventDefault();
        form.setFieldValue("answeredDirectly", !form.getFieldValue("answeredDirectly"));
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [form]);

  return (
    <Row gutter={16}>
      <Col xs={24} xl={15}>
        <Card
          size="small"
          title={<>接线登记 {cti.tag}</>}
        >
          {/* The shortcuts on their own line: in the card's header they squeezed the title out and broke 保存 into
              one character per line at 1280 px (issue 18 point 6). */}
          <Space size={[16, 4]} wrap style={{ color: "#666666", fontSize: 12, marginBottom: 8 }} data-testid="intake-shortcuts">
            <span style={{ whiteSpace: "nowrap" }}>
              <Kbd>Enter</Kbd>/<Kbd>Ctrl</Kbd>+<Kbd>Enter</Kbd> 保存
            </span>
            <span style={{ whiteSpace: "nowrap" }}>
              <Kbd>Alt</Kbd>+<Kbd>N</Kbd> 新建
            </span>
            <span style={{ whiteSpace: "nowrap" }}>
              <Kbd>Alt</Kbd>+<Kbd>1</Kbd>…<Kbd>4</Kbd> 紧急程度
            </span>
            <span style={{ whiteSpace: "nowrap" }}>
              <Kbd>Alt</Kbd>+<Kbd>D</Kbd> 即时答复
            </span>
            <span style={{ whiteSpace: "nowrap" }}>
              <Kbd>Alt</Kbd>+<Kbd>⇧</Kbd>+<Kbd>1</Kbd>…<Kbd>3</Kbd> 分类
            </span>
          </Space>
          <Form<FormValues>
            form={form}
            layout="vertical"
            initialValues={DEFAULTS}
            onFinish={save}
            requiredMark
            size="middle"
            name="intake"
            data-testid="intake-form"
          >
            <Row gutter={12}>
              <Col span={8}>
                <Form.Item
                  name="phone"
                  label="来电号码"
                  rules={[{ pattern: /^[0-9+\-\s]{5,20}$/, message: "号码格式不正确" }]}
                >
                  <Input ref={phoneRef} autoFocus placeholder="来电号码" allowClear />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="name" label="诉求人">
                  <Input disabled={anonymous} placeholder={anonymous ? "匿名" : "姓名"} />
                </Form.Item>
              </Col>
              <Col span={4}>
                <Form.Item name="anonymous" label="匿名" valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Col>
              <Col span={4}>
                <Form.Item name="channel" label="渠道">
                  <Select
                   
                    options={Object.entries(CHANNEL_LABELS).map(([value, label]) => ({ value, label }))}
                  />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: "请填写标题" }]}>
              <Input placeholder="一句话概括诉求，如：小区夜间施工噪音扰民" maxLength={100} />
            </Form.Item>
            <Form.Item
              name="content"
              label="诉求内容"
              rules={[{ required: true, whitespace: true, message: "请填写诉求内容" }]}
            >
              <Input.TextArea autoSize={{ minRows: 4, maxRows: 10 }} placeholder="时间、地点、事件、诉求" />
            </Form.Item>
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item name="categoryId" label="诉求分类">
                  <CategoryPicker />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="address" label="地址">
                  <Input placeholder="事发地址" />
                </Form.Item>
              </Col>
            </Row>
            <CategoryChips form={form} />
            <Row gutter={12} align="middle">
              <Col span={12}>
                <Form.Item name="urgency" label="紧急程度">
                  <Radio.Group
                   
                    optionType="button"
                    buttonStyle="solid"
                    options={Object.entries(URGENCY_LABELS).map(([value, label]) => ({ value, label }))}
                  />
                </Form.Item>
              </Col>
              <Col span={5}>
                <Form.Item name="business" label="营商环境工单" valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Col>
              <Col span={7}>
                <Form.Item name="answeredDirectly" label=" " valuePropName="checked">
                  <Checkbox>即时答复办结</Checkbox>
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="knowledgeEntryId" hidden><Input /></Form.Item>
            <Form.Item name="outOfScopeEntryId" hidden><Input /></Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="intake-save">
                保存登记
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  phoneRef.current?.focus();
                }}
              >
                清空
              </Button>
              {last && (
                <Typography.Text type="success">
                  上一张：<Link to={`/tickets/${last.id}`}>{last.number}</Link> <StatusTag status={last.status} />
                </Typography.Text>
              )}
            </Space>
          </Form>
        </Card>
      </Col>
      <Col xs={24} xl={9}>
        <Space direction="vertical" style={{ width: "100%" }} size={12}>
          <KnowledgePanel form={form} />
          <Card size="small" title={`来电人历史工单${wholeNumber ? `（${debPhone}）` : ""}`} data-testid="earlier-tickets">
            {phoneSearchRefused ? (
              <Typography.Text type="secondary">当前角色不能按号码查询</Typography.Text>
            ) : !wholeNumber ? (
              <Typography.Text type="secondary">输入完整来电号码后显示该号码的历史工单</Typography.Text>
            ) : (
              <TicketMiniList items={earlier.data?.items ?? []} loading={earlier.isFetching} empty="该号码无历史工单" />
            )}
          </Card>
          <Card size="small" title="疑似重复工单" data-testid="similar-tickets">
            <RepeatCandidates form={form} />
          </Card>
        </Space>
      </Col>
    </Row>
  );
}

function TicketMiniList({ items, loading, empty }: { items: Ticket[]; loading: boolean; empty: string }) {
  return (
    <List
      size="small"
      loading={loading}
      dataSource={items}
      locale={{ emptyText: empty }}
      renderItem={(t) => (
        <List.Item>
          <List.Item.Meta
            title={
              <Space size={4}>
                <Link to={`/tickets/${t.id}`} target="_blank">
                  {t.title}
                </Link>
                <StatusTag status={t.status} />
                {t.redoCount > 0 && <Tag color="red">重办{t.redoCount}</Tag>}
              </Space>
            }
            description={`${t.number} · ${fmtTime(t.receivedAt)}`}
          />
        </List.Item>
      )}
    />
  );
}
