import { VISITOR_SHOP_PREFIX } from "@parley/contract";
import type { ShopPrincipal } from "./principal";

/**
 * A website visitor acts in the support domain as the only user of its own reserved pseudo-shop,
 * `visitor:<session id>`: every rule of a shop then applies unchanged (it sees its own conversation
 * only, never an internal note), and no real shop can be that pseudo-shop (token.ts refuses the prefix).
 */
/** Whether a shop id is a visitor's pseudo-shop: Parley's bookkeeping, shown as "no shop" wherever it leaves. */
export function isVisitorShopId(shopId: string): boolean {
  return shopId.startsWith(VISITOR_SHOP_PREFIX);
}

export function visitorPrincipal(sessionId: string, name: string | null): ShopPrincipal {
  const id = `${VISITOR_SHOP_PREFIX}${sessionId}`;
  return { userId: id, role: "shop", shopId: id, name };
}
