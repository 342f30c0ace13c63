import { Form, Select, TreeSelect, Typography } from "antd";
import type { Channel, TicketListFilter, Urgency } from "../api/types.js";
import { useTicketCount } from "../api/count-hooks.js";
import { useCategories, useUnits } from "../api/hooks.js";
import { useAuth } from "../auth/auth-context.js";
import { CHANNEL_LABELS, URGENCY_LABELS } from "../lib/labels.js";
import { toTree } from "./category-picker.js";

/**
 * The queue filters beyond status and dates (issue 18 point 5): unit (center roles only: a unit user sees
 * its own unit's tickets anyway), category, channel and urgency. Each label names its control (htmlFor/id), for
 * screen readers and axe-core (issue 18 point 12).
 */
export function QueueFilters({ filter, set }: { filter: TicketListFilter; set: (patch: Partial<TicketListFilter>) => void }) {
  const { hasRole } = useAuth();
  const units = useUnits();
  const categories = useCategories();
  const center = !hasRole("unit_leader", "unit_handler");
  return (
    <>
      {center && (
        <Form.Item label="承办单位" htmlFor="filter-unit">
          <Select
            id="filter-unit"
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="全部"
            style={{ width: 180 }}
            value={filter.unitId}
            onChange={(v?: number) => set({ unitId: v })}
            options={(units.data ?? []).filter((u) => u.kind !== "center").map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
      )}
      <Form.Item label="分类" htmlFor="filter-category">
        <TreeSelect
          id="filter-category"
          allowClear
          showSearch
          treeNodeFilterProp="title"
          placeholder="全部"
          style={{ width: 180 }}
          value={filter.categoryId}
          onChange={(v?: number) => set({ categoryId: v })}
          treeData={toTree(categories.data ?? [])}
        />
      </Form.Item>
      <Form.Item label="渠道" htmlFor="filter-channel">
        <Select
          id="filter-channel"
          allowClear
          placeholder="全部"
          style={{ width: 110 }}
          value={filter.channel}
          onChange={(v?: Channel) => set({ channel: v })}
          options={Object.entries(CHANNEL_LABELS).map(([value, label]) => ({ value, label }))}
        />
      </Form.Item>
      <Form.Item label="紧急程度" htmlFor="filter-urgency">
        <Select
          id="filter-urgency"
          allowClear
          placeholder="全部"
          style={{ width: 110 }}
          value={filter.urgency}
          onChange={(v?: Urgency) => set({ urgency: v })}
          options={Object.entries(URGENCY_LABELS).map(([value, label]) => ({ value, label }))}
        />
      </Form.Item>
    </>
  );
}

/** 共 N 条: how many tickets the filters match. */
export function ResultCount({ filter }: { filter: TicketListFilter }) {
  const q = useTicketCount(filter);
  return (
    <Typography.Text type="secondary" data-testid="result-count">
      {q.data ? `共 ${q.data.count} 条` : "统计中…"}
    </Typography.Text>
  );
}
