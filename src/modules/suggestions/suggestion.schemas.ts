import { z } from "zod";
import { DISPATCH_MODES, TICKET_STATUSES } from "../../domain/ticket/ticket.types.js";

/** zod schemas of the smart-intake API (issue 15); the OpenAPI document is generated from these. */

const score = z.number().describe("0..1, higher is better");
const id = z.number().int().positive().max(2_147_483_647);

/** Any text is answered (empty, punctuation, emoji, 20,000 characters): the lists may be empty. */
export const suggestBody = z.object({
  title: z.string().max(1000).optional(),
  content: z.string().max(20_000).optional(),
  address: z.string().max(500).nullish(),
  phone: z.string().max(30).nullish().describe("the caller's number, for repeat candidates by phone"),
});

export const repeatReason = z.enum(["phone", "address", "text"]);

export const suggestAnswer = z.object({
  modelVersion: z.number().nullable().describe("null before the first training"),
  categories: z.array(z.object({ categoryId: z.number(), name: z.string(), score })),
  units: z.array(z.object({ unitId: z.number(), name: z.string(), score, reasons: z.array(z.enum(["history", "address", "catalogue"])) })),
  knowledge: z.array(z.object({ id: z.number(), title: z.string(), score })),
  similar: z.array(z.object({ ticketId: z.number(), number: z.string(), title: z.string(), status: z.enum(TICKET_STATUSES), score, reasons: z.array(repeatReason) })),
});

const evaluation = z.object({
  examples: z.number(),
  holdout: z.number().describe("the most recent tickets held out"),
  classes: z.number(),
  macroF1: z.number().nullable(),
  top1: z.number().nullable(),
  top3: z.number().nullable(),
});
const evaluations = z.object({ category: evaluation, unit: evaluation });

export const trainAnswer = z.object({ modelVersion: z.number(), examples: z.number(), durationMs: z.number(), evaluation: evaluations });

export const modelsAnswer = z.object({
  items: z.array(z.object({ version: z.number(), trainedAt: z.string(), trainedBy: z.number().nullable(), examples: z.number(), durationMs: z.number(), evaluation: evaluations })),
  nextCursor: z.string().nullable(),
});

export const similarAnswer = z.object({
  items: z.array(z.object({ ticketId: z.number(), number: z.string(), title: z.string(), status: z.enum(TICKET_STATUSES), receivedAt: z.string(), score, reasons: z.array(repeatReason) })),
  nextCursor: z.string().nullable(),
});

export const batchDispatchBody = z.object({
  items: z
    .array(z.object({ ticketId: id, unitId: id, mode: z.enum(DISPATCH_MODES).optional(), note: z.string().max(2000).optional(), version: z.number().int().min(0).optional() }))
    .min(1)
    .max(100),
});
export const batchDispatchAnswer = z.object({
  results: z.array(z.object({ ticketId: z.number(), ok: z.boolean(), code: z.string().nullable().describe("the error code when this one was refused"), version: z.number().nullable() })),
});

export const hotIssuesAnswer = z.object({
  items: z.array(
    z.object({
      label: z.string(),
      place: z.string().nullable(),
      terms: z.array(z.string()),
      ticketCount: z.number(),
      requesterCount: z.number(),
      previousCount: z.number().describe("tickets of the previous period of the same length in this cluster"),
      growth: z.number().nullable(),
      unitIds: z.array(z.number()),
      sampleTicketIds: z.array(z.number()),
    }),
  ),
  nextCursor: z.string().nullable(),
});

export const heatAnswer = z.object({
  items: z.array(z.object({ unitId: z.number(), name: z.string(), parentId: z.number().nullable(), ticketCount: z.number(), previousCount: z.number() })),
  nextCursor: z.string().nullable(),
});
