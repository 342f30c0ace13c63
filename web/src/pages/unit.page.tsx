import { useState } from "react";
import { Card, Tabs } from "antd";
import { useAuth } from "../auth/auth-context.js";
import { TicketTable } from "../components/ticket-table.js";
import { DeskRowActions, WorkloadCard } from "../components/unit-desk.js";
import type { TicketListFilter } from "../api/types.js";
import { CountLabel } from "../api/count-hooks.js";
import { UnitSupervisionInbox } from "../components/supervision/unit-supervision-inbox.js";

/** 承办单位工作台: inbox by tab, soonest deadline first; unit roles see only their unit's tickets. */
export default function UnitPage() {
  const { user, hasRole } = useAuth();
  // Handlers see their own tickets first (issue 18); leaders start with what waits to be signed.
  const [tab, setTab] = useState(hasRole("unit_leader") ? "to_sign" : "mine");
  const unitId = user?.unitId ?? undefined;
  const base: TicketListFilter = { unitId, sort: "deadline" };
  const filters: Record<string, TicketListFilter> = {
    to_sign: { ...base, status: "dispatched" },
    handling: { ...base, status: "signed" },
    returned: { ...base, status: "return_requested" },
    sign_off: { ...base, status: "reply_review" },
    replied: { unitId, status: "replied,closed" },
    overdue: { ...base, overdue: true },
    mine: { ...base, status: "dispatched,signed,return_requested,reply_review", assignedUserId: user?.id },
  };
  // Every tab shows its count (issue 18 point 5), from the same filter as its list.
  const tabs: Array<[string, string]> = [
    ...(hasRole("unit_leader") ? [] : [["mine", "我的工单"] as [string, string]]),
    ["to_sign", "待签收"],
    ["handling", "办理中"],
    ["returned", "退单中"],
    ...(hasRole("unit_leader") ? [["sign_off", "待签批"] as [string, string]] : []),
    ["replied", "已答复"],
    ["overdue", "超期"],
  ];
  const items = tabs.map(([key, label]) => ({ key, label: <CountLabel label={label} filter={filters[key]!} /> }));
  return (
    <>
      {hasRole("unit_leader") && <WorkloadCard />}
      <Card size="small" title="承办工作台">
        <Tabs activeKey={tab} onChange={setTab} items={items} />
        <TicketTable
          filter={filters[tab]}
          showUnit={false}
          testId="unit-inbox"
          actions={(t) => <DeskRowActions t={t} />}
        />
      </Card>
      <div style={{ marginTop: 12 }}><UnitSupervisionInbox /></div>
    </>
  );
}
