import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { SERVICE_USERNAME_PREFIX } from "../api-keys/api-key.repository.js";
import { passwordProblem } from "../../domain/auth/password-policy.js";
import { invalid } from "../../domain/errors.js";
import { ROLES, UNIT_ROLES } from "../../domain/ticket/ticket.types.js";
import { rolesAccess } from "../../http/access.js";
import { actorOf } from "../../http/auth.js";
import { dbId, errorResponses, idParam } from "../../http/schemas.js";
import { writeAudit } from "../audit/audit.repository.js";
import { hashPassword } from "../auth/password.js";
import { maskPhone } from "../tickets/ticket.presenter.js";
import { dutyPhoneField, normalizeDutyPhone, presentUnitFor } from "./duty-phone.js";
import { categoryTree, insertUnit, insertUser, listUnits, unitExists, upsertCategory } from "./org.repository.js";
import { forcePasswordReset } from "./use-cases/force-password-reset.js";
import { updateUser } from "./use-cases/update-user.js";
import { presentUser, userView } from "./user.presenter.js";

export const unitKind = z.enum(["center", "department", "town", "section"]);
export const unitView = z
  .object({
    id: z.number(),
    name: z.string(),
    kind: unitKind,
    parentId: z.number().nullable(),
    region: z.string().nullable(),
    active: z.boolean(),
    dutyPhone: z.string().nullable().describe("duty mobile for urgent-dispatch SMS; masked (138****5678) outside the center and the unit"),
  })
  .meta({ id: "Unit" });
const categoryNode = z
  .object({
    id: z.number(),
    name: z.string(),
    parentId: z.number().nullable(),
    active: z.boolean(),
    get children(): z.ZodArray<typeof categoryNode> {
      return z.array(categoryNode);
    },
  })
  .meta({ id: "Category" });
const adminOnly = { access: rolesAccess(["admin"]) };
const roleList = z.array(z.enum(ROLES)).min(1).max(ROLES.length);

