import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import { Button, Result } from "antd";
import type { Role } from "../api/types.js";
import { MENU } from "./menu.js";

/**
 * The page role table (issue 18 point 4): the menu's entries say which roles work in each screen, and the
 * router uses the same table, so a page not in a user's menu is not open to them by its address either.
 * The longest matching path wins (`/tickets/12` → `/tickets`); a path no entry names is open to every
 * signed-in user.
 */
export function pageRoles(pathname: string): Role[] | null {
  const entry = [...MENU]
    .sort((a, b) => b.path.length - a.path.length)
    .find((m) => pathname === m.path || pathname.startsWith(`${m.path}/`));
  return entry ? entry.roles : null;
}

export function mayOpen(pathname: string, roles: readonly Role[]): boolean {
  const needed = pageRoles(pathname);
  return !needed || needed.some((r) => roles.includes(r));
}

/** 无权访问: what a user sees at the address of a page their roles do not open. */
export function NoPermission({ home }: { home: string }): ReactNode {
  return (
    <div data-testid="no-permission">
    <Result
      status="403"
      title="无权访问"
      subTitle="您的角色不能打开此页面。如需使用，请联系系统管理员分配角色。"
      extra={
        <Link to={home}>
          <Button type="primary">返回我的工作台</Button>
        </Link>
      }
    />
    </div>
  );
}
