import jwt from "jsonwebtoken";
import { ids } from "./seed";

/**
 * Tokens for the seeded benchmark users (seed.ts's ids), signed with the secret the benchmark gives its
 * server (JWT_SECRET), as the platform in front of Parley would mint them.
 */
export function benchTokens(secret: string) {
  const sign = (sub: string, role: "admin" | "shop", name: string, shopId?: string) =>
    jwt.sign({ role, name, ...(shopId ? { shopId } : {}) }, secret, {
      algorithm: "HS256",
      subject: sub,
      expiresIn: "4h",
    });
  return {
    /** Admin `a` (1-based). */
    admin: (a: number) => sign(ids.admin(a), "admin", ids.adminName(a)),
    /** The user of shop `s` (1-based). */
    shop: (s: number) => sign(ids.shopUser(s), "shop", ids.shopName(s), ids.shop(s)),
  };
}
