import { Card, Descriptions, Space, Tag, Typography } from "antd";
import type { TicketDetail } from "../api/types.js";
import { CO_UNIT_STATUS_LABELS } from "../lib/labels.js";
import { fmtTime } from "../lib/time.js";
import { AttachmentList } from "./attachment-list.js";
import { DeadlineCountdown } from "./ticket-tags.js";
import { useUnitName } from "./unit-select.js";

/**
 * 协办情况 (rule 10, issue 18): each co-unit's sign, own deadline and part as submitted to the lead unit,
 * whose reply is the one combined answer. Shown on the ticket page and the print page.
 */
export function CoUnitPanel({ t }: { t: TicketDetail }) {
  const unitName = useUnitName();
  if (!t.coUnits?.length) return null;
  return (
    <Card size="small" title="协办情况" data-testid="co-units">
      <Space direction="vertical" style={{ width: "100%" }}>
        {t.coUnits.map((c) => (
          <Descriptions key={c.id} size="small" column={3} bordered title={<span data-testid={`co-unit-${c.unitId}`}>{unitName(c.unitId)} <Tag color="cyan">协办</Tag></span>}>
            <Descriptions.Item label="状态">
              <Tag color={c.status === "submitted" ? "green" : c.status === "signed" ? "blue" : "default"}>{CO_UNIT_STATUS_LABELS[c.status] ?? c.status}</Tag>
              {c.overdue && <Tag color="red">协办超期</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label="协办时限">{c.status === "submitted" ? fmtTime(c.dueAt) : <DeadlineCountdown at={c.dueAt} />}</Descriptions.Item>
            <Descriptions.Item label="签收">{c.signedAt ? `${fmtTime(c.signedAt)}${c.signLate ? "（逾期）" : ""}` : "—"}</Descriptions.Item>
            <Descriptions.Item label="协办意见" span={3}>
              {c.content ? (
                <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }} data-testid="co-unit-part">
                  {c.content}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {" "}
                    （{fmtTime(c.submittedAt)} 提交{c.late ? "，逾期" : ""}）
                  </Typography.Text>
                </Typography.Paragraph>
              ) : (
                <Typography.Text type="secondary">尚未提交</Typography.Text>
              )}
              {(t.attachments ?? []).some((a) => a.ownerKind === "co_unit_part" && a.ownerId === c.id) && (
                <AttachmentList ticketId={t.id} items={(t.attachments ?? []).filter((a) => a.ownerKind === "co_unit_part" && a.ownerId === c.id)} compact />
              )}
            </Descriptions.Item>
          </Descriptions>
        ))}
      </Space>
    </Card>
  );
}
