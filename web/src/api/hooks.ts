import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, client, unwrap } from "./client.js";
import type {
  AppraisalReport,
  AuditEntry,
  CalendarDay,
  CreateTicketInput,
  Notification,
  Page,
  PolicyDoc,
  RatesReport,
  Ticket,
  TicketListFilter,
  User,
} from "./types.js";

/** Query keys, so every screen invalidates the same caches. */
export const keys = {
  me: ["me"] as const,
  tickets: ["tickets"] as const,
  ticketList: (f: TicketListFilter) => ["tickets", "list", f] as const,
  ticket: (id: number) => ["tickets", "one", id] as const,
  units: ["units"] as const,
  users: ["users"] as const,
  categories: ["categories"] as const,
};

/** GET /api/me: the signed-in user. */
export function useMe(enabled: boolean) {
  return useQuery({ queryKey: keys.me, queryFn: () => unwrap(client.GET("/api/me")), enabled, retry: false });
}

/** One server page of tickets (cursor pagination, docs/API.md "Tickets"). */
export function useTicketPage(filter: TicketListFilter, enabled = true) {
  return useQuery({
    queryKey: keys.ticketList(filter),
    queryFn: () =>
      api<Page<Ticket>>("/api/tickets", {
        query: {
          ...filter,
          overdue: filter.overdue ? "true" : undefined,
          pendingExtension: filter.pendingExtension ? "true" : undefined,
          pendingExclusion: filter.pendingExclusion ? "true" : undefined,
          limit: filter.limit ?? 20,
        },
      }),
    enabled,
    placeholderData: (prev) => prev,
  });
}

/** Tickets as an endless list ("load more"), still server-paginated. */
export function useTicketPages(filter: TicketListFilter, enabled = true) {
  return useInfiniteQuery({
    queryKey: [...keys.ticketList(filter), "infinite"],
    queryFn: ({ pageParam }) =>
      api<Page<Ticket>>("/api/tickets", {
        query: {
          ...filter,
          overdue: filter.overdue ? "true" : undefined,
          limit: filter.limit ?? 20,
          cursor: pageParam ?? undefined,
        },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
}

/** GET /api/tickets/:id with its timeline. */
export function useTicket(id: number) {
  return useQuery({
    queryKey: keys.ticket(id),
    queryFn: () => unwrap(client.GET("/api/tickets/{id}", { params: { path: { id } } })),
    retry: false,
  });
}

/** POST /api/tickets with an Idempotency-Key, so a double Enter never makes two tickets. */
export function useCreateTicket() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ input, key }: { input: CreateTicketInput; key: string }) =>
      unwrap(client.POST("/api/tickets", { body: input, params: { header: { "idempotency-key": key } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.tickets }),
  });
}

/** Any write on one ticket (dispatch, sign, reply, …), sent with If-Match so a stale screen gets a clear 409. */
export function useTicketAction(ticket: Pick<Ticket, "id" | "version"> | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body }: { path: string; body?: unknown }) => {
      if (!ticket) throw new Error("no ticket");
      return api<unknown>(`/api/tickets/${ticket.id}/${path}`, {
        method: "POST",
        body: body ?? {},
        headers: { "If-Match": String(ticket.version) },
      });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.tickets }),
  });
}

/** GET /api/units (all units; small list). */
export function useUnits() {
  return useQuery({ queryKey: keys.units, queryFn: () => unwrap(client.GET("/api/units")), staleTime: 60_000 });
}

/** GET /api/categories as a tree. */
export function useCategories() {
  return useQuery({ queryKey: keys.categories, queryFn: () => unwrap(client.GET("/api/categories")), staleTime: 300_000 });
}

/** GET /api/users (admin). */
export function useUsers(enabled = true) {
  return useQuery({ queryKey: keys.users, queryFn: () => api<User[] | Page<User>>("/api/users"), enabled });
}

/** GET /api/reports/rates. */
export function useRates(from: string, to: string, groupBy: "unit" | "category") {
  return useQuery({
    queryKey: ["reports", "rates", from, to, groupBy],
    queryFn: () => api<RatesReport>("/api/reports/rates", { query: { from, to, groupBy } }),
  });
}

/** GET /api/reports/appraisal. */
export function useAppraisal(month: string, group: "town" | "department") {
  return useQuery({
    queryKey: ["reports", "appraisal", month, group],
    queryFn: () => api<AppraisalReport>("/api/reports/appraisal", { query: { month, group } }),
  });
}

/** GET /api/calendar/days for a range. */
export function useCalendarDays(from: string, to: string) {
  return useQuery({
    queryKey: ["calendar", from, to],
    queryFn: () => api<CalendarDay[]>("/api/calendar/days", { query: { from, to } }),
  });
}

/** GET /api/policy and its presets. */
export function usePolicy() {
  return useQuery({ queryKey: ["policy"], queryFn: () => api<PolicyDoc>("/api/policy") });
}

/** GET /api/notifications (newest first). */
export function useNotifications(enabled: boolean) {
  return useQuery({
    queryKey: ["notifications"],
    queryFn: () => api<Notification[] | Page<Notification>>("/api/notifications"),
    enabled,
    refetchInterval: 60_000,
    retry: false,
  });
}

/** GET /api/audit-log (server extension beyond docs/API.md; see report). */
export function useAuditLog(cursor: string | null) {
  return useQuery({
    queryKey: ["audit", cursor],
    queryFn: () => api<Page<AuditEntry> | AuditEntry[]>("/api/audit-log", { query: { limit: 50, cursor } }),
    retry: false,
  });
}

/** Normalises an endpoint that may answer a bare array or a page. */
export function itemsOf<T>(data: T[] | Page<T> | undefined): T[] {
  if (!data) return [];
  return Array.isArray(data) ? data : data.items;
}

/** The policy a ticket runs under (its policyVersion), else the one in force: rules the server applies, read rather than re-declared. */
export function useTicketPolicy(version: number | null) {
  return useQuery({
    queryKey: ["policy", "version", version],
    queryFn: () =>
      version === null ? unwrap(client.GET("/api/policy")) : unwrap(client.GET("/api/policy/versions/{version}", { params: { path: { version } } })),
    staleTime: 300_000,
  });
}
