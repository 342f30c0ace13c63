import type { Role } from "../api/types.js";

export interface MenuEntry {
  path: string;
  label: string;
  roles: Role[];
  group?: string;
}

/** The role-aware menu and the page role table: each screen lists the roles that work in it; the router
 *  refuses the others (layout/route-guard.tsx, issue 18 point 4). */
export const MENU: MenuEntry[] = [
  { path: "/intake", label: "接线登记", roles: ["operator", "dispatcher", "admin"] },
  { path: "/dispatch", label: "派单", roles: ["dispatcher", "admin"] },
  { path: "/reviews", label: "审核（退单/延期/剔除）", roles: ["supervisor", "dispatcher", "admin"] },
  { path: "/unit", label: "承办工作台", roles: ["unit_leader", "unit_handler"] },
  { path: "/follow-up", label: "回访", roles: ["follow_up", "supervisor", "admin"] },
  {
    path: "/tickets",
    label: "工单查询",
    roles: ["operator", "dispatcher", "supervisor", "follow_up", "unit_leader", "unit_handler", "viewer", "admin"],
  },
  {
    path: "/knowledge",
    label: "知识库",
    roles: ["operator", "dispatcher", "supervisor", "follow_up", "unit_leader", "unit_handler", "viewer", "admin"],
  },
  // Center screens: a unit user sees its own figures on its desk, not every unit's (issue 18 point 4).
  { path: "/dashboard", label: "数据看板", roles: ["viewer", "supervisor", "dispatcher", "admin"] },
  { path: "/appraisal", label: "考核评价", roles: ["viewer", "supervisor", "admin"] },
  { path: "/call-center", label: "话务中心", roles: ["supervisor", "qa_reviewer", "viewer", "operator", "admin"] },
  { path: "/supervision", label: "督办", roles: ["supervisor", "admin"] },
  { path: "/evaluations", label: "社会监督评价", roles: ["social_supervisor"] },
  { path: "/admin/units", label: "单位", roles: ["admin"], group: "系统管理" },
  { path: "/admin/users", label: "用户与角色", roles: ["admin"], group: "系统管理" },
  { path: "/admin/categories", label: "诉求分类", roles: ["admin"], group: "系统管理" },
  { path: "/admin/calendar", label: "工作日历", roles: ["admin"], group: "系统管理" },
  { path: "/admin/policy", label: "时限政策", roles: ["admin"], group: "系统管理" },
  { path: "/admin/reply-templates", label: "答复模板", roles: ["admin"], group: "系统管理" },
  { path: "/admin/audit", label: "审计日志", roles: ["admin", "supervisor"], group: "系统管理" },
  { path: "/admin/outbox", label: "外发消息", roles: ["admin"], group: "系统管理" },
];
