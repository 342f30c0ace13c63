import { z } from "zod";
import type { CallListRow } from "./call.repository.js";

/** Shanghai wall-clock time with its offset, as every time in the API. */
export function shanghaiIso(d: Date | string): string {
  const t = new Date(d).getTime() + 8 * 3_600_000;
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, "+08:00");
}

export const callView = z
  .object({
    id: z.number(),
    externalId: z.string(),
    startedAt: z.string(),
    answeredAt: z.string().nullable(),
    endedAt: z.string(),
    status: z.enum(["answered", "abandoned"]),
    waitSeconds: z.number().describe("offer to answer (or to hang-up when abandoned)"),
    handleSeconds: z.number().nullable(),
    transferred: z.boolean(),
    recordingUrl: z.string().nullable(),
    operator: z.object({ id: z.number(), username: z.string(), name: z.string() }).nullable(),
    ticket: z.object({ id: z.number(), number: z.string(), title: z.string() }).nullable(),
  })
  .meta({ id: "Call" });
export type CallView = z.infer<typeof callView>;

/** A call as the API shows it (no caller number is stored, so there is no personal data to mask). */
export function presentCall(r: CallListRow): CallView {
  const started = new Date(r.started_at).getTime();
  const answered = r.answered_at ? new Date(r.answered_at).getTime() : null;
  const ended = new Date(r.ended_at).getTime();
  return {
    id: r.id,
    externalId: r.external_id,
    startedAt: shanghaiIso(r.started_at),
    answeredAt: r.answered_at ? shanghaiIso(r.answered_at) : null,
    endedAt: shanghaiIso(r.ended_at),
    status: answered === null ? "abandoned" : "answered",
    waitSeconds: Math.round(((answered ?? ended) - started) / 1000),
    handleSeconds: answered === null ? null : Math.round((ended - answered) / 1000),
    transferred: r.transferred,
    recordingUrl: r.recording_url,
    operator: r.operator_id && r.operator_username ? { id: r.operator_id, username: r.operator_username, name: r.operator_name ?? "" } : null,
    ticket: r.ticket_id && r.ticket_number ? { id: r.ticket_id, number: r.ticket_number, title: r.ticket_title ?? "" } : null,
  };
}
