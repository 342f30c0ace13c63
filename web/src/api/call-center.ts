import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client.js";
import type { operations } from "./schema.js";

/** The call center's types, aliases of the generated schema (docs/CALL-CENTER.md), and its queries. */
type Json<O extends keyof operations, S extends keyof operations[O]["responses"]> = operations[O]["responses"][S] extends { content: { "application/json": infer T } } ? T : never;
type Body<O extends keyof operations> = NonNullable<operations[O]["requestBody"]> extends { content: { "application/json": infer T } } ? T : never;

export type CallRates = Json<"getCallRates", 200>;
export type OperatorCallRates = Json<"getOperatorCallRates", 200>;
export type ErlangResult = Json<"getErlangC", 200>;
export type Staffing = Json<"getStaffing", 200>;
export type CallCenterSettings = Json<"getCallCenterSettings", 200>;
export type QaSamplePage = Json<"listQaSamples", 200>;
export type QaSampleItem = QaSamplePage["items"][number];
export type QaOperators = Json<"getQaOperators", 200>;
export type QaOperatorRow = QaOperators["rows"][number];
export type QaReviewInput = Body<"createQaReview">;
export type QaReviewResult = Json<"createQaReview", 201>;
export type QaCall = Json<"getQaCall", 200>;
export type TrainingInput = Body<"createTrainingRecord">;
export type TrainingPage = Json<"listTrainingRecords", 200>;

export function useCallRates(from: string, to: string, interval: "hour" | "day", enabled = true) {
  return useQuery({ queryKey: ["call-center", "rates", from, to, interval], queryFn: () => api<CallRates>("/api/call-center/rates", { query: { from, to, interval } }), enabled, retry: false });
}

export function useOperatorCallRates(from: string, to: string) {
  return useQuery({ queryKey: ["call-center", "operators", from, to], queryFn: () => api<OperatorCallRates>("/api/call-center/rates/operators", { query: { from, to } }) });
}

export function useStaffing(date: string, serviceLevel: number, targetSeconds: number) {
  return useQuery({ queryKey: ["call-center", "staffing", date, serviceLevel, targetSeconds], queryFn: () => api<Staffing>("/api/call-center/staffing", { query: { date, serviceLevel, targetSeconds } }) });
}

export function useCallCenterSettings() {
  return useQuery({ queryKey: ["call-center", "settings"], queryFn: () => api<CallCenterSettings>("/api/call-center/settings") });
}

export function useQaSamples(month: string) {
  return useQuery({ queryKey: ["qa", "samples", month], queryFn: () => api<QaSamplePage>("/api/qa/samples", { query: { month, limit: 200 } }) });
}

export function useQaOperators(month: string) {
  return useQuery({ queryKey: ["qa", "operators", month], queryFn: () => api<QaOperators>("/api/qa/operators", { query: { month } }) });
}

export function useQaCall(callId: number | null) {
  return useQuery({ queryKey: ["qa", "call", callId], queryFn: () => api<QaCall>(`/api/qa/reviews/${callId}`), enabled: callId !== null });
}

export function useTraining(operatorId?: number) {
  return useQuery({ queryKey: ["training", operatorId], queryFn: () => api<TrainingPage>("/api/training-records", { query: { operatorId, limit: 100 } }) });
}

/** Draws the month's sample, scores a call, records a training: each refreshes the QA views. */
export function useQaMutations() {
  const qc = useQueryClient();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ["qa"] });
    void qc.invalidateQueries({ queryKey: ["training"] });
  };
  return {
    sample: useMutation({ mutationFn: (b: { month: string; perOperator?: number }) => api("/api/qa/samples", { method: "POST", body: b }), onSuccess: refresh }),
    review: useMutation({ mutationFn: (b: QaReviewInput) => api<QaReviewResult>("/api/qa/reviews", { method: "POST", body: b }), onSuccess: refresh }),
    training: useMutation({ mutationFn: (b: TrainingInput) => api("/api/training-records", { method: "POST", body: b }), onSuccess: refresh }),
  };
}
