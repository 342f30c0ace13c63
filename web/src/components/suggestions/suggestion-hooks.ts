import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { client, unwrap } from "../../api/client.js";
import { useDebounced } from "../../lib/use-debounced.js";

/** Issue 15: the smart-intake queries (docs/SUGGESTIONS.md). */

export interface SuggestProbe {
  title: string;
  content: string;
  address?: string;
  phone?: string;
}

/** POST /api/suggestions while the operator types (debounced; one request shared by the chips and the candidates). */
export function useSuggestions(probe: SuggestProbe, enabled = true) {
  const key = useDebounced(JSON.stringify(probe), 250);
  const p = JSON.parse(key) as SuggestProbe;
  return useQuery({
    queryKey: ["suggestions", key],
    queryFn: () =>
      unwrap(client.POST("/api/suggestions", { body: { title: p.title, content: p.content, address: p.address || undefined, phone: p.phone || undefined } })),
    enabled: enabled && (p.title.trim().length > 0 || p.content.trim().length > 0),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** GET /api/tickets/:id/similar. */
export function useSimilar(ticketId: number, enabled = true) {
  return useQuery({
    queryKey: ["tickets", ticketId, "similar"],
    queryFn: () => unwrap(client.GET("/api/tickets/{id}/similar", { params: { path: { id: ticketId } } })),
    enabled,
  });
}

/** GET /api/analytics/hot-issues. */
export function useHotIssues(from: string, to: string) {
  return useQuery({
    queryKey: ["analytics", "hot-issues", from, to],
    queryFn: () => unwrap(client.GET("/api/analytics/hot-issues", { params: { query: { from, to, limit: 20 } } })),
    retry: false,
  });
}

/** GET /api/analytics/heat. */
export function useHeat(from: string, to: string) {
  return useQuery({
    queryKey: ["analytics", "heat", from, to],
    queryFn: () => unwrap(client.GET("/api/analytics/heat", { params: { query: { from, to, limit: 200 } } })),
    retry: false,
  });
}

/** POST /api/tickets/batch-dispatch. */
export function useBatchDispatch() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (items: Array<{ ticketId: number; unitId: number; version: number }>) => unwrap(client.POST("/api/tickets/batch-dispatch", { body: { items } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["tickets"] }),
  });
}
