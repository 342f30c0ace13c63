import { Select } from "antd";
import { useUnits } from "../api/hooks.js";
import { UNIT_KIND_LABELS } from "../lib/labels.js";

interface Props {
  value?: number | number[] | null;
  onChange?: (v: number | number[] | null) => void;
  multiple?: boolean;
  exclude?: number[];
  placeholder?: string;
  id?: string;
  autoFocus?: boolean;
}

/** Unit picker with search by name (派单 / 协办 / 建议承办单位). */
export function UnitSelect({ value, onChange, multiple, exclude = [], placeholder, id, autoFocus }: Props) {
  const units = useUnits();
  const options = (units.data ?? [])
    .filter((u) => u.kind !== "center" && !exclude.includes(u.id))
    .map((u) => ({ value: u.id, label: u.name, kind: UNIT_KIND_LABELS[u.kind] ?? u.kind }));
  return (
    <Select
      id={id}
      autoFocus={autoFocus}
      mode={multiple ? "multiple" : undefined}
      showSearch
      allowClear
      loading={units.isLoading}
      placeholder={placeholder ?? "输入单位名称搜索"}
      optionFilterProp="label"
      value={value ?? undefined}
      onChange={(v) => onChange?.((v as number | number[] | undefined) ?? null)}
      options={options}
      optionRender={(o) => (
        <span>
          {o.label} <span style={{ color: "#666666", fontSize: 12 }}>{(o.data as { kind: string }).kind}</span>
        </span>
      )}
      style={{ width: "100%" }}
    />
  );
}

/** The name of a unit id, from the cached unit list. */
export function useUnitName(): (id: number | null | undefined) => string {
  const units = useUnits();
  return (id) => (id == null ? "—" : (units.data?.find((u) => u.id === id)?.name ?? `单位#${id}`));
}
