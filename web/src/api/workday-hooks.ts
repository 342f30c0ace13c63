import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client.js";
import type { components } from "./schema.js";

/** Issue 18 part A's server calls (docs/WORKDAY.md), kept apart from the shared hooks file. */
type Schemas = components["schemas"];
export type CoUnitPart = Schemas["CoUnitPart"];
export type ReplyTemplate = Schemas["ReplyTemplate"];
export interface Workload {
  unitId: number;
  unassigned: number;
  sections: { id: number; name: string; open: number }[];
  items: { userId: number; name: string; roles: string[]; open: number; overdue: number }[];
}
export interface ReviewQueueItem {
  id: number;
  ticketId: number;
  ticketNumber: string;
  ticketTitle: string;
  unitId: number | null;
  reason: string | null;
  verified: string | null;
  basis: string | null;
  suggestedUnitId: number | null;
  newFacts: string | null;
  firstContactState: string;
  late: boolean;
  requestedAt: string;
}

export function useWorkload(unitId: number | null | undefined, enabled = true) {
  return useQuery({ queryKey: ["workload", unitId], queryFn: () => api<Workload>(`/api/units/${unitId}/workload`), enabled: enabled && !!unitId });
}

export function useReplyTemplates(categoryId: number | null | undefined, all = false) {
  const qs = new URLSearchParams();
  if (categoryId) qs.set("categoryId", String(categoryId));
  if (all) qs.set("all", "true");
  return useQuery({ queryKey: ["reply-templates", categoryId ?? null, all], queryFn: () => api<{ items: ReplyTemplate[] }>(`/api/reply-templates?${qs}`) });
}

export function useReturnQueue() {
  return useQuery({ queryKey: ["tickets", "review-queue", "return"], queryFn: () => api<{ items: ReviewQueueItem[]; nextCursor: string | null }>("/api/review-requests?kind=return&status=pending&limit=100") });
}

export function useUnreadCount(enabled: boolean) {
  return useQuery({ queryKey: ["notifications", "unread"], queryFn: () => api<{ count: number }>("/api/notifications/unread-count"), enabled, refetchInterval: 30_000 });
}

/** Marks one (id) or all (null) notifications read; the list and the badge refresh. */
export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number | null) => api(id === null ? "/api/notifications/read-all" : `/api/notifications/${id}/read`, { method: "POST", body: {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["notifications"] }),
  });
}
