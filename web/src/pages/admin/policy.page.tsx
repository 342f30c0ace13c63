import { useEffect, useMemo, useState } from "react";
import { Alert, App, Button, Card, Col, Input, InputNumber, List, Popconfirm, Row, Select, Space, Switch, Table, Tabs, Tag, Typography } from "antd";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client.js";
import { usePolicy } from "../../api/hooks.js";
import { POLICY_GROUPS, differs, fieldValue, materialize, setPath, valueText, type Limit, type PolicyField } from "../../lib/policy-fields.js";

interface Preset {
  name: string;
  title?: string;
  settings?: Record<string, unknown>;
}

const PRESET_TITLES: Record<string, string> = {
  chengdu: "成都（规则 8、14、16、18、22）",
  qingpu: "青浦（规则 15、16、34）",
  ankang: "安康（规则 14、18）",
  linshu: "临沭（规则 16、17、35）",
};

function presetList(data: unknown): Preset[] {
  if (Array.isArray(data)) return data.map((p) => (typeof p === "string" ? { name: p } : (p as Preset)));
  if (data && typeof data === "object") return Object.entries(data).map(([name, v]) => ({ name, ...(v as Omit<Preset, "name">) }));
  return [];
}

type LimitUnit = "workingDays" | "hours" | "atOnce" | "none";

/** A limit: 工作日 / 小时 / 立即 (and 不要求 where the setting may be empty), and the number. */
function LimitInput({ value, onChange, nullable, label }: { value: Limit | null | undefined; onChange: (v: Limit | null) => void; nullable?: boolean; label: string }) {
  const unit: LimitUnit = value == null ? "none" : "workingDays" in value ? "workingDays" : value.hours === 0 ? "atOnce" : "hours";
  const n = value == null ? undefined : "workingDays" in value ? value.workingDays : value.hours;
  const options = [
    { value: "workingDays", label: "个工作日" },
    { value: "hours", label: "小时" },
    { value: "atOnce", label: "立即" },
    ...(nullable ? [{ value: "none", label: "不要求" }] : []),
  ];
  return (
    <Space.Compact size="small">
      <InputNumber
        aria-label={`${label}（数值）`}
        size="small"
        min={unit === "hours" ? 0.5 : 1}
        max={unit === "hours" ? 1440 : 60}
        step={unit === "hours" ? 0.5 : 1}
        disabled={unit === "atOnce" || unit === "none"}
        value={unit === "atOnce" || unit === "none" ? null : n}
        style={{ width: 72 }}
        onChange={(x) => {
          if (typeof x !== "number") return;
          onChange(unit === "hours" ? { hours: x } : { workingDays: Math.max(1, Math.round(x)) });
        }}
      />
      <Select
        aria-label={`${label}（单位）`}
        size="small"
        value={unit}
        style={{ width: 104 }}
        options={options}
        onChange={(u: LimitUnit) => {
          if (u === "none") onChange(null);
          else if (u === "atOnce") onChange({ hours: 0 });
          else if (u === "hours") onChange({ hours: n && unit === "hours" ? n : 2 });
          else onChange({ workingDays: n && unit === "workingDays" ? n : 1 });
        }}
      />
    </Space.Compact>
  );
}

function NumbersInput({ value, onChange, percent, label }: { value: number[]; onChange: (v: number[]) => void; percent?: boolean; label: string }) {
  const shown = value.map((x) => (percent ? Math.round(x * 1000) / 10 : x)).join(", ");
  const [text, setText] = useState(shown);
  useEffect(() => setText(shown), [shown]);
  return (
    <Input
      aria-label={label}
      size="small"
      style={{ width: 176 }}
      value={text}
      suffix={percent ? "%" : "小时"}
      placeholder="逗号分隔，可为空"
      onChange={(e) => setText(e.target.value)}
      onBlur={() => {
        const xs = text
          .split(/[,，、\s]+/)
          .filter(Boolean)
          .map(Number)
          .filter((x) => Number.isFinite(x));
        onChange(xs.map((x) => (percent ? Math.round(x * 10) / 1000 : x)));
      }}
    />
  );
}

