import { Card, Descriptions, Space } from "antd";
import { keys, useCategories } from "../api/hooks.js";
import type { Category } from "../api/types.js";
import { ActiveTag, AdminRowActions } from "./admin-row-actions.js";

function find(list: Category[], id: number): Category | undefined {
  for (const c of list) {
    if (c.id === id) return c;
    const inChild = c.children ? find(c.children, id) : undefined;
    if (inChild) return inChild;
  }
  return undefined;
}

/** The selected category: rename, disable/enable or delete it (issue 18 point 8). */
export function CategoryEditor({ id, path, onDeleted }: { id: number; path: string; onDeleted: () => void }) {
  const cats = useCategories();
  const c = find(cats.data ?? [], id);
  if (!c) {
    if (cats.data) onDeleted();
    return null;
  }
  return (
    <Card size="small" title="所选分类" style={{ marginTop: 12 }} data-testid="category-editor">
      <Descriptions size="small" column={1} items={[{ key: "p", label: "路径", children: path }, { key: "s", label: "状态", children: <ActiveTag active={c.active !== false} /> }]} />
      <Space style={{ marginTop: 8 }}>
        <AdminRowActions kind="category" id={c.id} name={c.name} active={c.active !== false} queryKey={keys.categories} />
      </Space>
    </Card>
  );
}
