import { useState } from "react";
import { Card, Input, Tabs } from "antd";
import { TicketTable } from "../components/ticket-table.js";
import { RowActions } from "../components/row-actions.js";
import { OPEN_STATUSES } from "../lib/open-statuses.js";
import { CountLabel } from "../api/count-hooks.js";
import { BatchDispatchButton } from "../components/suggestions/batch-dispatch.js";

/** 派单台: the queue of tickets to dispatch (oldest deadline first) and the tickets in progress. */
export default function DispatchPage() {
  const [q, setQ] = useState("");
  const [tab, setTab] = useState("pending");
  const filter =
    tab === "pending"
      ? { status: "pending_dispatch", q: q || undefined }
      : tab === "returned"
        ? { status: "return_requested", q: q || undefined }
        : { status: OPEN_STATUSES, q: q || undefined };
  return (
    <Card
      size="small"
      title="派单"
      extra={
        <>
          <BatchDispatchButton />{" "}
          <Input.Search allowClear placeholder="搜索标题、内容、编号" onSearch={setQ} style={{ width: 280 }} />
        </>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: "pending", label: <CountLabel label="待派单" filter={{ status: "pending_dispatch" }} /> },
          { key: "returned", label: <CountLabel label="退单待审" filter={{ status: "return_requested" }} /> },
          { key: "open", label: <CountLabel label="全部在办" filter={{ status: OPEN_STATUSES }} /> },
        ]}
      />
      <TicketTable
        filter={filter}
        testId="dispatch-queue"
        showUnit={tab !== "pending"}
        actions={(t) => <RowActions t={t} only={["dispatch"]} />}
      />
    </Card>
  );
}
