import type { Knex } from "knex";
import type { TokenService } from "../../platform/auth/token";
import type { Principal } from "../../shared/principal";
import { authenticate, authenticateUserOrVisitor, optionalAuthenticate } from "../../platform/http/auth";
import { createUserRepository } from "./repository/user.repository";
import { createIdentityService, type DemoAccount } from "./service/identity.service";
import { createAuthRouter, createPeopleRouter } from "./controller/auth.controller";

/** Composition root of the identity domain: users, shops, login, and the auth guards other domains mount. */
export function createIdentityModule(deps: {
  db: Knex;
  tokens: TokenService;
  production: boolean;
  /** See createIdentityService: where a user's alerts go is recorded by the notifications domain. */
  onIdentityChanged?: (p: Principal) => Promise<void>;
  /**
   * Who a website visitor's token is (the visitors domain's answer: its session must exist, else 401), for
   * the routes that take a user's token or a visitor's.
   */
  authenticateVisitor: (token: string) => Promise<Principal>;
}) {
  const users = createUserRepository(deps.db);
  const service = createIdentityService({
    users,
    tokens: deps.tokens,
    ...(deps.onIdentityChanged ? { onIdentityChanged: deps.onIdentityChanged } : {}),
  });
  const guards = {
    authenticate: authenticate(deps.tokens, (p) => service.recordIdentity(p)),
    optionalAuthenticate: optionalAuthenticate(deps.tokens, (p) => service.recordIdentity(p)),
    authenticateUserOrVisitor: authenticateUserOrVisitor(
      deps.tokens,
      (p) => service.recordIdentity(p),
      deps.authenticateVisitor,
    ),
  };
  let demoAccounts: DemoAccount[] | null = null;
  return {
    service,
    guards,
    authRouter: createAuthRouter({
      identity: service,
      // Never served in production, where seeding is refused too: the demo password is public.
      demoAccounts: deps.production ? null : () => demoAccounts,
    }),
    peopleRouter: createPeopleRouter({ identity: service, authenticate: guards.authenticate }),
    async seedDemo(): Promise<DemoAccount[]> {
      if (deps.production) throw new Error("Demo accounts are refused in production.");
      demoAccounts = await service.seedDemoUsers();
      return demoAccounts;
    },
  };
}

export type IdentityModule = ReturnType<typeof createIdentityModule>;
