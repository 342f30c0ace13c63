import { useState } from "react";
import { useParams } from "react-router-dom";
import { App, Button, Card, Col, Input, List, Row, Select, Space, Table, Tabs, Tag, Typography } from "antd";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../api/client.js";
import type { components } from "../api/schema.js";
import { useAuth } from "../auth/auth-context.js";
import { CategoryPicker } from "../components/category-picker.js";
import { UnitSelect } from "../components/unit-select.js";
import { CatalogueEditor } from "../components/knowledge/catalogue-editor.js";
import { EntryDrawer } from "../components/knowledge/entry-drawer.js";
import { EntryEditor } from "../components/knowledge/entry-editor.js";
import { XlsxTransfer } from "../components/knowledge/xlsx-transfer.js";
import { KNOWLEDGE_KIND_LABELS, KNOWLEDGE_STATUS_LABELS } from "../components/knowledge/knowledge-labels.js";
import { useDebounced } from "../lib/use-debounced.js";
import { fmtTime } from "../lib/time.js";

type Item = components["schemas"]["KnowledgeListItem"];
type Review = components["schemas"]["KnowledgeReview"];

/** 知识库: search and browse, the review queue, the dispatch catalogue, synonyms, entries never used. */
export default function KnowledgePage() {
  const { user } = useAuth();
  const roles = user?.roles ?? [];
  const reviewer = roles.includes("admin") || roles.includes("supervisor");
  const writer = reviewer || roles.some((r) => r === "dispatcher" || r === "unit_leader" || r === "unit_handler");
  const params = useParams();
  const [open, setOpen] = useState<number | null>(params.id ? Number(params.id) : null);
  const [creating, setCreating] = useState(false);
  const qc = useQueryClient();
  const tabs = [
    { key: "search", label: "检索与浏览", children: <SearchTab onOpen={setOpen} showStatus={writer} /> },
    ...(writer ? [{ key: "reviews", label: reviewer ? "审核队列" : "我单位的审核与到期任务", children: <ReviewTab onOpen={setOpen} /> }] : []),
    { key: "catalogue", label: "派单口径", children: <CatalogueEditor canEdit={reviewer} /> },
    ...(writer ? [{ key: "unused", label: "未使用条目", children: <UnusedTab onOpen={setOpen} /> }] : []),
    { key: "synonyms", label: "同义词", children: <SynonymTab canEdit={reviewer} /> },
  ];
  return (
    <Card size="small" title="知识库" extra={writer && <Space><XlsxTransfer exportPath="/api/knowledge/export.xlsx" importPath="/api/knowledge/import" filename="知识库.xlsx" canImport onImported={() => void qc.invalidateQueries()} testId="knowledge-xlsx" /><Button type="primary" onClick={() => setCreating(true)} data-testid="new-entry">新建条目</Button></Space>}>
      <Tabs items={tabs} />
      <EntryDrawer id={open} onClose={() => setOpen(null)} />
      <EntryEditor entry={null} open={creating} onClose={() => setCreating(false)} onSaved={async (id) => { setCreating(false); await qc.invalidateQueries({ queryKey: ["knowledge"] }); setOpen(id); }} />
    </Card>
  );
}

function SearchTab({ onOpen, showStatus }: { onOpen: (id: number) => void; showStatus: boolean }) {
  const [q, setQ] = useState("");
  const [kind, setKind] = useState<Item["kind"] | undefined>();
  const [categoryId, setCategoryId] = useState<number | undefined>();
  const [unitId, setUnitId] = useState<number | undefined>();
  const [status, setStatus] = useState<Item["status"] | undefined>();
  const dq = useDebounced(q.trim(), 200);
  const list = useQuery({
    queryKey: ["knowledge", "list", dq, kind, categoryId, unitId, status],
    queryFn: () => api<{ items: Item[]; nextCursor: string | null }>("/api/knowledge", { query: { q: dq || undefined, kind, categoryId, unitId, status, limit: 50 } }),
    placeholderData: (p) => p,
  });
  return (
    <>
      <Row gutter={8} style={{ marginBottom: 12 }}>
        <Col span={8}><Input.Search allowClear placeholder="输入问题或关键词，如：医保异地备案" value={q} onChange={(e) => setQ(e.target.value)} data-testid="knowledge-search" /></Col>
        <Col span={4}><Select allowClear placeholder="类型" style={{ width: "100%" }} value={kind} onChange={setKind} options={Object.entries(KNOWLEDGE_KIND_LABELS).map(([value, label]) => ({ value, label }))} /></Col>
        <Col span={4}><CategoryPicker value={categoryId} onChange={(v) => setCategoryId((v as number | null) ?? undefined)} /></Col>
        <Col span={4}><UnitSelect value={unitId} onChange={(v) => setUnitId((v as number | null) ?? undefined)} placeholder="责任单位" /></Col>
        {showStatus && <Col span={4}><Select allowClear placeholder="状态" style={{ width: "100%" }} value={status} onChange={setStatus} options={Object.entries(KNOWLEDGE_STATUS_LABELS).map(([value, label]) => ({ value, label }))} /></Col>}
      </Row>
      <List
        loading={list.isFetching && !list.data}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: "没有匹配的条目" }}
        renderItem={(e) => (
          <List.Item key={e.id} onClick={() => onOpen(e.id)} style={{ cursor: "pointer" }}>
            <List.Item.Meta
              title={<Space size={4}><span>{e.title}</span><Tag>{KNOWLEDGE_KIND_LABELS[e.kind]}</Tag>{e.status !== "published" && <Tag color="gold">{KNOWLEDGE_STATUS_LABELS[e.status]}</Tag>}{e.pendingVersion !== null && <Tag color="gold">新版本待审核</Tag>}{e.validTo && <Typography.Text type="secondary" style={{ fontSize: 12 }}>有效至 {e.validTo}</Typography.Text>}</Space>}
              description={<span dangerouslySetInnerHTML={{ __html: e.snippet }} />}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>使用 {e.useCount} 次</Typography.Text>
          </List.Item>
        )}
      />
    </>
  );
}

