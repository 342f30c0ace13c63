/** The audit log in Chinese (issue 18 point 8): every action the server writes (src/modules/audit). */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  "phone.revealed": "查看完整号码",
  "ticket.phone_revealed": "查看完整号码",
  "export.tickets": "导出工单",
  "export.report": "导出报表",
  "user.created": "新增用户",
  "user.updated": "修改用户",
  "user.deleted": "删除用户",
  "user.password_reset": "重置密码",
  "user.password_reset_forced": "要求修改密码",
  "unit.created": "新增单位",
  "unit.updated": "修改单位",
  "unit.deleted": "删除单位",
  "category.created": "新增分类",
  "category.updated": "修改分类",
  "category.deleted": "删除分类",
  "calendar.override_set": "调整工作日历",
  "policy.changed": "保存时限政策新版本",
  "policy.preset_applied": "套用城市预设政策",
  "auth.login": "登录",
  "auth.login_failed": "登录失败",
  "auth.logout": "退出登录",
  "auth.password_changed": "修改本人密码",
  "report.entry_saved": "录入考核项",
  "outbox.retried": "重发消息",
  "api_key.created": "新建接口密钥",
  "api_key.revoked": "吊销接口密钥",
  "api_key.denied": "接口密钥被拒绝",
  "tickets.phone_searched": "按号码查询工单",
  "retention.anonymised": "到期匿名化",
  "purge.ran": "清理过期数据",
};

export const AUDIT_TARGET_LABELS: Record<string, string> = {
  ticket: "工单",
  user: "用户",
  unit: "单位",
  category: "分类",
  policy: "时限政策",
  calendar: "工作日历",
  api_key: "接口密钥",
  report: "报表",
  outbox: "消息",
};

const FIELD_LABELS: Record<string, string> = {
  name: "名称",
  roles: "角色",
  unitId: "单位",
  active: "启用状态",
  password: "密码",
  kind: "类型",
  parentId: "上级",
  region: "片区",
};

/** The details of an entry in words: what changed, the name it concerned, how many rows were exported. */
export function auditDetail(action: string, data: Record<string, unknown> | undefined): string {
  if (!data) return "";
  const parts: string[] = [];
  const str = (k: string) => (typeof data[k] === "string" || typeof data[k] === "number" ? String(data[k]) : null);
  if (str("username")) parts.push(`账号 ${str("username")}`);
  if (str("name")) parts.push(`名称「${str("name")}」`);
  if (Array.isArray(data.changed) && data.changed.length) parts.push(`修改了${data.changed.map((f) => FIELD_LABELS[String(f)] ?? String(f)).join("、")}`);
  if (data.passwordReset === true) parts.push("重设了密码");
  if (data.generated === true) parts.push("系统生成临时密码");
  if (str("rows")) parts.push(`${str("rows")} 条`);
  if (str("format")) parts.push(`格式 ${str("format")}`);
  if (str("version")) parts.push(`版本 ${str("version")}`);
  if (str("preset")) parts.push(`预设 ${str("preset")}`);
  if (str("reason")) parts.push(`原因：${str("reason")}`);
  if (parts.length === 0 && action.startsWith("auth.")) return "";
  return parts.join("；");
}
