import { ApiError, api } from "../../api/client.js";
import type { paths } from "../../api/schema.js";

/** The citizens' API (/api/public), typed from the generated schema. */
export type PublicRequest = paths["/api/public/requests/{number}"]["get"]["responses"][200]["content"]["application/json"];
export type SubmitBody = NonNullable<paths["/api/public/requests"]["post"]["requestBody"]>["content"]["application/json"];
export type Submitted = paths["/api/public/requests"]["post"]["responses"][201]["content"]["application/json"];
export type RatingOutcome = NonNullable<paths["/api/public/requests/{number}/rating"]["post"]["requestBody"]>["content"]["application/json"]["outcome"];

export const submitRequest = (body: SubmitBody) => api<Submitted>("/api/public/requests", { method: "POST", body });
export const lookupRequest = (number: string, code: string) => api<PublicRequest>(`/api/public/requests/${encodeURIComponent(number)}`, { query: { code } });
export const rateRequest = (number: string, code: string, outcome: RatingOutcome, comment?: string) =>
  api<{ outcome: RatingOutcome; at: string }>(`/api/public/requests/${encodeURIComponent(number)}/rating`, { method: "POST", query: { code }, body: { outcome, comment } });
export const fetchCaptcha = () => api<{ id: string; svg: string }>("/api/public/captcha");

export const isCode = (e: unknown, code: string) => e instanceof ApiError && e.code === code;
