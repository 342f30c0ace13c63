import { useQuery } from "@tanstack/react-query";
import { api } from "./client.js";
import type { TicketListFilter } from "./types.js";

/** GET /api/tickets/count: how many tickets a list's filters match (queue tabs, "共 N 条"; issue 18 point 5). */
export function useTicketCount(filter: TicketListFilter, enabled = true) {
  const { limit: _l, cursor: _c, sort: _s, phone: _p, ...f } = filter;
  return useQuery({
    // Under ["tickets"], so every write that refreshes the lists refreshes the counts too.
    queryKey: ["tickets", "count", f],
    queryFn: () =>
      api<{ count: number }>("/api/tickets/count", {
        query: {
          ...f,
          overdue: f.overdue === undefined ? undefined : String(f.overdue),
          pendingExtension: f.pendingExtension ? "true" : undefined,
          pendingExclusion: f.pendingExclusion ? "true" : undefined,
        },
      }),
    enabled,
    placeholderData: (prev) => prev,
  });
}

/** A tab label with its count: 待派单 (12). */
export function CountLabel({ label, filter }: { label: string; filter: TicketListFilter }) {
  const q = useTicketCount(filter);
  return (
    <span style={{ whiteSpace: "nowrap" }}>
      {label}
      {q.data ? <span style={{ marginLeft: 4, color: "#595959" }}>({q.data.count})</span> : null}
    </span>
  );
}
