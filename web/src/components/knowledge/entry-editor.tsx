import { useEffect } from "react";
import { App, Col, DatePicker, Form, Input, Modal, Row, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { api } from "../../api/client.js";
import type { components } from "../../api/schema.js";
import { CategoryPicker } from "../category-picker.js";
import { UnitSelect } from "../unit-select.js";
import { KNOWLEDGE_KIND_LABELS, SCOPE_TYPE_LABELS } from "./knowledge-labels.js";

type Entry = components["schemas"]["KnowledgeEntry"];
interface Values {
  title: string;
  kind: Entry["kind"];
  scopeType?: "accept" | "reject";
  body: string;
  answer?: string;
  categoryId?: number | null;
  unitId?: number | null;
  tags?: string[];
  valid?: [Dayjs | null, Dayjs | null] | null;
  note?: string;
}

/** New entry or new version, with a live preview of the (server-sanitised) rich text. */
export function EntryEditor({ entry, open, onClose, onSaved }: { entry: Entry | null; open: boolean; onClose: () => void; onSaved: (id: number) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const body = (Form.useWatch("body", form) as string | undefined) ?? "";
  const kind = Form.useWatch("kind", form) as Values["kind"] | undefined;
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (entry)
      form.setFieldsValue({
        title: entry.title,
        kind: entry.kind,
        scopeType: entry.scopeType ?? undefined,
        body: entry.body,
        answer: entry.answer,
        categoryId: entry.categoryId,
        unitId: entry.unitId,
        tags: entry.tags,
        valid: [entry.validFrom ? dayjs(entry.validFrom) : null, entry.validTo ? dayjs(entry.validTo) : null],
      });
  }, [open, entry, form]);

  async function save() {
    const v = await form.validateFields();
    const payload = {
      title: v.title,
      kind: v.kind,
      scopeType: v.kind === "scope" ? (v.scopeType ?? "reject") : undefined,
      body: v.body,
      answer: v.answer || undefined,
      categoryId: v.categoryId ?? null,
      unitId: v.unitId ?? undefined,
      tags: v.tags ?? [],
      validFrom: v.valid?.[0] ? v.valid[0].format("YYYY-MM-DD") : null,
      validTo: v.valid?.[1] ? v.valid[1].format("YYYY-MM-DD") : null,
      ...(entry ? { version: entry.version, note: v.note || undefined } : {}),
    };
    try {
      const res = await api<{ id: number }>(entry ? `/api/knowledge/${entry.id}` : "/api/knowledge", { method: entry ? "PUT" : "POST", body: payload });
      message.success(entry ? "已保存为新版本，待中心审核发布" : "已提交，待中心审核发布");
      onSaved(res.id);
    } catch (e) {
      message.error(e instanceof Error ? e.message : "保存失败");
    }
  }

  return (
    <Modal open={open} onCancel={onClose} onOk={save} okText={entry ? "保存新版本" : "提交审核"} title={entry ? `编辑：${entry.title}` : "新建知识条目"} width={980} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ kind: "faq" }} data-testid="entry-editor">
        <Row gutter={12}>
          <Col span={14}>
            <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: "请填写标题" }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={5}>
            <Form.Item name="kind" label="类型">
              <Select options={Object.entries(KNOWLEDGE_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
          </Col>
          <Col span={5}>
            {kind === "scope" && (
              <Form.Item name="scopeType" label="范围" initialValue="reject">
                <Select options={Object.entries(SCOPE_TYPE_LABELS).map(([value, label]) => ({ value, label }))} />
              </Form.Item>
            )}
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="body" label="正文（支持段落、加粗、列表、表格、链接等 HTML）" rules={[{ required: true, whitespace: true, message: "请填写正文" }]}>
              <Input.TextArea autoSize={{ minRows: 8, maxRows: 16 }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <div className="ant-form-item-label">
              <label>预览（保存时服务器会清除脚本等不安全内容）</label>
            </div>
            <div className="knowledge-preview" style={{ border: "1px solid #f0f0f0", borderRadius: 6, padding: 8, minHeight: 170, maxHeight: 360, overflow: "auto" }} dangerouslySetInnerHTML={{ __html: previewHtml(body) }} />
          </Col>
        </Row>
        <Form.Item name="answer" label="即时答复口径（接线员读给来电人的话，留空则取正文开头）">
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={2000} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="categoryId" label="诉求分类">
              <CategoryPicker />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="unitId" label="责任单位">
              <UnitSelect />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="valid" label="有效期">
              <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="tags" label={kind === "scope" ? "命中词（来电内容包含任一词即提示）" : "标签"}>
          <Select mode="tags" tokenSeparators={[",", "，", " "]} />
        </Form.Item>
        {entry && (
          <Form.Item name="note" label="修改说明">
            <Input maxLength={500} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** The preview strips what the server would strip (scripts, frames, handlers) before showing it. */
function previewHtml(html: string): string {
  const doc = new DOMParser().parseFromString(html, "text/html");
  doc.querySelectorAll("script,style,iframe,object,embed,img,form,input").forEach((n) => n.remove());
  doc.querySelectorAll("*").forEach((n) => {
    for (const a of [...n.attributes]) if (a.name.startsWith("on") || a.name === "style" || (a.name === "href" && !/^(https?:|mailto:|tel:)/i.test(a.value))) n.removeAttribute(a.name);
  });
  return doc.body.innerHTML;
}
