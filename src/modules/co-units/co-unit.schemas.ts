import { z } from "zod";
import { CO_UNIT_STATUSES } from "../../domain/ticket/ticket.types.js";

/** A co-unit's part of a ticket (rule 10, issue 18). */
const time = z.string().describe("ISO 8601 time");
export const coUnitView = z.object({
  id: z.number(),
  unitId: z.number(),
  status: z.enum(CO_UNIT_STATUSES),
  givenAt: time,
  dueAt: time.nullable(),
  signedAt: time.nullable(),
  signLate: z.boolean(),
  content: z.string().nullable().describe("the co-unit's part, as submitted to the lead unit"),
  submittedAt: time.nullable(),
  late: z.boolean(),
  overdue: z.boolean(),
});
z.globalRegistry.add(coUnitView, { id: "CoUnitPart" });

