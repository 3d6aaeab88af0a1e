/**
 * @parley/embed: Parley inside a host marketplace's page.
 *
 *   mountSupport(el, { origin: "https://support.example", getToken: () => fetchParleyToken() });
 *   mountHelp(el, { origin: "https://support.example", theme: "dark" });
 *
 * The frame asks for the seller's token with `parley:ready`; this client answers with `getToken()`'s
 * token by postMessage to Parley's origin only, so the token never appears in a URL. Messages are
 * accepted from that frame and that origin only. The frame reports its height and follows `theme`.
 * Parley must list the host page's origin in EMBED_ALLOWED_ORIGINS.
 */

export type Theme = "light" | "dark";

export type ContextType = "order" | "listing" | "payout" | "booking";

/** What a "Get help with this order" link names: ids and a title, never a secret. */
export type TicketContext = { type: ContextType; id: string; title?: string; url?: string };

export type MountOptions = {
  /** Parley's origin, e.g. "https://support.example" (no path). */
  origin: string;
  theme?: Theme;
  /** The frame never gets shorter than this (CSS pixels). */
  minHeight?: number;
  /** Accessible name of the frame. */
  title?: string;
};

export type SupportOptions = MountOptions & {
  /** The seller's Parley token (a JWT the host signs): called on each request from the frame. */
  getToken: () => string | Promise<string>;
  /** Opens the new-ticket form about this order (listing, payout, booking). */
  newTicket?: TicketContext;
};

export type EmbedHandle = {
  readonly iframe: HTMLIFrameElement;
  /** Support only: opens the new-ticket form about this order ("Get help with this order"). */
  openNewTicket(context: TicketContext): void;
  setTheme(theme: Theme): void;
  /** Sends a fresh token now (e.g. after the host renewed it). */
  refreshToken(): Promise<void>;
  destroy(): void;
};

type FrameMessage = { type: "parley:ready" } | { type: "parley:height"; height: number };

function parseOrigin(origin: string): string {
  const url = new URL(origin);
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("origin must be http(s)");
  return url.origin;
}

function isFrameMessage(data: unknown): data is FrameMessage {
  if (typeof data !== "object" || data === null) return false;
  const d = data as { type?: unknown; height?: unknown };
  return (
    d.type === "parley:ready" ||
    (d.type === "parley:height" && typeof d.height === "number" && Number.isFinite(d.height))
  );
}

function mount(
  el: HTMLElement,
  path: string,
  query: URLSearchParams,
  opts: MountOptions,
  getToken: (() => string | Promise<string>) | null,
): EmbedHandle {
  const origin = parseOrigin(opts.origin);
  const minHeight = opts.minHeight ?? 0;
  let theme: Theme = opts.theme ?? "light";
  const iframe = document.createElement("iframe");
  const load = (q: URLSearchParams) => {
    const qs = q.toString();
    iframe.src = `${origin}${path}${qs ? `?${qs}` : ""}`;
  };
  load(query);
  iframe.title = opts.title ?? "Support";
  iframe.style.cssText = `display:block;width:100%;border:0;height:${Math.max(minHeight, 200)}px`;
  iframe.setAttribute("allow", "clipboard-write");

  const send = (msg: unknown) => iframe.contentWindow?.postMessage(msg, origin);
  const sendToken = async () => {
    if (!getToken) return;
    const token = await getToken();
    if (token) send({ type: "parley:token", token });
  };
  const onMessage = (event: MessageEvent) => {
    if (event.source !== iframe.contentWindow || event.origin !== origin) return;
    if (!isFrameMessage(event.data)) return;
    if (event.data.type === "parley:ready") {
      send({ type: "parley:theme", theme });
      void sendToken().catch(() => undefined);
    } else {
      iframe.style.height = `${Math.max(minHeight, Math.ceil(event.data.height))}px`;
    }
  };
  window.addEventListener("message", onMessage);
  el.appendChild(iframe);

  return {
    iframe,
    openNewTicket(context) {
      if (getToken) load(newTicketQuery(context));
    },
    setTheme(next) {
      theme = next;
      send({ type: "parley:theme", theme });
    },
    refreshToken: sendToken,
    destroy() {
      window.removeEventListener("message", onMessage);
      iframe.remove();
    },
  };
}

/** The frame's deep link to the new-ticket form: ids and a title only, never the token. */
function newTicketQuery(context: TicketContext): URLSearchParams {
  const query = new URLSearchParams({ newTicket: "1", contextType: context.type, contextId: context.id });
  if (context.title) query.set("contextTitle", context.title);
  if (context.url) query.set("contextUrl", context.url);
  return query;
}

/** The shop's support desk (tickets, conversation, new ticket), signed in as the host's seller. */
export function mountSupport(el: HTMLElement, opts: SupportOptions): EmbedHandle {
  const query = opts.newTicket ? newTicketQuery(opts.newTicket) : new URLSearchParams();
  return mount(el, "/embed/support", query, { minHeight: 640, ...opts }, opts.getToken);
}

/** The customer FAQ, sized to its content. No token. */
export function mountHelp(el: HTMLElement, opts: MountOptions): EmbedHandle {
  return mount(el, "/embed/help", new URLSearchParams(), { title: "Help", ...opts }, null);
}
