import { useEffect, useState } from "react";
import { Alert, App, Button, Card, Col, Input, List, Popconfirm, Row, Space, Tag, Typography } from "antd";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client.js";
import { usePolicy } from "../../api/hooks.js";

interface Preset {
  name: string;
  title?: string;
}

const PRESET_TITLES: Record<string, string> = {
  chengdu: "成都（规则 8、14、16、18、22）",
  qingpu: "青浦（规则 15、16、34）",
  ankang: "安康（规则 14、18）",
  linshu: "临沭（规则 16、17、35）",
};

function presetList(data: unknown): Preset[] {
  if (Array.isArray(data)) return data.map((p) => (typeof p === "string" ? { name: p } : (p as Preset)));
  if (data && typeof data === "object") return Object.entries(data).map(([name, v]) => ({ name, title: (v as { title?: string }).title }));
  return [];
}

/** 时限政策: the versioned policy as editable JSON, and the city presets. Changes apply to tickets dispatched after. */
export default function PolicyAdminPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const policy = usePolicy();
  const presets = useQuery({ queryKey: ["policy", "presets"], queryFn: () => api<unknown>("/api/policy/presets") });
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const settings = (policy.data?.settings ?? policy.data) as unknown;

  useEffect(() => {
    if (settings) setText(JSON.stringify(settings, null, 2));
  }, [policy.data]);

  async function save() {
    setError(null);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      setError("JSON 格式有误");
      return;
    }
    try {
      await api("/api/policy", { method: "PUT", body: { settings: parsed, basedOnVersion: policy.data?.version } });
      message.success("政策已保存，新版本对此后派出的工单生效");
      await qc.invalidateQueries({ queryKey: ["policy"] });
    } catch (e) {
      setError(e instanceof Error ? e.message : "保存失败");
    }
  }

  const warnings = Array.isArray(policy.data?.warnings) ? (policy.data?.warnings as unknown[]) : [];

  return (
    <Row gutter={12}>
      <Col span={16}>
        <Card
          size="small"
          title={
            <Space>
              时限政策
              {policy.data?.version !== undefined && <Tag>版本 {policy.data.version}</Tag>}
              {policy.data?.name && <Tag color="blue">{policy.data.name}</Tag>}
            </Space>
          }
          extra={
            <Button type="primary" onClick={() => void save()}>
              保存新版本
            </Button>
          }
        >
          {warnings.map((w, i) => (
            <Alert key={i} type="warning" showIcon message={typeof w === "string" ? w : ((w as { message?: string }).message ?? JSON.stringify(w))} style={{ marginBottom: 8 }} />
          ))}
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} />}
          {policy.error && <Alert type="error" showIcon message={policy.error.message} />}
          <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} autoSize={{ minRows: 20, maxRows: 36 }} style={{ fontFamily: "monospace", fontSize: 12 }} />
        </Card>
      </Col>
      <Col span={8}>
        <Card size="small" title="城市预设">
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            应用预设会生成新的政策版本，只对此后派出的工单生效。
          </Typography.Paragraph>
          <List
            dataSource={presetList(presets.data)}
            renderItem={(p) => (
              <List.Item
                actions={[
                  <Popconfirm
                    key="apply"
                    title={`应用「${p.title ?? PRESET_TITLES[p.name] ?? p.name}」预设？`}
                    okText="应用"
                    cancelText="取消"
                    onConfirm={async () => {
                      try {
                        await api(`/api/policy/presets/${p.name}/apply`, { method: "POST", body: {} });
                        message.success("已应用预设");
                        await qc.invalidateQueries({ queryKey: ["policy"] });
                      } catch (e) {
                        message.error(e instanceof Error ? e.message : "应用失败");
                      }
                    }}
                  >
                    <Button size="small">应用</Button>
                  </Popconfirm>,
                ]}
              >
                {p.title ?? PRESET_TITLES[p.name] ?? p.name}
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}
