import type { SessionUser } from "../hooks/useSession";

/**
 * Who is signed in, and for which shop (`shopName` from login or /api/me): "Sam · Acme Outfitters". A name
 * that already says its shop ("Sam (Acme Outfitters)", as the demo's do) is shown as it is.
 */
export function signedInLabel(u: Pick<SessionUser, "name" | "email" | "shopName">): string | null {
  const who = u.name ?? u.email ?? null;
  if (!u.shopName || who?.includes(u.shopName)) return who ?? u.shopName ?? null;
  return who ? `${who} · ${u.shopName}` : u.shopName;
}
