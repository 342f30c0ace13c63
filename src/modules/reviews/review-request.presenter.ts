import type { ReviewRequestRow } from "../../db/schema.js";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The one shape of a review request, whatever its kind (payload and decision as the kind declares them). */
export interface ReviewRequestView<P = Record<string, unknown>, D = Record<string, unknown>> {
  id: number;
  kind: string;
  ticketId: number;
  unitId: number | null;
  status: "pending" | "approved" | "refused" | "withdrawn";
  payload: P;
  decision: D | null;
  late: boolean | null;
  requestedBy: number | null;
  requestedAt: string;
  decidedBy: number | null;
  decidedAt: string | null;
}

export function presentReviewRequest(r: ReviewRequestRow): ReviewRequestView {
  return {
    id: r.id,
    kind: r.kind,
    ticketId: r.ticket_id,
    unitId: r.unit_id,
    status: r.status,
    payload: r.payload,
    decision: r.decision,
    late: r.late,
    requestedBy: r.requested_by,
    requestedAt: r.requested_at.toISOString(),
    decidedBy: r.decided_by,
    decidedAt: iso(r.decided_at),
  };
}
