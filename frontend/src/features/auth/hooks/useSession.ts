/** The signed-in user as the app sees it (SessionProvider holds it). */
import { createContext, useContext } from "react";
import type { Role, User } from "@parley/contract";

/** As stored by older versions too: `email` and `shopName` may be missing from a kept session. */
export type SessionUser = Omit<User, "email" | "shopName"> & {
  email?: string | null;
  shopName?: string | null;
};

export type SessionValue = {
  user: SessionUser | null;
  /** Why the last session ended, shown once on the login page. */
  endedReason: string | null;
  login: (email: string, password: string) => Promise<SessionUser>;
  logout: () => void;
  /**
   * Signs in with a token handed over by a host page (embedding): kept in memory only, and the user is
   * who the server says the token belongs to (GET /api/me).
   */
  adoptToken: (token: string) => Promise<SessionUser>;
};

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession must be used inside <SessionProvider>");
  return value;
}

export function homeFor(role: Role): string {
  return role === "admin" ? "/admin" : "/shop";
}
