import { Router, type RequestHandler } from "express";
import {
  acceptInviteBodySchema,
  inviteQuerySchema,
  loginBodySchema,
  type Me,
  type Person,
  type User as UserDto,
} from "@parley/contract";
import { noQuery, parse } from "../../../platform/http/validate";
import { principalOf, requireRole } from "../../../platform/http/auth";
import { NotFoundError } from "../../../shared/app-error";
import type { User } from "../domain/user";
import type { DemoAccount, IdentityService } from "../service/identity.service";

const toUserDto = (u: User, shopName: string | null): UserDto => ({
  id: u.id,
  role: u.role,
  shopId: u.shopId,
  shopName,
  name: u.name,
  email: u.email,
});

/** Public routes: login, and in development the demo accounts for one-click sign-in. */
export function createAuthRouter(deps: {
  identity: IdentityService;
  /** null: the route does not exist (production). */
  demoAccounts: (() => DemoAccount[] | null) | null;
}) {
  const router = Router();
  router.post("/login", noQuery, async (req, res) => {
    const body = parse(loginBodySchema, req.body, "login request");
    const { token, user } = await deps.identity.login(body.email, body.password);
    res.json({ token, user: toUserDto(user, await deps.identity.shopNameOfUser(user)) });
  });
  // The invite page: who the link is for, then the invitee's chosen password signs them in.
  router.get("/invite", async (req, res) => {
    const { token } = parse(inviteQuerySchema, req.query, "query");
    const admin = await deps.identity.findInvite(token);
    if (!admin) throw new NotFoundError("Invite");
    res.json({ email: admin.email, name: admin.name });
  });
  router.post("/invite", noQuery, async (req, res) => {
    const body = parse(acceptInviteBodySchema, req.body ?? {}, "invite");
    const { token, user } = await deps.identity.acceptInvite(body.token, body.password);
    res.json({ token, user: toUserDto(user, null) }); // an invite makes an admin: no shop
  });
  const demoAccounts = deps.demoAccounts;
  if (demoAccounts) {
    router.get("/demo-accounts", noQuery, (_req, res) => {
      res.json({ items: demoAccounts() ?? [] });
    });
  }
  return router;
}

/** Authenticated routes about people: who am I, the admins (assignee pickers), the shops (queue filter). */
export function createPeopleRouter(deps: { identity: IdentityService; authenticate: RequestHandler }) {
  const router = Router();
  const admin = [deps.authenticate, requireRole("admin")];
  router.get("/me", deps.authenticate, noQuery, async (req, res) => {
    const p = principalOf(req);
    const shopName = await deps.identity.shopNameFor(p);
    const me: Me = { id: p.userId, role: p.role, shopId: p.shopId, shopName, name: p.name };
    res.json(me);
  });
  router.get("/shops", ...admin, noQuery, async (_req, res) => {
    const shops = await deps.identity.listShops();
    res.json({ items: shops.map((s): Person => ({ id: s.id, name: s.name })) });
  });
  return router;
}
