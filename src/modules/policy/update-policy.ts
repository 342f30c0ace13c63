import type { AppContext } from "../../app-context.js";
import { DomainError } from "../../domain/errors.js";
import { changedSettings } from "../../domain/policy/policy-diff.js";
import { parsePolicySettings } from "../../domain/policy/policy.js";
import { rolesAccess } from "../../http/access.js";
import { requireRole, type Actor } from "../../http/auth.js";
import type { Role } from "../../domain/ticket/ticket.types.js";
import { writeAudit, type AuditAction } from "../audit/audit.repository.js";
import { insertPolicyVersion } from "./policy.repository.js";
import type { VersionedPolicy } from "./policy.service.js";

/** Who may change the policy (a new version, or a preset applied); the routes declare the same access. */
export const POLICY_EDITORS: readonly Role[] = ["admin"];
export const POLICY_EDIT_ACCESS = rolesAccess(POLICY_EDITORS);

/**
 * Saves settings as a new policy version and audits it, in one transaction. `basedOnVersion`, when
 * given, must still be the current version (two admins editing at once: the second gets 409).
 */
export async function saveNewPolicyVersion(
  ctx: AppContext,
  actor: Actor,
  input: { name: string; settings: unknown; basedOnVersion?: number; action: AuditAction; data?: Record<string, unknown> },
): Promise<VersionedPolicy> {
  requireRole(actor, ...POLICY_EDITORS);
  const settings = parsePolicySettings(input.settings);
  const at = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const previous = await ctx.policy.current(trx);
    if (input.basedOnVersion !== undefined && input.basedOnVersion !== previous.version) {
      throw new DomainError("VERSION_CONFLICT", `the policy changed: version ${previous.version} is current, not ${input.basedOnVersion}`);
    }
    const row = await insertPolicyVersion(trx, { name: input.name, settings, at, by: actor.id });
    await writeAudit(trx, {
      at,
      actorId: actor.id,
      action: input.action,
      targetType: "policy",
      targetId: row.version,
      data: { name: input.name, previousVersion: previous.version, changed: changedSettings(previous.settings, settings), ...input.data },
    });
    return { version: row.version, name: row.name, settings, createdAt: row.createdAt, createdBy: row.createdBy };
  });
}

/**
 * PUT /api/policy: an admin replaces the settings (validated, every field; 400 names the field). The
 * change applies to tickets dispatched after it; earlier tickets keep their version.
 */
export async function updatePolicy(
  ctx: AppContext,
  actor: Actor,
  input: { settings: unknown; name?: string; basedOnVersion?: number },
): Promise<VersionedPolicy> {
  const name = input.name?.trim() || (await ctx.policy.current(ctx.db)).name || "custom";
  return saveNewPolicyVersion(ctx, actor, { name, settings: input.settings, basedOnVersion: input.basedOnVersion, action: "policy.changed" });
}
