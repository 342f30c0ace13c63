import type { UserRow } from "../../db/schema.js";
import type { Role } from "../../domain/ticket/ticket.types.js";

export interface UserView {
  id: number;
  username: string;
  name: string;
  roles: Role[];
  unitId: number | null;
  active: boolean;
}

/** A user as the API shows it: never the password hash. */
export function presentUser(u: Pick<UserRow, "id" | "username" | "name" | "roles" | "unit_id" | "active">): UserView {
  return { id: u.id, username: u.username, name: u.name, roles: u.roles as Role[], unitId: u.unit_id, active: u.active };
}