function ReviewTab({ onOpen }: { onOpen: (id: number) => void }) {
  const [kind, setKind] = useState<"publish" | "expiry" | undefined>();
  const q = useQuery({ queryKey: ["knowledge", "reviews", kind], queryFn: () => api<{ items: Review[] }>("/api/knowledge/reviews", { query: { kind, limit: 200 } }) });
  return (
    <>
      <Select allowClear placeholder="任务类型" style={{ width: 160, marginBottom: 12 }} value={kind} onChange={setKind} options={[{ value: "publish", label: "发布审核" }, { value: "expiry", label: "到期复核" }]} />
      <Table<Review>
        size="small"
        rowKey="id"
        dataSource={q.data?.items ?? []}
        loading={q.isLoading}
        onRow={(r) => ({ onClick: () => onOpen(r.entryId), style: { cursor: "pointer" } })}
        columns={[
          { title: "条目", dataIndex: "title" },
          { title: "任务", width: 100, render: (_, r) => (r.kind === "publish" ? <Tag color="blue">发布审核</Tag> : <Tag color="red">已过期待复核</Tag>) },
          { title: "版本", width: 70, render: (_, r) => `v${r.version}` },
          { title: "提交时间", width: 170, render: (_, r) => fmtTime(r.requestedAt) },
        ]}
      />
    </>
  );
}

function UnusedTab({ onOpen }: { onOpen: (id: number) => void }) {
  const q = useQuery({ queryKey: ["knowledge", "unused"], queryFn: () => api<{ items: Array<{ id: number; title: string; kind: Item["kind"]; publishedAt: string | null }> }>("/api/knowledge/unused", { query: { limit: 200 } }) });
  return (
    <List
      dataSource={q.data?.items ?? []}
      locale={{ emptyText: "所有已发布条目都被使用过" }}
      renderItem={(e) => (
        <List.Item onClick={() => onOpen(e.id)} style={{ cursor: "pointer" }}>
          <Space><span>{e.title}</span><Tag>{KNOWLEDGE_KIND_LABELS[e.kind]}</Tag><Typography.Text type="secondary">发布于 {e.publishedAt ? fmtTime(e.publishedAt) : "—"}，从未用于答复</Typography.Text></Space>
        </List.Item>
      )}
    />
  );
}

function SynonymTab({ canEdit }: { canEdit: boolean }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ["knowledge", "synonyms"], queryFn: () => api<{ items: Array<{ id: number; words: string[] }> }>("/api/knowledge/synonyms") });
  const [words, setWords] = useState<string[]>([]);
  const add = async () => {
    try {
      await api("/api/knowledge/synonyms", { method: "POST", body: { words } });
      setWords([]);
      await qc.invalidateQueries({ queryKey: ["knowledge", "synonyms"] });
    } catch (e) {
      message.error(e instanceof Error ? e.message : "保存失败");
    }
  };
  const remove = async (id: number) => {
    await api(`/api/knowledge/synonyms/${id}`, { method: "DELETE" });
    await qc.invalidateQueries({ queryKey: ["knowledge", "synonyms"] });
  };
  return (
    <>
      {canEdit && (
        <Space style={{ marginBottom: 12 }}>
          <Select mode="tags" style={{ width: 420 }} placeholder="输入一组同义词，如 医保 医疗保险" value={words} onChange={setWords} tokenSeparators={[",", "，", " ", "="]} />
          <Button type="primary" disabled={words.length < 2} onClick={add}>添加</Button>
        </Space>
      )}
      <List dataSource={q.data?.items ?? []} renderItem={(s) => (
        <List.Item actions={canEdit ? [<Button key="d" size="small" type="link" danger onClick={() => remove(s.id)}>删除</Button>] : []}>
          {s.words.join(" = ")}
        </List.Item>
      )} />
    </>
  );
}
