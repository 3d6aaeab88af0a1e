import type { RequestHandler, Request } from "express";
import type { TokenService } from "../auth/token";
import { bearerToken } from "../auth/token";
import { ForbiddenError, UnauthenticatedError } from "../../shared/app-error";
import type { Principal, Role } from "../../shared/principal";

export type RecordIdentity = (principal: Principal) => Promise<void>;

/** Verifies the bearer token, records the user and shop on first sight, sets req.principal. */
export function authenticate(tokens: TokenService, recordIdentity: RecordIdentity): RequestHandler {
  return async (req, _res, next) => {
    const token = bearerToken(req.get("authorization"));
    if (!token) throw new UnauthenticatedError();
    const principal = tokens.verify(token);
    await recordIdentity(principal);
    req.principal = principal;
    next();
  };
}

/**
 * authenticate(), or a website visitor's token (issue 18): the visitor acts as the user of its own
 * pseudo-shop (shared/visitor.ts), so it reaches what its conversation shows and nothing else. For the
 * routes its conversation links to: the files attached to the replies it reads. `visitor` is the visitors
 * domain's check (the token, then its session: a session that does not exist is 401 here as on every
 * other route that takes a visitor token).
 */
export function authenticateUserOrVisitor(
  tokens: TokenService,
  recordIdentity: RecordIdentity,
  visitor: (token: string) => Promise<Principal>,
): RequestHandler {
  const user = authenticate(tokens, recordIdentity);
  return async (req, res, next) => {
    const token = bearerToken(req.get("authorization"));
    if (!token || !tokens.claimsVisitor(token)) return user(req, res, next);
    req.principal = await visitor(token);
    next();
  };
}

/** Like authenticate(), but a request without an Authorization header passes as anonymous. */
export function optionalAuthenticate(tokens: TokenService, recordIdentity: RecordIdentity): RequestHandler {
  const strict = authenticate(tokens, recordIdentity);
  return (req, res, next) => (req.get("authorization") ? strict(req, res, next) : next());
}

export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.principal || !roles.includes(req.principal.role)) throw new ForbiddenError();
    next();
  };
}

/** The caller, for handlers mounted behind authenticate(). */
export function principalOf(req: Request): Principal {
  if (!req.principal) throw new UnauthenticatedError();
  return req.principal;
}
