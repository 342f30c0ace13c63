import { useState } from "react";
import { Card, Tabs, Typography } from "antd";
import { TicketTable } from "../components/ticket-table.js";
import { RowActions } from "../components/row-actions.js";
import type { TicketListFilter } from "../api/types.js";

/**
 * 审核: return requests (with the unit's reasons and evidence, on the ticket page), extension and exclusion
 * requests. Extension and exclusion queues use the server's `pendingRequest=` filter.
 */
export default function ReviewsPage() {
  const [tab, setTab] = useState("return");
  const filter: TicketListFilter =
    tab === "return"
      ? { status: "return_requested" }
      : tab === "extension"
        ? { pendingRequest: "extension" }
        : { pendingRequest: "exclusion" };
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
      <TicketTable filter={filter} testId="review-queue" actions={(t) => <RowActions t={t} only={[]} />} />
    </Card>
  );
}
