import { Drawer, Table } from "antd";
import { Link } from "react-router-dom";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client.js";
import type { DrillPage } from "../../api/types.js";
import { fmtTime } from "../../lib/time.js";

export type DrillTarget = { unitId: number; unitName: string; indicator: string; label: string } | null;

/** The tickets behind one unit's score (issue 18 point 9: a drill-down you can check). */
export function AppraisalDrill({ month, group, target, onClose }: { month: string; group: string; target: DrillTarget; onClose: () => void }) {
  const q = useQuery({
    queryKey: ["reports", "appraisal-drill", month, group, target?.unitId, target?.indicator],
    queryFn: () => api<DrillPage>("/api/reports/appraisal", { query: { month, group, drill: target!.indicator, unitId: target!.unitId, limit: 100 } }),
    enabled: !!target,
  });
  return (
    <Drawer open={!!target} onClose={onClose} width={720} title={target ? `${target.unitName} · ${target.label} · 明细工单` : ""} destroyOnHidden>
      <Table
        size="small"
        rowKey="id"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: "没有计入该项的工单" }}
        columns={[
          { title: "工单编号", dataIndex: "number", width: 150, render: (n: string, r: { id: number }) => <Link to={`/tickets/${r.id}`}>{n}</Link> },
          { title: "标题", dataIndex: "title", ellipsis: true },
          { title: "受理时间", dataIndex: "receivedAt", width: 130, render: (v: string) => fmtTime(v) },
          { title: "结论", dataIndex: "verdict", width: 110 },
        ]}
      />
    </Drawer>
  );
}
