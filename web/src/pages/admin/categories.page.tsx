import { useState } from "react";
import { App, Button, Card, Col, Form, Input, Row, Tree, Typography } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client.js";
import { keys, useCategories } from "../../api/hooks.js";
import { categoryPaths, toTree } from "../../components/category-picker.js";
import { CategoryEditor } from "../../components/category-editor.js";

/** 诉求分类: the category tree, with new categories added under the selected node. */
export default function CategoriesAdminPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const cats = useCategories();
  const [selected, setSelected] = useState<number | null>(null);
  const [search, setSearch] = useState("");
  const [form] = Form.useForm<{ name: string }>();
  const paths = categoryPaths(cats.data ?? []);
  const tree = toTree(cats.data ?? []);
  const matches = search ? [...paths.entries()].filter(([, p]) => p.includes(search)).slice(0, 50) : [];
  return (
    <Row gutter={12}>
      <Col span={14}>
        <Card size="small" title="诉求分类" extra={<Input.Search allowClear placeholder="搜索分类" onSearch={setSearch} style={{ width: 220 }} />}>
          {search ? (
            matches.map(([id, p]) => (
              <div key={id}>
                <a onClick={() => setSelected(id)}>{p}</a>
              </div>
            ))
          ) : (
            <Tree
              height={560}
              treeData={tree.map(function conv(n): { key: number; title: string; children?: unknown[] } {
                return { key: n.value, title: n.title, children: n.children?.map(conv) };
              }) as never}
              onSelect={(k) => setSelected(k.length ? Number(k[0]) : null)}
            />
          )}
        </Card>
      </Col>
      <Col span={10}>
        <Card size="small" title="新增分类">
          <Typography.Paragraph>上级：{selected ? paths.get(selected) : "（顶级）"}</Typography.Paragraph>
          <Form
            form={form}
            layout="inline"
            onFinish={async (v) => {
              try {
                await api("/api/categories", { method: "POST", body: { name: v.name, parentId: selected ?? undefined } });
                message.success("已新增分类");
                form.resetFields();
                await qc.invalidateQueries({ queryKey: keys.categories });
              } catch (e) {
                message.error(e instanceof Error ? e.message : "新增失败");
              }
            }}
          >
            <Form.Item name="name" rules={[{ required: true, message: "请输入名称" }]}>
              <Input placeholder="分类名称" />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              新增
            </Button>
            {selected && <Button onClick={() => setSelected(null)}>改为顶级</Button>}
          </Form>
        </Card>
        {selected && <CategoryEditor id={selected} path={paths.get(selected) ?? ""} onDeleted={() => setSelected(null)} />}
      </Col>
    </Row>
  );
}
