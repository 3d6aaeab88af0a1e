import { z } from "zod";
import { itemsOf, str } from "./common";

/** Who may call: the roles a token carries. */
export const ROLES = ["shop", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const loginBodySchema = z
  .strictObject({
    email: str().trim().min(1).max(320),
    password: str().min(1).max(1024),
  })
  .meta({ id: "LoginBody" });
export type LoginBody = z.infer<typeof loginBodySchema>;

export const userSchema = z
  .object({
    id: z.string(),
    role: z.enum(ROLES),
    shopId: z.string().nullable(),
    /**
     * The shop's display name as Parley knows it (null for admins, or when only the shop's id is known).
     * Added in v2.1: a client reading an older server's answer gets null.
     */
    shopName: z.string().nullable().default(null),
    name: z.string().nullable(),
    email: z.string().nullable(),
  })
  .meta({ id: "User" });
export type User = z.infer<typeof userSchema>;

export const loginResponseSchema = z
  .object({ token: z.string(), user: userSchema })
  .meta({ id: "LoginResponse" });
export type LoginResponse = z.infer<typeof loginResponseSchema>;

/**
 * GET /api/me: the caller as the token says (a user without the email; `shopName` is the token's claim, else
 * the name recorded for the shop).
 */
export const meSchema = userSchema.omit({ email: true }).meta({ id: "Me" });
export type Me = z.infer<typeof meSchema>;

/** An admin or a shop as pickers and filters show it. */
export const personSchema = z.object({ id: z.string(), name: z.string().nullable() }).meta({ id: "Person" });
export type Person = z.infer<typeof personSchema>;
export const personListSchema = itemsOf(personSchema).meta({ id: "PersonList" });

/** A demo account offered for one-click sign-in (development only). */
export const demoAccountSchema = z.object({
  role: z.enum(ROLES),
  email: z.string(),
  password: z.string(),
  name: z.string(),
});
export type DemoAccount = z.infer<typeof demoAccountSchema>;
export const demoAccountListSchema = itemsOf(demoAccountSchema);
