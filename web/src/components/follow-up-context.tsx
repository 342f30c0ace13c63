import { useState } from "react";
import { Alert, App, Button, Descriptions, Spin, Tag } from "antd";
import { api } from "../api/client.js";
import { useTicket } from "../api/hooks.js";
import type { TicketWithRecords } from "../api/types.js";
import { REPLY_RESULT_LABELS } from "../lib/labels.js";
import { fmtTime } from "../lib/time.js";
import { useUnitName } from "./unit-select.js";

/**
 * What the follow-up caller needs on screen (issue 18): the number to call (full for roles that may see it,
 * otherwise masked with an audited reveal), the unit's reply and the co-units' parts it combines.
 */
export function FollowUpContext({ ticket }: { ticket: TicketWithRecords }) {
  const { message } = App.useApp();
  const q = useTicket(ticket.id);
  const unitName = useUnitName();
  const [full, setFull] = useState<string | null>(null);
  if (q.isLoading) return <Spin size="small" />;
  const t = q.data;
  if (!t) return null;
  const reply = (t.replies ?? []).filter((r) => r.status === "approved").at(-1) ?? (t.replies ?? []).at(-1);
  const canReveal = t.allowedActions.includes("reveal_phone");
  return (
    <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }} data-testid="follow-up-context">
      <Descriptions.Item label="诉求人电话">
        {t.requester.anonymous ? (
          <Tag>匿名</Tag>
        ) : (
          <>
            <span data-testid="follow-up-phone">{full ?? t.requester.phone ?? "—"}</span>{" "}
            {canReveal && !full && t.requester.phone && (
              <Button
                size="small"
                onClick={async () => {
                  try {
                    const r = await api<{ phone: string }>(`/api/tickets/${t.id}/reveal-phone`, { method: "POST", body: {} });
                    setFull(r.phone);
                    message.info("已记录查看号码操作");
                  } catch (e) {
                    message.error(e instanceof Error ? e.message : "查看失败");
                  }
                }}
              >
                查看完整号码
              </Button>
            )}
          </>
        )}
      </Descriptions.Item>
      <Descriptions.Item label={`${unitName(t.leadUnitId)}的答复`}>
        {reply ? (
          <div data-testid="follow-up-reply">
            <div style={{ whiteSpace: "pre-wrap" }}>{reply.content}</div>
            <div style={{ color: "#666666", fontSize: 12 }}>
              {REPLY_RESULT_LABELS[reply.result] ?? reply.result} · 承办人 {reply.handlerName} · 负责领导 {reply.leaderName} · {fmtTime(reply.createdAt)}
            </div>
          </div>
        ) : (
          <Alert type="warning" showIcon message="尚无答复" />
        )}
      </Descriptions.Item>
      {(t.coUnits ?? []).map((c) => (
        <Descriptions.Item key={c.id} label={`协办：${unitName(c.unitId)}`}>
          {c.content ?? "尚未提交协办意见"}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}