/** The input a setting's type needs. */
function FieldInput({ f, value, onChange }: { f: PolicyField; value: unknown; onChange: (v: unknown) => void }) {
  const t = f.type;
  switch (t.kind) {
    case "limit":
      return <LimitInput label={f.label} value={value as Limit | null} nullable={t.nullable} onChange={onChange} />;
    case "bool":
      return <Switch aria-label={f.label} size="small" checked={!!value} checkedChildren="是" unCheckedChildren="否" onChange={onChange} />;
    case "enum":
      return <Select aria-label={f.label} size="small" style={{ width: 224 }} value={value as string} options={t.options.map(([v, label]) => ({ value: v, label }))} onChange={onChange} />;
    case "percent":
      return (
        <InputNumber
          aria-label={f.label}
          size="small"
          min={0}
          max={f.path === "repeats.risingGrowth" ? 10_000 : 100}
          step={1}
          style={{ width: 120 }}
          addonAfter="%"
          value={typeof value === "number" ? Math.round(value * 1000) / 10 : null}
          onChange={(x) => typeof x === "number" && onChange(Math.round(x * 10) / 1000)}
        />
      );
    case "numbers":
      return <NumbersInput label={f.label} value={Array.isArray(value) ? (value as number[]) : []} percent={t.percent} onChange={onChange} />;
    default:
      return (
        <InputNumber
          aria-label={f.label}
          size="small"
          min={t.min}
          max={t.max}
          step={t.kind === "number" ? (t.step ?? 1) : 1}
          precision={t.kind === "int" ? 0 : undefined}
          style={{ width: 150 }}
          addonAfter={t.unit}
          value={typeof value === "number" ? value : null}
          onChange={(x) => typeof x === "number" && onChange(x)}
        />
      );
  }
}

/**
 * 时限政策 (issue 18 point 8): the versioned policy as a form — the settings in groups with Chinese labels and the
 * input each type needs, beside a city preset's value, marking the ones that differ; saving makes a new version
 * (for tickets dispatched afterwards). The raw JSON stays for experts (e.g. the linkage contacts).
 */
