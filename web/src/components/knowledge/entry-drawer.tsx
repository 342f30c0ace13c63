import { useState } from "react";
import { App, Button, Descriptions, Drawer, Select, Space, Tag, Typography } from "antd";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client.js";
import type { components } from "../../api/schema.js";
import { KNOWLEDGE_KIND_LABELS, KNOWLEDGE_STATUS_LABELS } from "./knowledge-labels.js";
import { EntryEditor } from "./entry-editor.js";

type Entry = components["schemas"]["KnowledgeEntry"];
type Version = Entry["versions"][number];

const plain = (html: string) => new DOMParser().parseFromString(html.replace(/<\/(p|li|h3|h4|tr)>/g, "$&\n"), "text/html").body.textContent ?? "";

/** A line diff of two versions' text: removed lines red, added lines green. */
function VersionDiff({ a, b }: { a: Version; b: Version }) {
  const left = [`标题：${a.title}`, ...plain(a.body).split("\n").filter(Boolean)];
  const right = [`标题：${b.title}`, ...plain(b.body).split("\n").filter(Boolean)];
  const inLeft = new Set(left);
  const inRight = new Set(right);
  return (
    <div data-testid="version-diff" style={{ fontSize: 13 }}>
      {left.filter((l) => !inRight.has(l)).map((l, i) => (
        <div key={`d${i}`} style={{ background: "#fff1f0", color: "#a8071a" }}>− {l}</div>
      ))}
      {right.map((l, i) => (
        <div key={`r${i}`} style={inLeft.has(l) ? undefined : { background: "#f6ffed", color: "#135200" }}>{inLeft.has(l) ? "  " : "+ "}{l}</div>
      ))}
    </div>
  );
}

/** One entry: its live content, actions (edit, publish, send back, retire) and versions with a diff. */
export function EntryDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ["knowledge", id], queryFn: () => api<Entry>(`/api/knowledge/${id}`), enabled: id !== null });
  const [editing, setEditing] = useState(false);
  const [pair, setPair] = useState<[number, number] | null>(null);
  const e = q.data;
  const act = async (verb: "publish" | "reject" | "retire") => {
    try {
      await api(`/api/knowledge/${id}/${verb}`, { method: "POST", body: {} });
      message.success({ publish: "已发布", reject: "已退回", retire: "已停用" }[verb]);
      await qc.invalidateQueries({ queryKey: ["knowledge"] });
    } catch (err) {
      message.error(err instanceof Error ? err.message : "操作失败");
    }
  };
  const versions = e?.versions ?? [];
  const [va, vb] = pair ?? [versions[1]?.version ?? 0, versions[0]?.version ?? 0];
  const A = versions.find((v) => v.version === va);
  const B = versions.find((v) => v.version === vb);
  return (
    <Drawer open={id !== null} onClose={onClose} width={760} title={e?.title ?? "知识条目"} data-testid="entry-drawer"
      extra={e && (
        <Space>
          {e.allowedActions.includes("edit") && <Button onClick={() => setEditing(true)}>编辑</Button>}
          {e.allowedActions.includes("publish") && <Button type="primary" onClick={() => act("publish")}>审核发布</Button>}
          {e.allowedActions.includes("reject") && <Button onClick={() => act("reject")}>退回</Button>}
          {e.allowedActions.includes("retire") && <Button danger onClick={() => act("retire")}>停用</Button>}
        </Space>
      )}
    >
      {e && (
        <>
          <Descriptions size="small" column={3} bordered>
            <Descriptions.Item label="类型">{KNOWLEDGE_KIND_LABELS[e.kind]}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={e.status === "published" ? "green" : e.status === "draft" ? "gold" : "default"}>{KNOWLEDGE_STATUS_LABELS[e.status]}</Tag>
              {e.pendingVersion !== null && <Tag color="gold">v{e.pendingVersion} 待审核</Tag>}
              {e.expired && <Tag color="red">已过期</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label="版本">v{e.liveVersion}</Descriptions.Item>
            <Descriptions.Item label="有效期">{e.validFrom ?? "—"} 至 {e.validTo ?? "长期"}</Descriptions.Item>
            <Descriptions.Item label="使用次数">{e.useCount}</Descriptions.Item>
            <Descriptions.Item label="标签">{e.tags.map((t) => <Tag key={t}>{t}</Tag>)}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>即时答复口径</Typography.Title>
          <Typography.Paragraph>{e.answer}</Typography.Paragraph>
          <Typography.Title level={5}>正文</Typography.Title>
          <div className="knowledge-body" dangerouslySetInnerHTML={{ __html: e.body }} />
          {versions.length > 1 && A && B && (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>版本对比</Typography.Title>
              <Space style={{ marginBottom: 8 }}>
                <Select value={va} style={{ width: 120 }} onChange={(v) => setPair([v, vb])} options={versions.map((v) => ({ value: v.version, label: `v${v.version}` }))} />
                →
                <Select value={vb} style={{ width: 120 }} onChange={(v) => setPair([va, v])} options={versions.map((v) => ({ value: v.version, label: `v${v.version}` }))} />
              </Space>
              <VersionDiff a={A} b={B} />
            </>
          )}
        </>
      )}
      <EntryEditor entry={e ?? null} open={editing} onClose={() => setEditing(false)} onSaved={async () => { setEditing(false); await qc.invalidateQueries({ queryKey: ["knowledge"] }); }} />
    </Drawer>
  );
}
