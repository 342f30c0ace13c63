import { useState } from "react";
import { Card, Tabs } from "antd";
import { useAuth } from "../auth/auth-context.js";
import { TicketTable } from "../components/ticket-table.js";
import { RowActions } from "../components/row-actions.js";
import type { TicketListFilter } from "../api/types.js";
import { UnitSupervisionInbox } from "../components/supervision/unit-supervision-inbox.js";

/** 承办单位工作台: inbox by tab, soonest deadline first; unit roles see only their unit's tickets. */
export default function UnitPage() {
  const { user, hasRole } = useAuth();
  const [tab, setTab] = useState("to_sign");
  const unitId = user?.unitId ?? undefined;
  const base: TicketListFilter = { unitId, sort: "deadline" };
  const filters: Record<string, TicketListFilter> = {
    to_sign: { ...base, status: "dispatched" },
    handling: { ...base, status: "signed" },
    returned: { ...base, status: "return_requested" },
    sign_off: { ...base, status: "reply_review" },
    replied: { unitId, status: "replied,closed" },
    overdue: { ...base, overdue: true },
  };
  const items = [
    { key: "to_sign", label: "待签收" },
    { key: "handling", label: "办理中" },
    { key: "returned", label: "退单中" },
    ...(hasRole("unit_leader") ? [{ key: "sign_off", label: "待签批" }] : []),
    { key: "replied", label: "已答复" },
    { key: "overdue", label: "超期" },
  ];
  return (
    <>
    <Card size="small" title="承办工作台">
      <Tabs activeKey={tab} onChange={setTab} items={items} />
      <TicketTable filter={filters[tab]} showUnit={false} testId="unit-inbox" actions={(t) => <RowActions t={t} />} />
    </Card>
    <div style={{ marginTop: 12 }}><UnitSupervisionInbox /></div>
    </>
  );
}
