import { useEffect } from "react";
import { Link } from "react-router-dom";
import { Button, Form, Input, List, Space, Tag, Tooltip, Typography, type FormInstance } from "antd";
import { StatusTag } from "../ticket-tags.js";
import { useSuggestions } from "./suggestion-hooks.js";

/**
 * Smart intake on the intake page (issue 15): the top 3 categories as chips while the operator types
 * (Alt+Shift+1…3 picks one; Alt+1…4 stays the urgency), and repeat candidates by phone, address and text
 * with a one-click "关联为重复件" that sets the form's `repeatOf`.
 */

const REASON_LABELS: Record<string, string> = { phone: "同号码", address: "同地址", text: "内容相似" };

function useProbe(form: FormInstance) {
  const title = (Form.useWatch("title", form) as string | undefined) ?? "";
  const content = (Form.useWatch("content", form) as string | undefined) ?? "";
  const address = (Form.useWatch("address", form) as string | undefined) ?? "";
  const phone = (Form.useWatch("phone", form) as string | undefined) ?? "";
  return useSuggestions({ title, content, address, phone: /^[0-9+\-\s]{5,20}$/.test(phone) ? phone.replace(/\s/g, "") : "" });
}

/** The category chips; render inside the intake form (it also holds the hidden `repeatOf` field). */
export function CategoryChips({ form }: { form: FormInstance }) {
  const s = useProbe(form);
  const chips = s.data?.categories ?? [];
  const chosen = Form.useWatch("categoryId", form) as number | undefined;

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (!e.altKey || !e.shiftKey) return;
      const n = ["Digit1", "Digit2", "Digit3"].indexOf(e.code);
      if (n < 0 || !chips[n]) return;
      e.preventDefault();
      form.setFieldValue("categoryId", chips[n].categoryId);
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [chips, form]);

  return (
    <>
      <Form.Item name="repeatOf" hidden>
        <Input />
      </Form.Item>
      <div data-testid="category-chips" style={{ marginTop: -16, marginBottom: 12, minHeight: 24 }}>
        {chips.length === 0 ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {s.data?.modelVersion === null ? "推荐分类：尚未训练模型" : "输入诉求后推荐分类"}
          </Typography.Text>
        ) : (
          <Space size={4} wrap>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              推荐：
            </Typography.Text>
            {chips.map((c, i) => (
              <Tooltip key={c.categoryId} title={`Alt+Shift+${i + 1} 选择 · 置信度 ${(c.score * 100).toFixed(0)}%`}>
                <Tag.CheckableTag
                  checked={chosen === c.categoryId}
                  onChange={() => form.setFieldValue("categoryId", c.categoryId)}
                  data-testid={`category-chip-${i + 1}`}
                  style={{ border: "1px solid #d9d9d9" }}
                >
                  <span className="kbd" style={{ marginRight: 4 }}>
                    {i + 1}
                  </span>
                  {c.name}
                </Tag.CheckableTag>
              </Tooltip>
            ))}
          </Space>
        )}
      </div>
    </>
  );
}

/** Repeat candidates (rule 30) for the request being typed; "关联" marks the new ticket as a repeat. */
export function RepeatCandidates({ form }: { form: FormInstance }) {
  const s = useProbe(form);
  const repeatOf = Form.useWatch("repeatOf", form) as number | undefined;
  const items = s.data?.similar ?? [];
  return (
    <List
      size="small"
      loading={s.isFetching && !s.data}
      dataSource={items}
      data-testid="repeat-candidates"
      locale={{ emptyText: "没有疑似重复的工单（同号码、同地址、内容相近）" }}
      renderItem={(c) => (
        <List.Item
          actions={[
            c.status !== "closed" ? (
              <Button
                key="link"
                size="small"
                type={repeatOf === c.ticketId ? "primary" : "default"}
                onClick={() => form.setFieldValue("repeatOf", repeatOf === c.ticketId ? undefined : c.ticketId)}
              >
                {repeatOf === c.ticketId ? "已关联" : "关联为重复件"}
              </Button>
            ) : null,
          ]}
        >
          <List.Item.Meta
            title={
              <Space size={4}>
                <Link to={`/tickets/${c.ticketId}`} target="_blank">
                  {c.title}
                </Link>
                <StatusTag status={c.status} />
              </Space>
            }
            description={
              <Space size={4}>
                <span>{c.number}</span>
                {c.reasons.map((r) => (
                  <Tag key={r} color={r === "phone" ? "blue" : r === "address" ? "orange" : "green"}>
                    {REASON_LABELS[r] ?? r}
                  </Tag>
                ))}
              </Space>
            }
          />
        </List.Item>
      )}
    />
  );
}
