import { useEffect, useState } from "react";
import { Alert, Button, Card, Form, List, Space, Tag, Typography, type FormInstance } from "antd";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client.js";
import type { components } from "../../api/schema.js";
import { useDebounced } from "../../lib/use-debounced.js";
import { KNOWLEDGE_KIND_LABELS } from "./knowledge-labels.js";

type Assist = components["schemas"]["KnowledgeListItem"];
interface AssistAnswer {
  entries: Assist[];
  scope: Array<{ id: number; title: string; matched: string[]; answer: string }>;
}

/** The form fields the panel reads and sets (intake's). */
interface IntakeFields {
  title?: string;
  content?: string;
  answeredDirectly?: boolean;
  knowledgeEntryId?: number;
  outOfScopeEntryId?: number;
}

/**
 * 知识跟随 on the intake screen (rule 2, issue 14): the best entries for what the operator types, 150 ms after
 * the last keystroke; Alt+J answers the call from the first entry (即时答复, the entry is recorded as used),
 * Alt+1…5 would clash with urgency, so the other entries take a click. A matching non-acceptance item (rule 3)
 * shows in red with the button that closes the ticket as out of scope when it is saved.
 */
export function KnowledgePanel({ form }: { form: FormInstance }) {
  const title = (Form.useWatch("title", form) as string | undefined) ?? "";
  const content = (Form.useWatch("content", form) as string | undefined) ?? "";
  const chosenId = Form.useWatch("knowledgeEntryId", form) as number | undefined;
  const scopeId = Form.useWatch("outOfScopeEntryId", form) as number | undefined;
  const text = useDebounced(`${title} ${content}`.trim(), 150);
  const assist = useQuery({
    queryKey: ["knowledge-assist", text],
    queryFn: () => api<AssistAnswer>("/api/knowledge/assist", { method: "POST", body: { text, limit: 5 } }),
    enabled: text.length >= 2,
    placeholderData: (prev) => prev,
    staleTime: 30_000,
  });
  const entries = text.length >= 2 ? (assist.data?.entries ?? []) : [];
  const scope = text.length >= 2 ? (assist.data?.scope ?? []) : [];
  const [answer, setAnswer] = useState<string | null>(null);

  const use = (e: Assist) => {
    form.setFieldsValue({ answeredDirectly: true, knowledgeEntryId: e.id, outOfScopeEntryId: undefined } satisfies IntakeFields);
    setAnswer(e.answer);
  };
  useEffect(() => {
    if (chosenId === undefined) setAnswer(null);
  }, [chosenId]);
  useEffect(() => {
    function onKey(ev: KeyboardEvent) {
      if (ev.altKey && (ev.key === "j" || ev.key === "J") && entries[0]) {
        ev.preventDefault();
        use(entries[0]);
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  return (
    <Card size="small" title="知识库" data-testid="knowledge-panel" extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>Alt+J 用第一条即时答复</Typography.Text>}>
      {scope.map((s) => (
        <Alert
          key={s.id}
          type="error"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="scope-alert"
          message={`可能不属于受理范围：${s.title}`}
          description={
            <Space direction="vertical" size={4}>
              <span>命中：{s.matched.join("、")}</span>
              <span>{s.answer}</span>
              <Button size="small" danger type={scopeId === s.id ? "primary" : "default"} onClick={() => form.setFieldsValue({ outOfScopeEntryId: scopeId === s.id ? undefined : s.id, answeredDirectly: false, knowledgeEntryId: undefined } satisfies IntakeFields)}>
                {scopeId === s.id ? "已选：保存时按不予受理办结（点击取消）" : "保存时按不予受理办结"}
              </Button>
            </Space>
          }
        />
      ))}
      {answer !== null && (
        <Alert type="success" style={{ marginBottom: 8 }} data-testid="knowledge-answer" message="即时答复内容（保存后记为该条目答复）" description={answer} closable onClose={() => form.setFieldsValue({ knowledgeEntryId: undefined, answeredDirectly: false })} />
      )}
      {text.length < 2 ? (
        <Typography.Text type="secondary">输入标题或诉求内容后，这里显示可直接答复的知识条目</Typography.Text>
      ) : (
        <List
          size="small"
          loading={assist.isFetching && !assist.data}
          dataSource={entries}
          locale={{ emptyText: "没有匹配的知识条目" }}
          renderItem={(e, i) => (
            <List.Item
              data-testid="knowledge-hit"
              actions={[
                <Button key="use" size="small" type={chosenId === e.id ? "primary" : "link"} onClick={() => use(e)}>
                  {i === 0 ? "答复 (Alt+J)" : "答复"}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={
                  <Space size={4}>
                    <a href={`/knowledge/${e.id}`} target="_blank" rel="noreferrer">
                      {e.title}
                    </a>
                    <Tag>{KNOWLEDGE_KIND_LABELS[e.kind]}</Tag>
                  </Space>
                }
                description={<span className="knowledge-snippet" dangerouslySetInnerHTML={{ __html: e.snippet }} />}
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