/** Units, users and categories (docs/API.md "Organisation"). */
export async function orgRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get("/api/units", { schema: { tags: ["organisation"], summary: "Every unit (center, departments, towns, sections)", response: { 200: z.array(unitView), ...errorResponses } } }, async (request) => {
    const actor = actorOf(request);
    return (await listUnits(ctx.db)).map((u) => presentUnitFor(actor, u));
  });

  r.post(
    "/api/units",
    {
      config: adminOnly,
      schema: {
        tags: ["organisation"],
        summary: "Admin: create a unit",
        body: z.object({ name: z.string().trim().min(1).max(100), kind: unitKind, parentId: dbId.nullish(), region: z.string().max(100).nullish(), dutyPhone: dutyPhoneField.nullish() }),
        response: { 201: unitView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const b = request.body;
      const unit = await ctx.db.transaction().execute(async (trx) => {
        const dutyPhone = b.dutyPhone ? normalizeDutyPhone(b.dutyPhone) : null;
        const u = await insertUnit(trx, { name: b.name, kind: b.kind, parentId: b.parentId ?? null, region: b.region ?? null, dutyPhone });
        await writeAudit(trx, { at: ctx.clock.now(), actorId: actor.id, action: "unit.created", targetType: "unit", targetId: u.id, data: { name: u.name } });
        if (dutyPhone) await writeAudit(trx, { at: ctx.clock.now(), actorId: actor.id, action: "unit.duty_phone_set", targetType: "unit", targetId: u.id, data: { dutyPhone: maskPhone(dutyPhone) } });
        return u;
      });
      return reply.status(201).send(unit);
    },
  );

  r.get(
    "/api/users",
    { config: { access: rolesAccess(["admin", "supervisor", "dispatcher"]) }, schema: { tags: ["organisation"], summary: "Every user", response: { 200: z.array(userView), ...errorResponses } } },
    async () => {
    const rows = await ctx.db
      .selectFrom("users")
      .select(["id", "username", "name", "roles", "unit_id", "active", "must_change_password"])
      // API keys' backing users are managed under /api/api-keys.
      .where("username", "not like", `${SERVICE_USERNAME_PREFIX}%`)
      .orderBy("id")
      .execute();
    return rows.map(presentUser);
    },
  );

  r.post(
    "/api/users",
    {
      config: adminOnly,
      schema: {
        tags: ["organisation"],
        summary: "Admin: create a user with roles (unit roles need a unit)",
        body: z.object({
          username: z.string().trim().min(2).max(64).regex(/^[A-Za-z0-9_.@-]+$/, "letters, digits, _ . @ - only"),
          password: z.string().min(1).max(200),
          name: z.string().trim().min(1).max(100),
          roles: roleList,
          unitId: dbId.nullish(),
          phone: z.string().max(30).nullish(),
        }),
        response: { 201: userView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const b = request.body;
      const needsUnit = b.roles.some((role) => UNIT_ROLES.includes(role));
      if (needsUnit && !b.unitId) throw invalid("unitId", "unit roles need a unit");
      if (b.unitId && !(await unitExists(ctx.db, b.unitId))) throw invalid("unitId", "no such unit");
      const problem = passwordProblem(b.password, b.username);
      if (problem) throw invalid("password", problem);
      const passwordHash = await hashPassword(b.password);
      const user = await ctx.db.transaction().execute(async (trx) => {
        const u = await insertUser(trx, { username: b.username, passwordHash, name: b.name, roles: b.roles, unitId: b.unitId ?? null, phone: b.phone });
        await writeAudit(trx, { at: ctx.clock.now(), actorId: actor.id, action: "user.created", targetType: "user", targetId: u.id, data: { username: u.username, roles: u.roles } });
        return u;
      });
      return reply.status(201).send(presentUser(user));
    },
  );

  r.patch(
    "/api/users/:id",
    {
      config: adminOnly,
      schema: {
        tags: ["organisation"],
        summary: "Admin: change a user's name, roles, unit, password or active flag (revokes sessions on deactivation or a new password); an empty body is a 400 naming the body",
        params: idParam,
        body: z.object({
          name: z.string().trim().min(1).max(100).optional(),
          roles: roleList.optional(),
          unitId: dbId.nullable().optional(),
          active: z.boolean().optional(),
          password: z.string().min(1).max(200).optional(),
        }),
        response: { 200: userView, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return updateUser(ctx, actor, request.params.id, request.body);
    },
  );

  r.post(
    "/api/users/:id/force-password-reset",
    {
      config: adminOnly,
      schema: {
        tags: ["organisation"],
        summary: "Admin: make a user choose a new password before anything else; ends their sessions",
        params: idParam,
        response: { 200: userView, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return forcePasswordReset(ctx, actor, request.params.id);
    },
  );

  r.get("/api/categories", { schema: { tags: ["organisation"], summary: "The category tree", response: { 200: z.array(categoryNode), ...errorResponses } } }, async (request) => {
    actorOf(request);
    return categoryTree(ctx.db);
  });

  r.post(
    "/api/categories",
    {
      config: adminOnly,
      schema: {
        tags: ["organisation"],
        summary: "Admin: add a category (or find the existing one of that name and parent)",
        body: z.object({ name: z.string().trim().min(1).max(100), parentId: dbId.nullish() }),
        response: { 201: z.object({ id: z.number(), name: z.string(), parentId: z.number().nullable() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const c = await ctx.db.transaction().execute(async (trx) => {
        const cat = await upsertCategory(trx, request.body.name, request.body.parentId ?? null);
        await writeAudit(trx, { at: ctx.clock.now(), actorId: actor.id, action: "category.created", targetType: "category", targetId: cat.id, data: { name: cat.name } });
        return cat;
      });
      return reply.status(201).send({ id: c.id, name: c.name, parentId: c.parentId });
    },
  );
}
