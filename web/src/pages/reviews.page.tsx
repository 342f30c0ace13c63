import { useState } from "react";
import { Card, Tabs, Typography } from "antd";
import { TicketTable } from "../components/ticket-table.js";
import { RowActions } from "../components/row-actions.js";
import { ReturnQueue } from "../components/return-queue.js";
import type { Ticket, TicketListFilter } from "../api/types.js";
import { CountLabel } from "../api/count-hooks.js";

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
          { key: "return", label: <CountLabel label="退单审核" filter={{ status: "return_requested" }} /> },
          { key: "extension", label: <CountLabel label="延期审核" filter={{ status: HANDLING, pendingExtension: true }} /> },
          { key: "exclusion", label: <CountLabel label="剔除审核" filter={{ pendingExclusion: true }} /> },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        剔除即不纳入满意度测评。点击「办理」查看承办单位的理由、核实情况、依据与证据材料后作出审核决定（规则16、26）。
      </Typography.Paragraph>
      {tab === "return" ? <ReturnQueue /> : <TicketTable filter={filter} keep={keep} testId="review-queue" actions={(t) => <RowActions t={t} only={[]} />} />}
    </Card>
  );
}
