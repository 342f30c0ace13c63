import { z } from "zod";
import type { UserRow } from "../../db/schema.js";
import { ROLES, type Role } from "../../domain/ticket/ticket.types.js";

/** A user as the API shows it (login, /api/me, the user admin). */
export const userView = z.object({
  id: z.number(),
  username: z.string(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  unitId: z.number().nullable(),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
}).meta({ id: "User" });

export type UserView = z.infer<typeof userView>;

/** A user as the API shows it: never the password hash. */
export function presentUser(u: Pick<UserRow, "id" | "username" | "name" | "roles" | "unit_id" | "active"> & { must_change_password?: boolean }): UserView {
  return { id: u.id, username: u.username, name: u.name, roles: u.roles as Role[], unitId: u.unit_id, active: u.active, mustChangePassword: !!u.must_change_password };
}
