import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { shanghaiDate } from "../../domain/calendar/calendar.js";
import { notFound } from "../../domain/errors.js";
import { policySettingsSchema } from "../../domain/policy/policy.js";
import { PRESETS, PRESET_NAMES } from "../../domain/policy/presets.js";
import { rolesAccess } from "../../http/access.js";
import { actorOf } from "../../http/auth.js";
import { MAX_ID, errorResponses } from "../../http/schemas.js";
import { applyPolicyPreset } from "./apply-policy-preset.js";
import { presentPolicy } from "./policy.presenter.js";
import { listPolicyVersions } from "./policy.repository.js";
import type { VersionedPolicy } from "./policy.service.js";
import { POLICY_EDIT_ACCESS, updatePolicy } from "./update-policy.js";

const policyView = z.object({
  version: z.number(),
  name: z.string(),
  settings: policySettingsSchema,
  createdAt: z.string().nullable(),
  createdBy: z.number().nullable(),
  missingYears: z.array(z.number()),
  warnings: z.array(z.object({ code: z.string(), year: z.number(), message: z.string() })),
});
z.globalRegistry.add(policyView, { id: "Policy" });
const presetView = z.object({
  name: z.enum(PRESET_NAMES as [string, ...string[]]),
  title: z.string(),
  settings: policySettingsSchema,
  sources: z.record(z.string(), z.string()),
});
z.globalRegistry.add(presetView, { id: "PolicyPreset" });

/** The time-limit policy, its versions and the city presets (docs/API.md "Calendar and policy"). */
export async function policyRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const present = async (p: VersionedPolicy) => presentPolicy(p, await ctx.calendar.get(ctx.db), shanghaiDate(ctx.clock.now()));

  r.get(
    "/api/policy",
    { schema: { tags: ["policy"], summary: "The policy in force, its version, and missing calendar years", response: { 200: policyView, ...errorResponses } } },
    async (request) => {
      actorOf(request);
      return present(await ctx.policy.current(ctx.db));
    },
  );

  r.put(
    "/api/policy",
    {
      config: { access: POLICY_EDIT_ACCESS },
      schema: {
        tags: ["policy"],
        summary: "Admin: save new settings as a new version (applies to tickets dispatched afterwards)",
        body: z.object({
          settings: policySettingsSchema,
          name: z.string().trim().min(1).max(50).optional(),
          basedOnVersion: z.number().int().min(0).optional(),
        }),
        response: { 200: policyView, ...errorResponses },
      },
    },
    async (request) => present(await updatePolicy(ctx, actorOf(request), request.body)),
  );

  r.get(
    "/api/policy/presets",
    { schema: { tags: ["policy"], summary: "The city presets, each with the rules it follows", response: { 200: z.array(presetView), ...errorResponses } } },
    async (request) => {
      actorOf(request);
      return PRESET_NAMES.map((name) => ({ name, ...PRESETS[name] }));
    },
  );

  r.post(
    "/api/policy/presets/:name/apply",
    {
      config: { access: POLICY_EDIT_ACCESS },
      schema: {
        tags: ["policy"],
        summary: "Admin: make a preset the current policy (a new version)",
        params: z.object({ name: z.string().max(50) }),
        response: { 200: policyView, ...errorResponses },
      },
    },
    async (request) => present(await applyPolicyPreset(ctx, actorOf(request), request.params.name)),
  );

  r.get(
    "/api/policy/versions",
    {
      config: { access: rolesAccess(["admin", "supervisor", "viewer"]) },
      schema: {
        tags: ["policy"],
        summary: "Every saved version, newest first",
        response: { 200: z.array(z.object({ version: z.number(), name: z.string(), createdAt: z.string(), createdBy: z.number().nullable() })), ...errorResponses },
      },
    },
    async (request) => {
      const rows = await listPolicyVersions(ctx.db);
      return rows.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() }));
    },
  );

  r.get(
    "/api/policy/versions/:version",
    {
      schema: {
        tags: ["policy"],
        summary: "One version's settings (a ticket's policyVersion)",
        params: z.object({ version: z.coerce.number().int().min(0).max(MAX_ID) }),
        response: { 200: policyView, ...errorResponses },
      },
    },
    async (request) => {
      actorOf(request);
      const v = await ctx.policy.version(ctx.db, request.params.version);
      if (!v) throw notFound("policy version");
      return present(v);
    },
  );
}
