import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { rolesAccess } from "../../http/access.js";
import { actorOf } from "../../http/auth.js";
import { dbId, errorResponses, idParam, okResponse } from "../../http/schemas.js";
import { dutyPhoneField } from "./duty-phone.js";
import { unitKind, unitView } from "./org.routes.js";
import { deleteCategory, deleteUnit, deleteUser, resetPassword, updateCategory, updateUnit } from "./use-cases/manage-org.js";
import { userView } from "./user.presenter.js";

const adminOnly = { access: rolesAccess(["admin"]) };
const tags = ["organisation"];

/**
 * Admin edits of the organisation (issue 18 point 8): units and categories are edited, disabled or deleted
 * (delete only when nothing refers to them: 409 IN_USE with the reason), users deleted the same way, and
 * an admin resets a password (the user must change it at the next login). docs/WORKDAY.md "Part B".
 */
export async function orgAdminRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.patch(
    "/api/units/:id",
    {
      config: adminOnly,
      schema: {
        tags,
        summary: "Admin: rename, move, change the region or duty phone of, disable or enable a unit",
        params: idParam,
        body: z.object({
          name: z.string().trim().min(1).max(100).optional(),
          kind: unitKind.optional(),
          parentId: dbId.nullable().optional(),
          region: z.string().max(100).nullable().optional(),
          active: z.boolean().optional(),
          dutyPhone: dutyPhoneField.nullable().optional(),
        }),
        response: { 200: unitView, ...errorResponses },
      },
    },
    async (request) => updateUnit(ctx, actorOf(request), request.params.id, request.body),
  );

  r.delete(
    "/api/units/:id",
    { config: adminOnly, schema: { tags, summary: "Admin: delete a unit nothing refers to (else 409 IN_USE: disable it)", params: idParam, response: { 200: okResponse, ...errorResponses } } },
    async (request) => {
      await deleteUnit(ctx, actorOf(request), request.params.id);
      return { ok: true as const };
    },
  );

  r.patch(
    "/api/categories/:id",
    {
      config: adminOnly,
      schema: {
        tags,
        summary: "Admin: rename, move, disable or enable a category",
        params: idParam,
        body: z.object({ name: z.string().trim().min(1).max(100).optional(), parentId: dbId.nullable().optional(), active: z.boolean().optional() }),
        response: { 200: z.object({ id: z.number(), name: z.string(), parentId: z.number().nullable(), active: z.boolean() }), ...errorResponses },
      },
    },
    async (request) => updateCategory(ctx, actorOf(request), request.params.id, request.body),
  );

  r.delete(
    "/api/categories/:id",
    { config: adminOnly, schema: { tags, summary: "Admin: delete a category no ticket uses (else 409 IN_USE: disable it)", params: idParam, response: { 200: okResponse, ...errorResponses } } },
    async (request) => {
      await deleteCategory(ctx, actorOf(request), request.params.id);
      return { ok: true as const };
    },
  );

  r.delete(
    "/api/users/:id",
    { config: adminOnly, schema: { tags, summary: "Admin: delete an account that never acted (else 409 IN_USE: disable it)", params: idParam, response: { 200: okResponse, ...errorResponses } } },
    async (request) => {
      await deleteUser(ctx, actorOf(request), request.params.id);
      return { ok: true as const };
    },
  );

  r.post(
    "/api/users/:id/reset-password",
    {
      config: adminOnly,
      schema: {
        tags,
        summary: "Admin: set a new password (given, or a generated one shown once); the user must change it at the next login",
        params: idParam,
        body: z.object({ password: z.string().min(1).max(200).optional() }).optional(),
        response: { 200: z.object({ user: userView, temporaryPassword: z.string() }), ...errorResponses },
      },
    },
    async (request) => resetPassword(ctx, actorOf(request), request.params.id, request.body ?? {}),
  );
}
