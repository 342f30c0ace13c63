import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app-context.js";
import { invalid, notFound } from "../../domain/errors.js";
import { ROLES, UNIT_ROLES } from "../../domain/ticket/ticket.types.js";
import { rolesAccess } from "../../http/access.js";
import { actorOf } from "../../http/auth.js";
import { dbId, errorResponses, idParam } from "../../http/schemas.js";
import { writeAudit } from "../audit/audit.repository.js";
import { hashPassword } from "../auth/password.js";
import { categoryTree, insertUnit, insertUser, listUnits, unitExists, upsertCategory } from "./org.repository.js";
import { presentUser } from "./user.presenter.js";

const unitKind = z.enum(["center", "department", "town", "section"]);
const unitView = z.object({ id: z.number(), name: z.string(), kind: unitKind, parentId: z.number().nullable(), region: z.string().nullable() }).meta({ id: "Unit" });
const userView = z.object({ id: z.number(), username: z.string(), name: z.string(), roles: z.array(z.enum(ROLES)), unitId: z.number().nullable(), active: z.boolean() }).meta({ id: "User" });
const categoryNode = z
  .object({
    id: z.number(),
    name: z.string(),
    parentId: z.number().nullable(),
    get children(): z.ZodArray<typeof categoryNode> {
      return z.array(categoryNode);
    },
  })
  .meta({ id: "Category" });
const adminOnly = { access: rolesAccess(["admin"]) };
const roleList = z.array(z.enum(ROLES)).min(1).max(ROLES.length);

/** Units, users and categories (CONTRACT.md "Organisation"). */
export async function orgRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get("/api/units", { schema: { tags: ["organisation"], summary: "Every unit (center, departments, towns, sections)", response: { 200: z.array(unitView), ...errorResponses } } }, async (request) => {
    actorOf(request);
    return listUnits(ctx.db);
  });

  r.post(
    "/api/units",
    {
      config: adminOnly,
      schema: {
        tags: ["organisation"],
        summary: "Admin: create a unit",
        body: z.object({ name: z.string().trim().min(1).max(100), kind: unitKind, parentId: dbId.nullish(), region: z.string().max(100).nullish() }),
        response: { 201: unitView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const b = request.body;
      const unit = await ctx.db.transaction().execute(async (trx) => {
        const u = await insertUnit(trx, { name: b.name, kind: b.kind, parentId: b.parentId ?? null, region: b.region ?? null });
        await writeAudit(trx, { at: ctx.clock.now(), actorId: actor.id, action: "unit.created", targetType: "unit", targetId: u.id, data: { name: u.name } });
        return u;
      });
      return reply.status(201).send(unit);
    },
  );

  r.get(
    "/api/users",
    { config: { access: rolesAccess(["admin", "supervisor", "dispatcher"]) }, schema: { tags: ["organisation"], summary: "Every user", response: { 200: z.array(userView), ...errorResponses } } },
    async () => {
    const rows = await ctx.db.selectFrom("users").select(["id", "username", "name", "roles", "unit_id", "active"]).orderBy("id").execute();
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
          password: z.string().min(8).max(200),
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
        summary: "Admin: change a user's name, roles, unit, password or active flag (revokes sessions on deactivation or reset)",
        params: idParam,
        body: z.object({
          name: z.string().trim().min(1).max(100).optional(),
          roles: roleList.optional(),
          unitId: dbId.nullable().optional(),
          active: z.boolean().optional(),
          password: z.string().min(8).max(200).optional(),
        }),
        response: { 200: userView, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const b = request.body;
      // An empty change was an UPDATE with an empty SET (a 500): it is a 400 naming the body.
      if ([b.name, b.roles, b.unitId, b.active, b.password].every((v) => v === undefined)) throw invalid("body", "give at least one field to change");
      if (b.unitId && !(await unitExists(ctx.db, b.unitId))) throw invalid("unitId", "no such unit");
      const passwordHash = b.password ? await hashPassword(b.password) : undefined;
      const user = await ctx.db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable("users")
          .set({
            ...(b.name !== undefined && { name: b.name }),
            ...(b.roles !== undefined && { roles: b.roles }),
            ...(b.unitId !== undefined && { unit_id: b.unitId }),
            ...(b.active !== undefined && { active: b.active }),
            ...(passwordHash && { password_hash: passwordHash }),
          })
          .where("id", "=", request.params.id)
          .returningAll()
          .executeTakeFirst();
        if (!row) throw notFound("user");
        if (row.roles.some((role) => UNIT_ROLES.includes(role as (typeof ROLES)[number])) && row.unit_id === null) {
          throw invalid("unitId", "unit roles need a unit");
        }
        if (b.active === false || passwordHash) {
          await trx.updateTable("sessions").set({ revoked_at: ctx.clock.now() }).where("user_id", "=", row.id).where("revoked_at", "is", null).execute();
        }
        const changed = Object.keys(b).filter((k) => k !== "password");
        await writeAudit(trx, { at: ctx.clock.now(), actorId: actor.id, action: "user.updated", targetType: "user", targetId: row.id, data: { changed, passwordReset: !!passwordHash } });
        return presentUser(row);
      });
      // After the commit: this instance's cached sessions of the user must not outlive the change.
      ctx.sessions.forgetUser(user.id);
      return user;
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
