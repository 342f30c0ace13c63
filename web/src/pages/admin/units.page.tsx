import { App, Button, Card, Form, Input, Select, Space, Table, Tag } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client.js";
import { keys, useUnits } from "../../api/hooks.js";
import type { Unit } from "../../api/types.js";
import { UNIT_KIND_LABELS } from "../../lib/labels.js";
import { ActiveTag, AdminRowActions, DUTY_PHONE } from "../../components/admin-row-actions.js";

/** 单位管理: the center, departments (县直部门) and towns (镇街), each with its duty phone for urgent-dispatch SMS. */
export default function UnitsAdminPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const units = useUnits();
  const [form] = Form.useForm<{ name: string; kind: Unit["kind"]; parentId?: number; dutyPhone?: string }>();
  const name = (id: number | null) => units.data?.find((u) => u.id === id)?.name ?? "—";
  return (
    <Card size="small" title="单位">
      <Form
        form={form}
        layout="inline"
        style={{ marginBottom: 12 }}
        initialValues={{ kind: "department" }}
        onFinish={async (v) => {
          try {
            await api("/api/units", { method: "POST", body: { ...v, dutyPhone: v.dutyPhone?.trim() || undefined } });
            message.success("已新增单位");
            form.resetFields();
            await qc.invalidateQueries({ queryKey: keys.units });
          } catch (e) {
            message.error(e instanceof Error ? e.message : "新增失败");
          }
        }}
      >
        <Form.Item name="name" rules={[{ required: true, message: "请输入单位名称" }]}>
          <Input placeholder="单位名称" />
        </Form.Item>
        <Form.Item name="kind">
          <Select aria-label="单位类型" style={{ width: 120 }} options={["center", "department", "town", "section"].map((k) => ({ value: k, label: UNIT_KIND_LABELS[k] }))} />
        </Form.Item>
        <Form.Item name="parentId">
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            aria-label="上级单位"
            placeholder="上级单位（可选）"
            style={{ width: 220 }}
            options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
        <Form.Item name="dutyPhone" rules={[{ pattern: DUTY_PHONE, message: "请输入11位手机号码" }]}>
          <Input placeholder="值班电话（手机，可选）" style={{ width: 200 }} data-testid="unit-duty-phone" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            新增
          </Button>
        </Space>
      </Form>
      <Table<Unit>
        size="small"
        rowKey="id"
        loading={units.isLoading}
        dataSource={units.data ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: "ID", dataIndex: "id", width: 70 },
          { title: "名称", dataIndex: "name" },
          { title: "类型", dataIndex: "kind", render: (k: string) => <Tag>{UNIT_KIND_LABELS[k] ?? k}</Tag> },
          { title: "上级", dataIndex: "parentId", render: (p: number | null) => name(p) },
          { title: "值班电话", dataIndex: "dutyPhone", width: 130, render: (p: string | null | undefined) => p ?? "—" },
          { title: "状态", dataIndex: "active", width: 90, render: (a: boolean) => <ActiveTag active={a !== false} /> },
          {
            title: "操作",
            key: "actions",
            width: 100,
            render: (_: unknown, u: Unit) => <AdminRowActions kind="unit" id={u.id} name={u.name} active={u.active !== false} dutyPhone={u.dutyPhone} queryKey={keys.units} />,
          },
        ]}
      />
    </Card>
  );
}
