import { z } from "zod";

/**
 * The call center's settings (docs/CALL-CENTER.md "Settings"): the connection-rate and answer-time
 * targets (Chengdu: 接通率 ≥ 95 %; GB/T 33358-2016: answered within 15 s), the staffing defaults, and
 * the quality-inspection form (Ankang: sample size, weights, pass mark). Stored as one row; each
 * missing key falls back to the default here.
 */
export const callCenterSettingsSchema = z.object({
  connectionRateTarget: z.number().gt(0).lte(1),
  answerTargetSeconds: z.number().int().min(1).max(600),
  serviceLevel: z.number().gt(0).lt(1),
  maxOccupancy: z.number().gt(0).lte(1),
  shrinkage: z.number().min(0).lt(1),
  defaultAhtSeconds: z.number().int().min(1).max(7200),
  shiftHours: z.number().int().min(1).max(24),
  qaSamplePerOperator: z.number().int().min(1).max(200),
  qaWeights: z.object({ wording: z.number().min(0).max(1), tone: z.number().min(0).max(1), correctness: z.number().min(0).max(1), completeness: z.number().min(0).max(1) }),
  qaPassMark: z.number().min(0).max(100),
});
export type CallCenterSettings = z.infer<typeof callCenterSettingsSchema>;

export const DEFAULT_CALL_CENTER_SETTINGS: CallCenterSettings = {
  connectionRateTarget: 0.95,
  answerTargetSeconds: 15,
  serviceLevel: 0.8,
  maxOccupancy: 0.85,
  shrinkage: 0.3,
  defaultAhtSeconds: 180,
  shiftHours: 8,
  qaSamplePerOperator: 6,
  qaWeights: { wording: 0.25, tone: 0.25, correctness: 0.3, completeness: 0.2 },
  qaPassMark: 80,
};

/** Stored settings over the defaults (unknown or invalid stored keys are ignored). */
export function resolveSettings(stored: Record<string, unknown> | null | undefined): CallCenterSettings {
  const merged = { ...DEFAULT_CALL_CENTER_SETTINGS, ...(stored ?? {}) };
  const parsed = callCenterSettingsSchema.safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_CALL_CENTER_SETTINGS;
}
