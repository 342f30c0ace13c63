import type { UserRow } from "../../db/schema.js";

export interface UserView {
  id: number;
  username: string;
  name: string;
  roles: string[];
  unitId: number | null;
  active: boolean;
}

/** A user as the API shows it: never the password hash. */
export function presentUser(u: Pick<UserRow, "id" | "username" | "name" | "roles" | "unit_id" | "active">): UserView {
  return { id: u.id, username: u.username, name: u.name, roles: u.roles, unitId: u.unit_id, active: u.active };
}
