import { useState } from "react";
import { App, Button, Card, Form, Input, Modal, Popconfirm, Space, Switch, Table, Tag, Typography } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import { api } from "../api/client.js";
import { useCategories } from "../api/hooks.js";
import { useReplyTemplates, type ReplyTemplate } from "../api/workday-hooks.js";
import { CategoryPicker, categoryPaths } from "../components/category-picker.js";
import { REPLY_TEMPLATE_PLACEHOLDERS } from "../lib/domain.js";

/** 答复模板 (issue 18): admins keep reply templates per category; handlers pick one in the reply dialog. */
export default function ReplyTemplatesPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const list = useReplyTemplates(null, true);
  const cats = useCategories();
  const paths = categoryPaths(cats.data ?? []);
  const [editing, setEditing] = useState<ReplyTemplate | "new" | null>(null);
  const [form] = Form.useForm();
  const refresh = () => qc.invalidateQueries({ queryKey: ["reply-templates"] });

  async function save() {
    const v = await form.validateFields();
    const body = { categoryId: v.categoryId ?? null, title: v.title, body: v.body, active: v.active ?? true };
    try {
      if (editing === "new") await api("/api/reply-templates", { method: "POST", body });
      else if (editing) await api(`/api/reply-templates/${editing.id}`, { method: "PUT", body });
      message.success("答复模板已保存");
      setEditing(null);
      await refresh();
    } catch (e) {
      message.error(e instanceof Error ? e.message : "保存失败");
    }
  }

  return (
    <Card
      size="small"
      title="答复模板"
      extra={
        <Button
          type="primary"
          onClick={() => {
            form.resetFields();
            setEditing("new");
          }}
          data-testid="new-template"
        >
          新建模板
        </Button>
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        可用占位符：{REPLY_TEMPLATE_PLACEHOLDERS.join("　")}。承办人选用模板后由系统填入工单信息，其余内容由承办人补充。
      </Typography.Paragraph>
      <Table<ReplyTemplate>
        rowKey="id"
        size="small"
        dataSource={list.data?.items ?? []}
        loading={list.isLoading}
        pagination={false}
        columns={[
          { title: "标题", dataIndex: "title", width: 200 },
          { title: "适用分类", dataIndex: "categoryId", width: 220, render: (c: number | null) => (c ? (paths.get(c) ?? `#${c}`) : <Tag>通用</Tag>) },
          { title: "内容", dataIndex: "body", ellipsis: true },
          { title: "状态", dataIndex: "active", width: 80, render: (a: boolean) => (a ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>) },
          {
            title: "操作",
            key: "op",
            width: 140,
            render: (_: unknown, t) => (
              <Space>
                <Button
                  size="small"
                  onClick={() => {
                    form.setFieldsValue({ ...t });
                    setEditing(t);
                  }}
                >
                  编辑
                </Button>
                <Popconfirm
                  title="删除该模板？"
                  okText="删除"
                  cancelText="取消"
                  onConfirm={async () => {
                    await api(`/api/reply-templates/${t.id}`, { method: "DELETE" });
                    message.success("模板已删除");
                    await refresh();
                  }}
                >
                  <Button size="small" danger>
                    删除
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal open={editing !== null} title={editing === "new" ? "新建答复模板" : "编辑答复模板"} onCancel={() => setEditing(null)} onOk={() => void save()} okText="保存" cancelText="取消" destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false} initialValues={{ active: true }}>
          <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: "请填写标题" }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="categoryId" label="适用分类（不选为通用模板）">
            <CategoryPicker />
          </Form.Item>
          <Form.Item name="body" label="模板内容" rules={[{ required: true, whitespace: true, message: "请填写模板内容" }]}>
            <Input.TextArea autoSize={{ minRows: 5 }} />
          </Form.Item>
          <Form.Item name="active" label="启用" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
