/**
 * /embed/support: the shop's SupportTab inside a host marketplace's seller dashboard, with none of
 * Parley's chrome. The host hands the seller's token over by postMessage (useHostBridge); it lives in
 * memory only. `?newTicket=1&contextType=order&contextId=…` opens the new-ticket form about that order.
 */
import { useEffect, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import SupportTab from "../components/shop/tabs/SupportTab";
import { useSession } from "../features/auth/hooks/useSession";
import { useHostBridge } from "../features/embed/hooks/useHostBridge";
import { useDocumentTitle } from "../hooks/useDocumentTitle";
import { EmbedNotice } from "./EmbedHelpPage";

export default function EmbedSupportPage() {
  useDocumentTitle("Support");
  const { user, adoptToken } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [params, setParams] = useSearchParams();
  const adopted = useRef<string | null>(null);
  const bridge = useHostBridge((token) => {
    if (token === adopted.current) return;
    adopted.current = token;
    adoptToken(token).then(
      () => setError(null),
      () => setError("The marketplace's sign-in was refused. Reload the page to try again."),
    );
  });

  // The deep link's newTicket=1 is the SupportTab's new=1 (the context parameters stay).
  useEffect(() => {
    if (params.get("newTicket") !== "1") return;
    const next = new URLSearchParams(params);
    next.delete("newTicket");
    next.set("new", "1");
    setParams(next, { replace: true });
  }, [params, setParams]);

  // A session that ended (expired token) asks the host for a fresh one.
  const { requestToken } = bridge;
  useEffect(() => {
    if (!user && adopted.current) {
      adopted.current = null;
      requestToken();
    }
  }, [user, requestToken]);

  if (bridge.allowedOrigins !== null && bridge.allowedOrigins.length === 0) {
    return <EmbedNotice>Embedding is not enabled on this Parley (EMBED_ALLOWED_ORIGINS).</EmbedNotice>;
  }
  if (error) return <EmbedNotice role="alert">{error}</EmbedNotice>;
  if (!user) return <EmbedNotice>Connecting to support…</EmbedNotice>;
  if (user.role !== "shop") {
    return (
      <EmbedNotice role="alert">
        This page is for a shop's sellers; the host sent another kind of token.
      </EmbedNotice>
    );
  }
  return (
    <div className="h-dvh bg-white">
      <SupportTab />
    </div>
  );
}
