import { useState } from "react";
import { Card, Tabs } from "antd";
import { TicketTable } from "../components/ticket-table.js";
import { RowActions } from "../components/row-actions.js";
import type { TicketListFilter } from "../api/types.js";
import { CountLabel } from "../api/count-hooks.js";

/** 回访台: replied tickets waiting for the center's follow-up call (rule 21), oldest first. */
export default function FollowUpPage() {
  const [tab, setTab] = useState("queue");
  const filter: TicketListFilter = tab === "queue" ? { status: "replied", sort: "deadline" } : { status: "closed" };
  return (
    <Card size="small" title="回访">
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: "queue", label: <CountLabel label="待回访" filter={{ status: "replied" }} /> },
          { key: "closed", label: <CountLabel label="已办结" filter={{ status: "closed" }} /> },
        ]}
      />
      <TicketTable filter={filter} testId="follow-up-queue" actions={(t) => <RowActions t={t} only={["follow_up"]} />} />
    </Card>
  );
}
