import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client.js";
import type { components } from "./schema.js";
import type { Page } from "./types.js";

/** Supervision 督办 (docs/SUPERVISION.md): the API's types and the hooks the 督办 screens share. */
type S = components["schemas"];
export type SupervisionAlert = S["SupervisionAlert"];
export type SupervisionNotice = S["SupervisionNotice"];
export type SupervisionOrder = S["SupervisionOrder"];
export type SpecialReport = S["SupervisionSpecialReport"];
export type SupervisionTalk = S["SupervisionTalk"];
export type AlertKind = SupervisionAlert["kind"];
export type OrderForm = SupervisionOrder["form"];
export type OrderSource = SupervisionOrder["source"];

export const supervisionKeys = {
  all: ["supervision"] as const,
  alerts: (q: object) => ["supervision", "alerts", q] as const,
  counts: ["supervision", "counts"] as const,
  notices: (q: object) => ["supervision", "notices", q] as const,
  orders: (q: object) => ["supervision", "orders", q] as const,
  talks: ["supervision", "talks"] as const,
};

type Q = Record<string, string | number | undefined>;

export function useAlerts(q: Q) {
  return useQuery({ queryKey: supervisionKeys.alerts(q), queryFn: () => api<Page<SupervisionAlert>>("/api/supervision/alerts", { query: { limit: 100, ...q } }) });
}
export function useAlertCounts() {
  return useQuery({ queryKey: supervisionKeys.counts, queryFn: () => api<{ items: Array<{ kind: AlertKind; label: string; open: number; warning: number }> }>("/api/supervision/alerts/counts") });
}
export function useNotices(q: Q, enabled = true) {
  return useQuery({ queryKey: supervisionKeys.notices(q), queryFn: () => api<Page<SupervisionNotice>>("/api/supervision/notices", { query: { limit: 100, ...q } }), enabled });
}
export function useOrders(q: Q, enabled = true) {
  return useQuery({ queryKey: supervisionKeys.orders(q), queryFn: () => api<Page<SupervisionOrder>>("/api/supervision/orders", { query: { limit: 100, ...q } }), enabled });
}
export function useTalks() {
  return useQuery({ queryKey: supervisionKeys.talks, queryFn: () => api<Page<SupervisionTalk>>("/api/supervision/talks", { query: { limit: 100 } }) });
}

/** A POST that refreshes every supervision list after it succeeds. */
export function useSupervisionPost<T = unknown>() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body }: { path: string; body?: unknown }) => api<T>(path, { method: "POST", body: body ?? {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: supervisionKeys.all }),
  });
}
