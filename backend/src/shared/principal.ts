import type { Role } from "@parley/contract";

export type { Role };

/**
 * Who is calling: taken from a verified token, never from the request body. A union on role, so code
 * that has narrowed to a shop user has its shop without a non-null assertion.
 */
export type Principal = AdminPrincipal | ShopPrincipal;

/** `email`: the token's optional claim, where this user's notifications go. */
type PrincipalBase = { userId: string; name: string | null; email?: string | null };
export type AdminPrincipal = PrincipalBase & { role: "admin"; shopId: null };
/** A shop user may see its own shop's tickets only. */
export type ShopPrincipal = PrincipalBase & {
  role: "shop";
  shopId: string;
  /** The token's `contexts` claim (`type:id` keys): the only contexts this shop may name; absent: any. */
  contexts?: readonly string[];
  /** The token's optional `shopName` claim: the shop's display name, recorded for alerts. */
  shopName?: string;
};

/** Builds a principal from flat fields; a shop user without a shop is a programming error upstream. */
export function toPrincipal(p: {
  userId: string;
  role: Role;
  shopId: string | null | undefined;
  name: string | null | undefined;
  contexts?: readonly string[] | undefined;
  email?: string | null | undefined;
  shopName?: string | undefined;
}): Principal {
  const name = p.name ?? null;
  const extra = p.email ? { email: p.email } : {};
  if (p.role === "admin") return { userId: p.userId, role: "admin", shopId: null, name, ...extra };
  if (!p.shopId) throw new Error("A shop user must have a shopId.");
  const shop: ShopPrincipal = { userId: p.userId, role: "shop", shopId: p.shopId, name, ...extra };
  if (p.contexts) shop.contexts = p.contexts;
  if (p.shopName) shop.shopName = p.shopName;
  return shop;
}
