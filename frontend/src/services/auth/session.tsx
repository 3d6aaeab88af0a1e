/**
 * The signed-in user: token (kept by the API client) plus who it belongs to. A 401 from the API or a
 * refused socket handshake ends the session and sends the user back to /login.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { apiFetch, getToken, onUnauthorized, setToken } from "../api/client";
import type { Role } from "../api/support";
import { connectRealtime, disconnectRealtime, onRealtimeUnauthenticated } from "../realtime/socket";

export type SessionUser = {
  id: string;
  role: Role;
  shopId: string | null;
  name: string | null;
  email?: string;
};
export type DemoAccount = { email: string; password: string; role: Role; name: string };

const USER_KEY = "parley.user";

type SessionValue = {
  user: SessionUser | null;
  /** Why the last session ended, shown once on the login page. */
  endedReason: string | null;
  login: (email: string, password: string) => Promise<SessionUser>;
  logout: () => void;
};

const SessionContext = createContext<SessionValue | null>(null);

function readStoredUser(): SessionUser | null {
  if (!getToken() || typeof localStorage === "undefined") return null;
  try {
    return JSON.parse(localStorage.getItem(USER_KEY) ?? "null") as SessionUser | null;
  } catch {
    return null;
  }
}

export function login(email: string, password: string) {
  return apiFetch<{ token: string; user: SessionUser }>("/api/auth/login", {
    method: "POST",
    body: { email, password },
  });
}

export const listDemoAccounts = () =>
  apiFetch<{ items: DemoAccount[] }>("/api/auth/demo-accounts").then((r) => r.items);

export function SessionProvider({ children, realtime = true }: { children: ReactNode; realtime?: boolean }) {
  const [user, setUser] = useState<SessionUser | null>(readStoredUser);
  const [endedReason, setEndedReason] = useState<string | null>(null);
  const queryClient = useQueryClient();

  const end = useCallback(
    (reason: string | null) => {
      setToken(null);
      // The next user must not see this one's cached tickets.
      queryClient.clear();
      localStorage.removeItem(USER_KEY);
      disconnectRealtime();
      setUser(null);
      setEndedReason(reason);
    },
    [queryClient],
  );

  useEffect(() => {
    const expired = () => end("Your session has expired. Please sign in again.");
    const offApi = onUnauthorized(expired);
    const offSocket = onRealtimeUnauthenticated(expired);
    return () => {
      offApi();
      offSocket();
    };
  }, [end]);

  useEffect(() => {
    const token = getToken();
    if (realtime && user && token) connectRealtime(token);
  }, [user, realtime]);

  const value = useMemo<SessionValue>(
    () => ({
      user,
      endedReason,
      async login(email, password) {
        const res = await login(email, password);
        setToken(res.token);
        localStorage.setItem(USER_KEY, JSON.stringify(res.user));
        setEndedReason(null);
        setUser(res.user);
        return res.user;
      },
      logout: () => end(null),
    }),
    [user, endedReason, end],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession must be used inside <SessionProvider>");
  return value;
}

export function homeFor(role: Role): string {
  return role === "admin" ? "/admin" : "/shop";
}
