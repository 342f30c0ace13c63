import { TreeSelect } from "antd";
import { useCategories } from "../api/hooks.js";
import type { Category } from "../api/types.js";

interface TreeNode {
  value: number;
  title: string;
  children?: TreeNode[];
}

/** Builds a tree from the API answer, whether nested (children) or flat (parentId). */
export function toTree(list: Category[]): TreeNode[] {
  const nested = list.some((c) => Array.isArray(c.children) && c.children.length > 0);
  if (nested) {
    const map = (c: Category): TreeNode => ({
      value: c.id,
      title: c.name,
      children: c.children?.length ? c.children.map(map) : undefined,
    });
    return list.map(map);
  }
  const byParent = new Map<number | null, Category[]>();
  for (const c of list) {
    const arr = byParent.get(c.parentId ?? null) ?? [];
    arr.push(c);
    byParent.set(c.parentId ?? null, arr);
  }
  const build = (parent: number | null): TreeNode[] =>
    (byParent.get(parent) ?? []).map((c) => {
      const kids = build(c.id);
      return { value: c.id, title: c.name, children: kids.length ? kids : undefined };
    });
  return build(null);
}

/** Flattens the category tree into id → full path ("城乡建设 / 物业管理"). */
export function categoryPaths(list: Category[]): Map<number, string> {
  const out = new Map<number, string>();
  const walk = (nodes: TreeNode[], prefix: string) => {
    for (const n of nodes) {
      const p = prefix ? `${prefix} / ${n.title}` : n.title;
      out.set(n.value, p);
      if (n.children) walk(n.children, p);
    }
  };
  walk(toTree(list), "");
  return out;
}

/** Category picker with search over the whole tree (接线登记). */
export function CategoryPicker(props: { value?: number | null; onChange?: (v: number | null) => void; id?: string }) {
  const cats = useCategories();
  return (
    <TreeSelect
      id={props.id}
      showSearch
      allowClear
      treeNodeFilterProp="title"
      placeholder="输入关键字搜索分类"
      loading={cats.isLoading}
      value={props.value ?? undefined}
      onChange={(v) => props.onChange?.((v as number | undefined) ?? null)}
      treeData={toTree(cats.data ?? [])}
      style={{ width: "100%" }}
      popupMatchSelectWidth={false}
      listHeight={360}
    />
  );
}
