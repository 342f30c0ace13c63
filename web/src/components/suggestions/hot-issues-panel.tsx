import { useMemo } from "react";
import { Card, Col, Empty, List, Row, Space, Tag, Typography } from "antd";
import { Link } from "react-router-dom";
import { useUnits } from "../../api/hooks.js";
import { EChart, type EChartsCoreOption } from "../echart.js";
import { useHeat, useHotIssues } from "./suggestion-hooks.js";

/**
 * Heat and hot issues on the dashboard (rule 39, issue 15): an ECharts treemap of the unit tree's towns and
 * streets (there is no map data here: the center's own areas are drawn), sized by tickets in the period
 * and coloured by the change against the period before; beside it the hot-issue clusters.
 */
export function HotIssuesPanel({ from, to }: { from: string; to: string }) {
  const heat = useHeat(from, to);
  const hot = useHotIssues(from, to);
  const units = useUnits();
  const unitName = (id: number) => units.data?.find((u) => u.id === id)?.name ?? `#${id}`;
  const option = useMemo<EChartsCoreOption>(() => {
    const cells = (heat.data?.items ?? []).filter((c) => c.ticketCount > 0);
    const parents = new Map<string, Array<{ name: string; value: number; change: number }>>();
    for (const c of cells) {
      const parent = c.parentId ? (units.data?.find((u) => u.id === c.parentId)?.name ?? "其他") : "镇街";
      const list = parents.get(parent) ?? [];
      list.push({ name: c.name, value: c.ticketCount, change: c.previousCount === 0 ? 1 : (c.ticketCount - c.previousCount) / c.previousCount });
      parents.set(parent, list);
    }
    const colour = (g: number) => (g > 0.5 ? "#cf1322" : g > 0 ? "#fa8c16" : g < -0.2 ? "#389e0d" : "#1677ff");
    return {
      tooltip: { formatter: (p: { name: string; value: number }) => `${p.name}：${p.value} 件` },
      series: [
        {
          type: "treemap",
          roam: false,
          nodeClick: false,
          breadcrumb: { show: false },
          label: { show: true, formatter: "{b}\n{c} 件" },
          upperLabel: { show: parents.size > 1, height: 20 },
          data: [...parents.entries()].map(([name, children]) => ({
            name,
            children: children.map((c) => ({ name: c.name, value: c.value, itemStyle: { color: colour(c.change) } })),
          })),
        },
      ],
    };
  }, [heat.data, units.data]);
  const cells = heat.data?.items.filter((c) => c.ticketCount > 0) ?? [];
  return (
    <Row gutter={12}>
      <Col xs={24} xl={12}>
        <Card size="small" title="区域热度（镇街，红色为环比上升超过 50%）" data-testid="heat-view">
          {cells.length === 0 ? <Empty description="本期没有可归属到镇街的工单" /> : <EChart option={option} height={320} testId="heat-treemap" />}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title="热点问题（按问题与地点聚类，与上一周期比较）" data-testid="hot-issues">
          <List
            size="small"
            dataSource={hot.data?.items ?? []}
            loading={hot.isLoading}
            locale={{ emptyText: "本期没有热点问题" }}
            style={{ maxHeight: 320, overflow: "auto" }}
            renderItem={(c) => (
              <List.Item>
                <List.Item.Meta
                  title={
                    <Space size={4} wrap>
                      <Typography.Text strong>{c.label}</Typography.Text>
                      <Tag color="blue">{c.ticketCount} 件</Tag>
                      <Tag>{c.requesterCount} 人</Tag>
                      {c.growth === null ? <Tag color="red">新出现</Tag> : c.growth > 0 ? <Tag color="red">↑ {(c.growth * 100).toFixed(0)}%</Tag> : <Tag color="green">↓ {(-c.growth * 100).toFixed(0)}%</Tag>}
                    </Space>
                  }
                  description={
                    <Space size={4} wrap>
                      {c.unitIds.slice(0, 3).map((id) => (
                        <span key={id}>{unitName(id)}</span>
                      ))}
                      {c.sampleTicketIds.slice(0, 3).map((id) => (
                        <Link key={id} to={`/tickets/${id}`}>
                          #{id}
                        </Link>
                      ))}
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}
