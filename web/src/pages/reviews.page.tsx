import { useState } from "react";
import { Card, Tabs, Typography } from "antd";
import { TicketTable } from "../components/ticket-table.js";
import { RowActions } from "../components/row-actions.js";
import { ReturnQueue } from "../components/return-queue.js";
import type { Ticket, TicketListFilter } from "../api/types.js";

const HANDLING = "dispatched,signed,return_requested,reply_review";

/**
 * 审核: return requests (with the unit's reasons and evidence, on the ticket page), extension and exclusion
 * requests (flagged on the ticket as pendingExtension / pendingExclusion).
 */
export default function ReviewsPage() {
  const [tab, setTab] = useState("return");
  const filter: TicketListFilter =
    tab === "return"
      ? { status: "return_requested" }
      : tab === "extension"
        ? { status: HANDLING, pendingExtension: true }
        : { pendingExclusion: true };
  // Until the server filters on pendingExtension / pendingExclusion, the page also filters the rows it gets.
  const keep =
    tab === "extension" ? (t: Ticket) => t.pendingExtension !== false : tab === "exclusion" ? (t: Ticket) => t.pendingExclusion !== false : undefined;
  return (
    <Card size="small" title="审核">
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: "return", label: "退单审核" },
          { key: "extension", label: "延期审核" },
          { key: "exclusion", label: "不纳入满意度测评（剔除）审核" },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        点击「办理」查看承办单位的理由、核实情况、依据与证据材料后作出审核决定（规则16、26）。
      </Typography.Paragraph>
      {tab === "return" ? <ReturnQueue /> : <TicketTable filter={filter} keep={keep} testId="review-queue" actions={(t) => <RowActions t={t} only={[]} />} />}
    </Card>
  );
}
