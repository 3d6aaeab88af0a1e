/**
 * The frame's side of the host ↔ Parley postMessage protocol (@parley/contract embed.ts):
 * - trusts a message only from the parent window and from an origin the server lists (GET /api/embed/config);
 * - answers only to that origin (never "*"): `parley:ready` asks for a token, `parley:height` sizes the frame;
 * - applies the host's `parley:theme` and hands `parley:token` to the caller (never stored, never logged).
 */
import { useEffect, useRef, useState } from "react";
import { hostToFrameMessageSchema, type EmbedTheme, type FrameToHostMessage } from "@parley/contract";
import { fetchEmbedConfig } from "../api/embed";

export type HostBridge = {
  /** null until the config arrived; [] when this Parley allows no host (EMBED_ALLOWED_ORIGINS unset). */
  allowedOrigins: string[] | null;
  /** Asks the host for a (fresh) token. */
  requestToken: () => void;
};

export function useHostBridge(onToken?: (token: string) => void): HostBridge {
  const [allowedOrigins, setAllowedOrigins] = useState<string[] | null>(null);
  const hostOrigin = useRef<string | null>(null);
  const onTokenRef = useRef(onToken);
  onTokenRef.current = onToken;

  const post = (msg: FrameToHostMessage) => {
    if (window.parent === window) return;
    // Until the host has spoken, say it to each allowed origin: the browser delivers only to the one that matches.
    const targets = hostOrigin.current ? [hostOrigin.current] : (allowedOrigins ?? []);
    for (const origin of targets) window.parent.postMessage(msg, origin);
  };
  const postRef = useRef(post);
  postRef.current = post;

  useEffect(() => {
    let cancelled = false;
    fetchEmbedConfig()
      .then((c) => !cancelled && setAllowedOrigins(c.allowedOrigins))
      .catch(() => !cancelled && setAllowedOrigins([]));
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    if (!allowedOrigins) return;
    const onMessage = (event: MessageEvent) => {
      if (event.source !== window.parent || !allowedOrigins.includes(event.origin)) return;
      const msg = hostToFrameMessageSchema.safeParse(event.data);
      if (!msg.success) return;
      hostOrigin.current = event.origin;
      if (msg.data.type === "parley:theme") applyTheme(msg.data.theme);
      else onTokenRef.current?.(msg.data.token);
    };
    window.addEventListener("message", onMessage);
    postRef.current({ type: "parley:ready" });
    return () => window.removeEventListener("message", onMessage);
  }, [allowedOrigins]);

  useEffect(() => {
    if (!allowedOrigins?.length || typeof ResizeObserver === "undefined") return;
    let last = -1;
    const report = () => {
      // The content's height, not the document's: documentElement.scrollHeight never drops below the
      // frame's own height, so a frame that grew would never shrink back when its content does.
      const height = Math.ceil(document.body.scrollHeight);
      if (height === last) return;
      last = height;
      postRef.current({ type: "parley:height", height });
    };
    const observer = new ResizeObserver(report);
    observer.observe(document.body);
    report();
    return () => observer.disconnect();
  }, [allowedOrigins]);

  return { allowedOrigins, requestToken: () => postRef.current({ type: "parley:ready" }) };
}

/** The host's light or dark theme (index.css maps data-embed-theme="dark" onto the light design). */
export function applyTheme(theme: EmbedTheme): void {
  document.documentElement.dataset.embedTheme = theme;
  document.documentElement.style.colorScheme = theme;
}
