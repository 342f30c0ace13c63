import { Link } from "react-router-dom";
import { Alert, Table, Tag, Typography } from "antd";
import { useReturnQueue, type ReviewQueueItem } from "../api/workday-hooks.js";
import { FIRST_CONTACT_LABELS } from "../lib/labels.js";
import { fmtTime } from "../lib/time.js";
import { useUnitName } from "./unit-select.js";
import type { FirstContactState } from "../api/types.js";

/**
 * 退单审核 queue (rule 16, issue 18): each pending return with what the decision needs on the row — the
 * requesting unit, its reason, what it verified (and first contact), the legal basis, lateness, new facts.
 */
export function ReturnQueue() {
  const q = useReturnQueue();
  const unitName = useUnitName();
  const clip = (s: string | null) => (s ? <Typography.Paragraph ellipsis={{ rows: 2, tooltip: s }} style={{ margin: 0 }}>{s}</Typography.Paragraph> : <span style={{ color: "#767676" }}>未填写</span>);
  return (
    <div data-testid="return-queue">
      {q.error && <Alert type="error" showIcon message={q.error.message} />}
      <Table<ReviewQueueItem>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: "暂无待审核的退单申请" }}
        scroll={{ x: 1100 }}
        columns={[
          { title: "工单", dataIndex: "ticketNumber", width: 170, render: (n: string, r) => <Link to={`/tickets/${r.ticketId}`}>{n}<div style={{ color: "#595959", fontSize: 12 }}>{r.ticketTitle}</div></Link> },
          { title: "申请单位", dataIndex: "unitId", width: 130, render: (u: number | null) => unitName(u) },
          { title: "退单理由", dataIndex: "reason", width: 200, render: clip },
          {
            title: "核实情况",
            dataIndex: "verified",
            width: 200,
            render: (v: string | null, r) => (
              <>
                {clip(v)}
                <Tag style={{ marginTop: 2 }}>先行联系：{FIRST_CONTACT_LABELS[r.firstContactState as FirstContactState] ?? r.firstContactState}</Tag>
              </>
            ),
          },
          { title: "法律政策依据", dataIndex: "basis", width: 170, render: clip },
          { title: "时效", dataIndex: "late", width: 90, render: (late: boolean) => (late ? <Tag color="red">逾期退单</Tag> : <Tag color="green">时限内</Tag>) },
          { title: "再次申请", dataIndex: "newFacts", width: 150, render: (f: string | null) => (f ? clip(`新事实：${f}`) : "—") },
          { title: "申请时间", dataIndex: "requestedAt", width: 130, render: (v: string) => fmtTime(v) },
          { title: "操作", key: "op", width: 70, fixed: "right", render: (_: unknown, r) => <Link to={`/tickets/${r.ticketId}`}>审核</Link> },
        ]}
      />
    </div>
  );
}
