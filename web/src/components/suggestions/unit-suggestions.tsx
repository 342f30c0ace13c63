import { Form, Space, Tag, Typography } from "antd";
import type { Ticket } from "../../api/types.js";
import { useSuggestions } from "./suggestion-hooks.js";

const REASON_LABELS: Record<string, string> = { history: "历史派单", address: "属地（地址）", catalogue: "派单目录" };

/** Inside the dispatch dialog (issue 15): the ticket's content and address, and the suggested units with their reason (a click picks one). */
export function UnitSuggestions({ ticket }: { ticket: Ticket }) {
  const form = Form.useFormInstance();
  const s = useSuggestions({ title: ticket.title, content: ticket.content, address: ticket.address ?? "" });
  const units = s.data?.units ?? [];
  return (
    <div style={{ marginBottom: 12 }} data-testid="unit-suggestions">
      <Typography.Paragraph ellipsis={{ rows: 3, expandable: true }} style={{ marginBottom: 4 }}>
        {ticket.content}
      </Typography.Paragraph>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        地址：{ticket.address ?? "—"}
      </Typography.Text>
      <div style={{ marginTop: 6 }}>
        <Space size={4} wrap>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            推荐单位：
          </Typography.Text>
          {units.length === 0 ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {s.isFetching ? "…" : "无"}
            </Typography.Text>
          ) : (
            units.slice(0, 3).map((u) => (
              <Tag.CheckableTag key={u.unitId} checked={form.getFieldValue("unitId") === u.unitId} onChange={() => form.setFieldValue("unitId", u.unitId)} style={{ border: "1px solid #d9d9d9" }}>
                {u.name} · {u.reasons.map((r) => REASON_LABELS[r] ?? r).join("、")}
              </Tag.CheckableTag>
            ))
          )}
        </Space>
      </div>
    </div>
  );
}
