import type { AppContext } from "../../app-context.js";
import { notFound } from "../../domain/errors.js";
import { PRESETS, isPresetName } from "../../domain/policy/presets.js";
import { requireRole, type Actor } from "../../http/auth.js";
import type { VersionedPolicy } from "./policy.service.js";
import { POLICY_EDITORS, saveNewPolicyVersion } from "./update-policy.js";

/** POST /api/policy/presets/:name/apply: a city's preset becomes the current policy (a new version, audited). */
export async function applyPolicyPreset(ctx: AppContext, actor: Actor, name: string): Promise<VersionedPolicy> {
  requireRole(actor, ...POLICY_EDITORS);
  if (!isPresetName(name)) throw notFound(`preset ${name}`);
  return saveNewPolicyVersion(ctx, actor, {
    name,
    settings: PRESETS[name].settings,
    action: "policy.preset_applied",
    data: { preset: name },
  });
}
