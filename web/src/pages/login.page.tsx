import { useState } from "react";
import { Navigate, useNavigate } from "react-router-dom";
import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { homeFor, useAuth } from "../auth/auth-context.js";
import { ApiError, api } from "../api/client.js";

/** Sign-in screen. */
export function LoginPage() {
  const { user, login } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (user?.mustChangePassword) return <ChangePasswordCard />;
  if (user) return <Navigate to={homeFor(user)} replace />;

  async function onFinish(values: { username: string; password: string }) {
    setBusy(true);
    setError(null);
    try {
      const u = await login(values.username.trim(), values.password);
      if (!u.mustChangePassword) navigate(homeFor(u), { replace: true });
    } catch (e) {
      // A wrong password answers 401 UNAUTHENTICATED; on the login screen that means bad credentials.
      if (e instanceof ApiError && (e.status === 401 || e.code === "UNAUTHENTICATED")) setError("用户名或密码错误");
      else setError(e instanceof Error ? e.message : "登录失败");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div style={{ minHeight: "100vh", display: "flex", alignItems: "center", justifyContent: "center" }}>
      <Card style={{ width: 360 }}>
        <Typography.Title level={3} style={{ textAlign: "center", marginTop: 0 }}>
          呼应 · 12345 热线工单平台
        </Typography.Title>
        {error && <Alert type="error" message={error} showIcon style={{ marginBottom: 16 }} />}
        <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: "请输入用户名" }]}>
            <Input prefix={<UserOutlined />} autoFocus autoComplete="username" id="username" />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: "请输入密码" }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" id="password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}

/** After an admin forced a reset: the new password first (10+ characters, not the username, not a common one). */
function ChangePasswordCard() {
  const { user, passwordChanged, logout } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onFinish(values: { currentPassword: string; newPassword: string }) {
    setBusy(true);
    setError(null);
    try {
      await api("/api/me/password", { method: "POST", body: values });
      passwordChanged();
      if (user) navigate(homeFor({ ...user, mustChangePassword: false }), { replace: true });
    } catch (e) {
      setError(e instanceof Error ? e.message : "修改失败");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div style={{ minHeight: "100vh", display: "flex", alignItems: "center", justifyContent: "center" }}>
      <Card style={{ width: 360 }}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          请设置新密码
        </Typography.Title>
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message="管理员已重置您的密码。新密码至少10位，不能包含用户名，不能是常见密码。" />
        {error && <Alert type="error" message={error} showIcon style={{ marginBottom: 16 }} />}
        <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item name="currentPassword" label="当前密码" rules={[{ required: true, message: "请输入当前密码" }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" id="currentPassword" />
          </Form.Item>
          <Form.Item name="newPassword" label="新密码" rules={[{ required: true, min: 10, message: "新密码至少10位" }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="new-password" id="newPassword" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            保存新密码
          </Button>
          <Button type="link" block onClick={() => void logout()}>
            退出登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
