import { useEffect, useState } from "react";
import { Alert, App, Button, Card, Col, Input, List, Popconfirm, Row, Space, Table, Tag, Typography } from "antd";
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

type Limit = { workingDays: number } | { hours: number } | null | undefined;

/** "At once" shows the minutes it allows (`atOnceMinutes`, rule 14). */
function limitText(l: Limit, atOnceMinutes?: number): string {
  if (!l) return "—";
  if ("hours" in l) return l.hours === 0 ? `立即（${atOnceMinutes ?? 30} 分钟内）` : `${l.hours} 小时`;
  return `${l.workingDays} 个工作日`;
}

const URGENCY_ROWS: [string, string][] = [
  ["ordinary", "一般"],
  ["urgent", "紧急"],
  ["special", "特殊"],
  ["special_urgent", "特急"],
];

/** A readable summary of the limits in force (the JSON below is the full, editable document). */
function PolicySummary({ settings }: { settings: Record<string, unknown> }) {
  const get = (k: string) => settings[k] as Record<string, Limit> | undefined;
  const ret = settings.returnWindow as { limit: Limit; from: string } | undefined;
  const calls = settings.failedCalls as { count: number; minGapMinutes: number } | undefined;
  const atOnce = typeof settings.atOnceMinutes === "number" ? settings.atOnceMinutes : undefined;
  return (
    <Table
      size="small"
      pagination={false}
      style={{ marginBottom: 12 }}
      rowKey="k"
      dataSource={URGENCY_ROWS.map(([k, label]) => ({ k, label }))}
      columns={[
        { title: "紧急程度", dataIndex: "label", width: 90 },
        { title: "签收", key: "sign", render: (_v, r) => limitText(get("sign")?.[r.k], atOnce) },
        { title: "先行联系", key: "fc", render: (_v, r) => limitText(get("firstContact")?.[r.k], atOnce) },
        { title: "答复办结", key: "reply", render: (_v, r) => limitText(get("reply")?.[r.k], atOnce) },
      ]}
      footer={() => (
        <Space wrap size={16} style={{ fontSize: 12 }}>
          <span>计时方式：{settings.countingMode === "elapsed" ? "按 24 小时累计工作日" : "第 N 个工作日 23:59 截止"}</span>
          <span>
            退单时限：{limitText(ret?.limit)}（自{ret?.from === "sign" ? "签收" : "派单"}起）
          </span>
          <span>自动办结：答复后 {limitText(settings.autoClose as Limit)}</span>
          <span>
            三次未接通：{calls?.count ?? "—"} 次，间隔 ≥ {calls?.minGapMinutes ?? "—"} 分钟
          </span>
          <span>领导签批：{settings.replySignOff ? "开启" : "关闭"}</span>
        </Space>
      )}
    />
  );
}

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
          {settings !== null && typeof settings === "object" ? <PolicySummary settings={settings as Record<string, unknown>} /> : null}
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
