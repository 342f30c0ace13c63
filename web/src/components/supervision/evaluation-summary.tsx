import { Card, Table } from "antd";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client.js";

type Row = { unitId: number; unitName: string; evaluations: number; averageScore: number };

/** Rule 33: social supervisors' evaluations of the year, per unit, beside the annual appraisal. */
export function EvaluationSummary({ year }: { year: number }) {
  const q = useQuery({ queryKey: ["supervision", "evaluations", "summary", year], queryFn: () => api<{ year: number; rows: Row[] }>("/api/supervision/evaluations/summary", { query: { year } }) });
  return (
    <Card size="small" title={`${year} 年社会监督员评价`} data-testid="evaluation-summary">
      <Table<Row>
        size="small"
        rowKey="unitId"
        pagination={false}
        loading={q.isLoading}
        dataSource={q.data?.rows ?? []}
        locale={{ emptyText: "暂无评价" }}
        columns={[
          { title: "单位", dataIndex: "unitName" },
          { title: "评价次数", dataIndex: "evaluations", width: 100 },
          { title: "平均分", dataIndex: "averageScore", width: 100 },
        ]}
      />
    </Card>
  );
}
