/**
 * The signed-in user: token (kept by the API client) plus who it belongs to. A 401 from the API or a
 * refused socket handshake ends the session and sends the user back to /login.
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { getToken, onUnauthorized, setToken } from "../../../services/api/client";
import {
  connectRealtime,
  disconnectRealtime,
  onRealtimeUnauthenticated,
} from "../../../services/realtime/socket";
import { claimDrafts, clearAllDrafts } from "../../messages/drafts";
import { fetchMe, login } from "../api/auth";
import { SessionContext, type SessionUser, type SessionValue } from "../hooks/useSession";

const USER_KEY = "parley.user";

function readStoredUser(): SessionUser | null {
  if (!getToken() || typeof localStorage === "undefined") return null;
  try {
    return JSON.parse(localStorage.getItem(USER_KEY) ?? "null") as SessionUser | null;
  } catch {
    return null;
  }
}

export default function SessionProvider({
  children,
  realtime = true,
  embedded = false,
}: {
  children: ReactNode;
  realtime?: boolean;
  /** Inside a host's frame (/embed/*): no stored session; the host hands a token over (adoptToken). */
  embedded?: boolean;
}) {
  const [user, setUser] = useState<SessionUser | null>(() => {
    const stored = embedded ? null : readStoredUser();
    if (embedded) setToken(null, { persist: false });
    // Before the first render of anything that reads a draft: drafts are this user's only.
    claimDrafts(stored?.id ?? null);
    return stored;
  });
  const [endedReason, setEndedReason] = useState<string | null>(null);
  const queryClient = useQueryClient();

  const end = useCallback(
    (reason: string | null) => {
      setToken(null, { persist: !embedded });
      // The next user must not see this one's cached tickets (nor its unsent messages).
      queryClient.clear();
      // Signing out on a shared browser takes every draft and queued reply along. A session that expired
      // keeps them under its user's keys, for when the same user signs in again; anyone else's sign-in
      // deletes them (claimDrafts).
      if (reason === null) clearAllDrafts();
      else claimDrafts(null);
      if (!embedded) localStorage.removeItem(USER_KEY);
      disconnectRealtime();
      setUser(null);
      setEndedReason(reason);
    },
    [queryClient, embedded],
  );

  useEffect(() => {
    // A deactivated account is told so (the server's 401 says it): "expired" would send its owner to sign
    // in again and again, never learning why it fails.
    const expired = (serverMessage?: string) =>
      end(
        serverMessage && /deactivated/i.test(serverMessage)
          ? "Your account has been deactivated by an administrator. Ask an admin of your team to reactivate it."
          : "Your session has expired. Please sign in again.",
      );
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
        const res = await login({ email, password });
        setToken(res.token);
        localStorage.setItem(USER_KEY, JSON.stringify(res.user));
        claimDrafts(res.user.id);
        setEndedReason(null);
        setUser(res.user);
        return res.user;
      },
      logout: () => end(null),
      async adoptToken(next) {
        setToken(next, { persist: false });
        const me = await fetchMe();
        const adopted: SessionUser = { ...me };
        claimDrafts(adopted.id);
        setEndedReason(null);
        setUser(adopted);
        return adopted;
      },
    }),
    [user, endedReason, end],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