export default function PolicyAdminPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const policy = usePolicy();
  const presets = useQuery({ queryKey: ["policy", "presets"], queryFn: () => api<unknown>("/api/policy/presets") });
  const presetItems = useMemo(() => presetList(presets.data), [presets.data]);
  const [compareTo, setCompareTo] = useState<string>("chengdu");
  const [draft, setDraft] = useState<Record<string, unknown> | null>(null);
  const [tab, setTab] = useState("form");
  const [text, setText] = useState("");
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const settings = (policy.data?.settings ?? null) as unknown;
  const saved = useMemo(() => (settings ? materialize(settings) : null), [settings]);

  useEffect(() => {
    if (saved) setDraft(saved);
  }, [saved]);
  // Compare with the preset the policy was made from when its name says so.
  useEffect(() => {
    const title = policy.data?.name;
    const match = presetItems.find((p) => p.title && title && title.includes(p.title));
    if (match) setCompareTo(match.name);
  }, [policy.data?.name, presetItems]);

  const preset = presetItems.find((p) => p.name === compareTo);
  const presetSettings = preset?.settings ? materialize(preset.settings) : null;
  const atOnce = typeof draft?.atOnceMinutes === "number" ? draft.atOnceMinutes : undefined;
  const diffCount = draft && presetSettings ? POLICY_GROUPS.flatMap((g) => g.fields).filter((f) => differs(f, draft, presetSettings)).length : 0;
  const editedCount = draft && saved ? POLICY_GROUPS.flatMap((g) => g.fields).filter((f) => differs(f, draft, saved)).length : 0;

  function switchTab(next: string) {
    setError(null);
    if (next === "raw" && draft) setText(JSON.stringify(draft, null, 2));
    if (next === "form" && tab === "raw") {
      try {
        setDraft(materialize(JSON.parse(text)));
      } catch {
        setError("JSON 格式有误，请先改正再切换到表单");
        return;
      }
    }
    setTab(next);
  }

  async function save() {
    setError(null);
    let body: unknown = draft;
    if (tab === "raw") {
      try {
        body = JSON.parse(text);
      } catch {
        setError("JSON 格式有误");
        return;
      }
    }
    try {
      await api("/api/policy", { method: "PUT", body: { settings: body, basedOnVersion: policy.data?.version, ...(name.trim() ? { name: name.trim() } : {}) } });
      message.success("已保存为新版本，对此后派出的工单生效");
      setName("");
      await qc.invalidateQueries({ queryKey: ["policy"] });
    } catch (e) {
      setError(e instanceof Error ? e.message : "保存失败");
    }
  }

  const warnings = Array.isArray(policy.data?.warnings) ? (policy.data?.warnings as unknown[]) : [];
  const presetTitle = preset ? (preset.title ?? PRESET_TITLES[preset.name] ?? preset.name) : "";

  const form = draft && (
    <Space direction="vertical" size={12} style={{ width: "100%" }} data-testid="policy-form">
      {POLICY_GROUPS.map((g) => (
        <Card key={g.key} size="small" type="inner" title={g.title} data-testid={`policy-group-${g.key}`}>
          <Table
            size="small"
            pagination={false}
            rowKey="path"
            dataSource={g.fields}
            tableLayout="fixed"
            rowClassName={(f) => (presetSettings && differs(f, draft, presetSettings) ? "policy-row-differs" : "")}
            columns={[
              {
                title: "设置",
                key: "label",
                width: "34%",
                render: (_v, f) => (
                  <span>
                    {f.label}
                    {f.help && (
                      <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
                        {f.help}
                      </Typography.Text>
                    )}
                  </span>
                ),
              },
              {
                title: "当前值",
                key: "value",
                width: "34%",
                render: (_v, f) => (
                  <span data-testid={`policy-field-${f.path}`}>
                    <FieldInput f={f} value={fieldValue(draft, f)} onChange={(v) => setDraft((d) => setPath(d, f.path, v))} />
                    {saved && differs(f, draft, saved) && (
                      <Tag color="blue" style={{ marginLeft: 6 }}>
                        未保存
                      </Tag>
                    )}
                  </span>
                ),
              },
              {
                title: "预设值",
                key: "preset",
                render: (_v, f) => {
                  if (!presetSettings) return "—";
                  const d = differs(f, draft, presetSettings);
                  return (
                    <Space size={4} wrap data-testid={`policy-preset-${f.path}`}>
                      <span>{valueText(f, fieldValue(presetSettings, f), atOnce)}</span>
                      {d ? <Tag color="orange">与预设不同</Tag> : <Typography.Text type="secondary">相同</Typography.Text>}
                    </Space>
                  );
                },
              },
            ]}
          />
        </Card>
      ))}
    </Space>
  );

  return (
    <Row gutter={12}>
      <Col xs={24} xl={17}>
        <Card
          size="small"
          title={
            <Space wrap>
              时限政策
              {policy.data?.version !== undefined && <Tag>版本 {policy.data.version}</Tag>}
              {policy.data?.name && <Tag color="blue">{policy.data.name}</Tag>}
            </Space>
          }
          extra={
            <Space>
              <Input aria-label="新版本名称" size="small" placeholder="新版本名称（可选）" value={name} onChange={(e) => setName(e.target.value)} style={{ width: 168 }} maxLength={50} />
              <Button type="primary" onClick={() => void save()} disabled={tab === "form" && editedCount === 0}>
                保存新版本
              </Button>
            </Space>
          }
        >
          {warnings.map((w, i) => (
            <Alert key={i} type="warning" showIcon message={typeof w === "string" ? w : ((w as { message?: string }).message ?? JSON.stringify(w))} style={{ marginBottom: 8 }} />
          ))}
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} data-testid="policy-error" />}
          {policy.error && <Alert type="error" showIcon message={policy.error.message} />}
          <Space wrap style={{ marginBottom: 8 }}>
            <span>对比预设</span>
            <Select aria-label="对比预设" size="small" style={{ width: 260 }} value={compareTo} onChange={setCompareTo} options={presetItems.map((p) => ({ value: p.name, label: p.title ?? PRESET_TITLES[p.name] ?? p.name }))} />
            <span data-testid="policy-diff-count">
              {presetTitle ? `共 ${diffCount} 项与「${presetTitle}」不同` : ""}
              {editedCount > 0 ? `，${editedCount} 项未保存` : ""}
            </span>
          </Space>
          <Tabs
            activeKey={tab}
            onChange={switchTab}
            items={[
              { key: "form", label: "表单", children: form },
              {
                key: "raw",
                label: "JSON（高级）",
                children: (
                  <Input.TextArea aria-label="政策 JSON" value={text} onChange={(e) => setText(e.target.value)} autoSize={{ minRows: 20, maxRows: 36 }} style={{ fontFamily: "monospace", fontSize: 12 }} />
                ),
              },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={7}>
        <Card size="small" title="城市预设">
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            应用预设会生成新的政策版本，只对此后派出的工单生效。
          </Typography.Paragraph>
          <List
            dataSource={presetItems}
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
                        message.success("已应用预设，生成新版本");
                        setCompareTo(p.name);
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
