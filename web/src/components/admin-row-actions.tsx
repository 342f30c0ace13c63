import { useState } from "react";
import { App, Button, Dropdown, Form, Input, Modal, Typography } from "antd";
import { MoreOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { ApiError, api } from "../api/client.js";

/** A mainland mobile number, as the server accepts a unit's duty phone (src/modules/org/duty-phone.ts). */
export const DUTY_PHONE = /^(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d){8}$/;

/** What a row of an admin list is: its API path, its name, and whether it is enabled. */
interface Props {
  kind: "unit" | "category" | "user";
  id: number;
  name: string;
  active: boolean;
  /** Units only (issue 16): the duty mobile for urgent-dispatch SMS, edited with the name. */
  dutyPhone?: string | null;
  /** The query key to refresh after a change. */
  queryKey: readonly unknown[];
}

const PATHS = { unit: "/api/units", category: "/api/categories", user: "/api/users" } as const;
const WHAT = { unit: "单位", category: "分类", user: "用户" } as const;
const IN_USE_HINT = {
  unit: "该单位已有工单、用户或下级单位，不能删除。为保留历史记录，请改为停用。",
  category: "该分类已被工单使用或有下级分类，不能删除。为保留历史记录，请改为停用。",
  user: "该用户已有操作记录，不能删除。为保留审计记录，请改为停用。",
} as const;

/**
 * 编辑 / 停用·启用 / 删除 (and 重置密码 for users) of one admin row (issue 18 point 8). Delete is refused
 * by the server for a referenced record (409 IN_USE): the message says why and offers 停用 instead.
 */
export function AdminRowActions({ kind, id, name, active, dutyPhone, queryKey }: Props) {
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<{ name: string; dutyPhone?: string }>();
  const path = `${PATHS[kind]}/${id}`;
  const refresh = () => qc.invalidateQueries({ queryKey });
  const setActive = async (value: boolean) => {
    try {
      await api(path, { method: "PATCH", body: { active: value } });
      message.success(value ? `已启用${WHAT[kind]}「${name}」` : `已停用${WHAT[kind]}「${name}」`);
      await refresh();
    } catch (e) {
      message.error(e instanceof Error ? e.message : "操作失败");
    }
  };
  const remove = () =>
    modal.confirm({
      title: `删除${WHAT[kind]}「${name}」？`,
      content: "只有未被任何记录引用的才能删除；删除后不可恢复。",
      okText: "删除",
      okButtonProps: { danger: true },
      cancelText: "取消",
      onOk: async () => {
        try {
          await api(path, { method: "DELETE" });
          message.success(`已删除${WHAT[kind]}「${name}」`);
          await refresh();
        } catch (e) {
          if (e instanceof ApiError && e.code === "IN_USE") {
            modal.warning({
              title: "不能删除",
              content: IN_USE_HINT[kind],
              okText: active ? "改为停用" : "知道了",
              onOk: () => (active ? setActive(false) : undefined),
            });
          } else message.error(e instanceof Error ? e.message : "删除失败");
        }
      },
    });
  const resetPassword = () =>
    modal.confirm({
      title: `重置「${name}」的密码？`,
      content: "系统将生成临时密码，该用户的登录会话立即失效，下次登录时必须修改密码。",
      okText: "重置",
      cancelText: "取消",
      onOk: async () => {
        try {
          const r = await api<{ temporaryPassword: string }>(`${path}/reset-password`, { method: "POST", body: {} });
          modal.success({
            title: "密码已重置",
            content: (
              <div>
                临时密码（仅显示这一次，请通过安全渠道告知本人）：
                <Typography.Paragraph copyable strong data-testid="temporary-password" style={{ marginTop: 8 }}>
                  {r.temporaryPassword}
                </Typography.Paragraph>
              </div>
            ),
          });
          await refresh();
        } catch (e) {
          message.error(e instanceof Error ? e.message : "重置失败");
        }
      },
    });

  const items = [
    { key: "edit", label: kind === "unit" ? "编辑名称和值班电话" : "编辑名称" },
    { key: "toggle", label: active ? "停用" : "启用" },
    ...(kind === "user" ? [{ key: "reset", label: "重置密码" }] : []),
    { key: "delete", label: "删除", danger: true },
  ];
  return (
    <>
      <Dropdown
        trigger={["click"]}
        menu={{
          items,
          onClick: ({ key }) => {
            if (key === "edit") {
              form.setFieldsValue({ name, ...(kind === "unit" && { dutyPhone: dutyPhone ?? "" }) });
              setEditing(true);
            } else if (key === "toggle") void setActive(!active);
            else if (key === "reset") resetPassword();
            else if (key === "delete") remove();
          },
        }}
      >
        <Button size="small" icon={<MoreOutlined />} aria-label={`${name}的操作`} data-testid={`row-actions-${kind}-${id}`}>
          操作
        </Button>
      </Dropdown>
      <Modal
        open={editing}
        title={`编辑${WHAT[kind]}`}
        okText="保存"
        cancelText="取消"
        onCancel={() => setEditing(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={async (v) => {
            try {
              const body = kind === "unit" ? { name: v.name, dutyPhone: v.dutyPhone?.trim() || null } : { name: v.name };
              await api(path, { method: "PATCH", body });
              message.success(`已保存「${v.name}」`);
              setEditing(false);
              await refresh();
            } catch (e) {
              message.error(e instanceof Error ? e.message : "保存失败");
            }
          }}
        >
          <Form.Item name="name" label={kind === "user" ? "姓名" : "名称"} rules={[{ required: true, message: "请输入名称" }]}>
            <Input />
          </Form.Item>
          {kind === "unit" && (
            <Form.Item name="dutyPhone" label="值班电话（手机，紧急工单派单短信发往此号）" rules={[{ pattern: DUTY_PHONE, message: "请输入11位手机号码" }]}>
              <Input placeholder="例如 13900007777；留空则不发送" data-testid="unit-duty-phone-edit" />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}

/** 启用 / 停用 as a tag with text (meaning not by colour alone). */
export function ActiveTag({ active }: { active: boolean }) {
  return <span style={{ color: active ? "#237804" : "#a8071a", whiteSpace: "nowrap" }}>{active ? "● 启用" : "○ 已停用"}</span>;
}
