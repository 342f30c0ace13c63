import { App, Button, Card, Form, Input, Select, Table, Tag } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client.js";
import { itemsOf, keys, useUnits, useUsers } from "../../api/hooks.js";
import type { Role, User } from "../../api/types.js";
import { ROLE_LABELS } from "../../lib/labels.js";
import { ActiveTag, AdminRowActions } from "../../components/admin-row-actions.js";

const UNIT_ROLES: Role[] = ["unit_leader", "unit_handler"];

/** 用户与角色: unit roles need a unit (docs/API.md "Organisation"). */
export default function UsersAdminPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const users = useUsers();
  const units = useUnits();
  const [form] = Form.useForm<{ username: string; password: string; name: string; roles: Role[]; unitId?: number }>();
  const roles = (Form.useWatch("roles", form) ?? []) as Role[];
  const unitName = (id: number | null) => (id == null ? "—" : (units.data?.find((u) => u.id === id)?.name ?? `#${id}`));
  return (
    <Card size="small" title="用户与角色">
      <Form
        form={form}
        layout="inline"
        style={{ marginBottom: 12, rowGap: 8 }}
        onFinish={async (v) => {
          try {
            await api("/api/users", { method: "POST", body: v });
            message.success("已新增用户");
            form.resetFields();
            await qc.invalidateQueries({ queryKey: keys.users });
          } catch (e) {
            message.error(e instanceof Error ? e.message : "新增失败");
          }
        }}
      >
        <Form.Item name="username" rules={[{ required: true, message: "请输入用户名" }]}>
          <Input placeholder="用户名" autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" rules={[{ required: true, message: "请输入姓名" }]}>
          <Input placeholder="姓名" />
        </Form.Item>
        <Form.Item name="password" rules={[{ required: true, min: 10, message: "密码至少10位，不能包含用户名" }]}>
          <Input.Password placeholder="初始密码" autoComplete="new-password" />
        </Form.Item>
        {/* a validator rather than `required`: antd would put aria-required on the multiple select's wrapper, where ARIA does not allow it */}
        <Form.Item name="roles" rules={[{ validator: (_, v: unknown[] | undefined) => (v && v.length > 0 ? Promise.resolve() : Promise.reject(new Error("请选择角色"))) }]}>
          <Select
            mode="multiple"
            aria-label="角色"
            placeholder="角色"
            style={{ minWidth: 200 }}
            options={Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item name="unitId" rules={[{ required: roles.some((r) => UNIT_ROLES.includes(r)), message: "单位角色须选择单位" }]}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            aria-label="所属单位"
            placeholder="所属单位"
            style={{ width: 200 }}
            options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          新增
        </Button>
      </Form>
      <Table<User>
        size="small"
        rowKey="id"
        loading={users.isLoading}
        dataSource={itemsOf(users.data)}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: "用户名", dataIndex: "username" },
          { title: "姓名", dataIndex: "name" },
          { title: "角色", dataIndex: "roles", render: (rs: Role[]) => rs.map((r) => <Tag key={r}>{ROLE_LABELS[r] ?? r}</Tag>) },
          { title: "单位", dataIndex: "unitId", render: (id: number | null) => unitName(id) },
          {
            title: "状态",
            dataIndex: "active",
            render: (a: boolean | undefined, u: User) => (
              <>
                <ActiveTag active={a !== false} />
                {u.mustChangePassword && <Tag style={{ marginLeft: 4 }}>待改密码</Tag>}
              </>
            ),
          },
          {
            title: "操作",
            key: "actions",
            width: 100,
            render: (_: unknown, u: User) => <AdminRowActions kind="user" id={u.id} name={u.name} active={u.active !== false} queryKey={keys.users} />,
          },
        ]}
      />
    </Card>
  );
}
