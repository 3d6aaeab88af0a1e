import type { Role } from "../../../shared/principal";

export const ROLES = ["shop", "admin"] as const satisfies readonly Role[];

export type User = {
  id: string;
  role: Role;
  shopId: string | null;
  name: string | null;
  email: string | null;
};

export type UserWithPassword = User & { passwordHash: string | null; active: boolean };

/** An admin as the team screen lists it. */
export type AdminAccount = User & { active: boolean; invited: boolean };

export type Shop = { id: string; name: string | null };

/** Emails are matched case-insensitively and without surrounding spaces. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
