import { Suspense, type ReactNode } from "react";
import { Link, Navigate, Outlet, useLocation, useNavigate } from "react-router-dom";
import { Badge, Button, Dropdown, Layout, List, Menu, Popover, Space, Spin, Tag, Typography } from "antd";
import { BellOutlined, LogoutOutlined, PhoneOutlined } from "@ant-design/icons";
import type { MenuProps } from "antd";
import { useAuth } from "../auth/auth-context.js";
import { itemsOf, useNotifications, useUnits } from "../api/hooks.js";
import { MENU } from "./menu.js";
import { mayOpen, NoPermission } from "./route-guard.js";
import { homeFor } from "../auth/auth-context.js";
import { useMarkRead, useUnreadCount } from "../api/workday-hooks.js";
import { ROLE_LABELS } from "../lib/labels.js";
import { fmtTime } from "../lib/time.js";

const { Header, Sider, Content } = Layout;

/** The frame every signed-in screen lives in: menu by role, user and notifications in the header. */
export function AppLayout() {
  const { user, loading, logout } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const units = useUnits();
  const notifications = useNotifications(!!user);
  const unreadCount = useUnreadCount(!!user);
  const markRead = useMarkRead();
  if (loading) return <Spin fullscreen tip="加载中…" />;
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname }} />;

  const entries = MENU.filter((m) => m.roles.some((r) => user.roles.includes(r)));
  const items: MenuProps["items"] = [];
  const groups = new Map<string, { key: string; label: string; type: "group"; children: { key: string; label: ReactNode }[] }>();
  for (const e of entries) {
    const item = { key: e.path, label: <Link to={e.path}>{e.label}</Link> };
    if (!e.group) items.push(item);
    else {
      let g = groups.get(e.group);
      if (!g) {
        g = { key: e.group, label: e.group, type: "group", children: [] };
        groups.set(e.group, g);
        items.push(g);
      }
      g.children.push(item);
    }
  }
  const selected = entries.map((e) => e.path).filter((p) => location.pathname.startsWith(p));
  const unitName = units.data?.find((u) => u.id === user.unitId)?.name;
  const notes = itemsOf(notifications.data);
  // The badge counts every unread notification (the list shows a page of them), issue 18.
  const unread = unreadCount.data?.count ?? notes.filter((n) => !n.readAt).length;

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Sider width={200} theme="light" style={{ borderRight: "1px solid #f0f0f0" }}>
        <div style={{ padding: "14px 16px", fontWeight: 600, fontSize: 16 }}>
          <PhoneOutlined style={{ color: "#1677ff" }} /> 呼应 · 12345
        </div>
        <Menu mode="inline" selectedKeys={selected} items={items} style={{ borderInlineEnd: 0 }} />
      </Sider>
      <Layout>
        <Header
          style={{
            background: "#fff",
            padding: "0 16px",
            height: 48,
            lineHeight: "48px",
            borderBottom: "1px solid #f0f0f0",
            display: "flex",
            justifyContent: "flex-end",
          }}
        >
          <Space size="middle">
            <Popover
              trigger="click"
              title={
                <Space style={{ width: 320, justifyContent: "space-between" }}>
                  <span>通知{unread > 0 ? `（${unread} 条未读）` : ""}</span>
                  <Button size="small" type="link" disabled={unread === 0} loading={markRead.isPending} onClick={() => markRead.mutate(null)} data-testid="notifications-read-all">
                    全部已读
                  </Button>
                </Space>
              }
              content={
                <List
                  size="small"
                  style={{ width: 320, maxHeight: 360, overflow: "auto" }}
                  dataSource={notes.slice(0, 20)}
                  locale={{ emptyText: "暂无通知" }}
                  renderItem={(n) => (
                    <List.Item
                      onClick={() => {
                        if (!n.readAt) markRead.mutate(n.id);
                        if (n.ticketId) navigate(`/tickets/${n.ticketId}`);
                      }}
                      style={{ cursor: "pointer" }}
                      data-testid="notification-item"
                    >
                      <List.Item.Meta
                        title={<Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>}
                        description={fmtTime(n.createdAt)}
                      />
                    </List.Item>
                  )}
                />
              }
            >
              <Badge count={unread} size="small" data-testid="notifications-badge">
                <Button type="text" icon={<BellOutlined />} aria-label={unread > 0 ? `通知，${unread} 条未读` : "通知"} />
              </Badge>
            </Popover>
            <Dropdown
              menu={{
                items: [{ key: "logout", icon: <LogoutOutlined />, label: "退出登录" }],
                onClick: () => void logout().then(() => navigate("/login")),
              }}
            >
              <Space data-testid="current-user">
                <span>{user.name}</span>
                {unitName && <Tag>{unitName}</Tag>}
                {user.roles.map((r) => (
                  <Tag key={r} color="blue">
                    {ROLE_LABELS[r] ?? r}
                  </Tag>
                ))}
              </Space>
            </Dropdown>
          </Space>
        </Header>
        <Content style={{ padding: 16, overflow: "auto" }}>
          <Suspense fallback={<Spin style={{ marginTop: 80, width: "100%" }} />}>
            {mayOpen(location.pathname, user.roles) ? <Outlet /> : <NoPermission home={homeFor(user)} />}
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
