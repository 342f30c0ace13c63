/** One measured figure of the suite, side by side with its baseline and its goal. */
export interface BenchRow {
  engine: "postgres" | "pglite";
  bench: string;
  /** What was measured on what: "1,000,000 tickets", "10 connections, 10 s", … */
  scale: string;
  unit: string;
  value: number;
  baseline?: number;
  /** value / baseline for throughputs, baseline / value for latencies: 1 = as fast as the baseline. */
  ratio?: number;
  goal?: string;
  met?: boolean | null;
  detail?: Record<string, unknown>;
}

const fmt = (v: number | undefined, digits = 1): string =>
  v === undefined || Number.isNaN(v) ? "—" : Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en") : v.toFixed(digits);

/** The printed table: one line per figure. */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ["engine", "benchmark", "scale", "measured", "baseline", "ratio", "goal", "met"];
  const lines = rows.map((r) => [
    r.engine,
    r.bench,
    r.scale,
    `${fmt(r.value)} ${r.unit}`,
    r.baseline === undefined ? "—" : `${fmt(r.baseline)} ${r.unit}`,
    r.ratio === undefined ? "—" : r.ratio.toFixed(2),
    r.goal ?? "—",
    r.met === undefined || r.met === null ? "—" : r.met ? "yes" : "NO",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => [...l[i]].length)));
  const row = (cells: string[]) => cells.map((c, i) => c + " ".repeat(widths[i] - [...c].length)).join(" | ");
  return [row(header), widths.map((w) => "-".repeat(w)).join("-|-"), ...lines.map(row)].join("\n");
}
