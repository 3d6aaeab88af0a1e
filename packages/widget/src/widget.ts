import { io, type Socket } from "socket.io-client";
import { WIDGET_CSS } from "./styles";

/**
 * Parley's visitor widget (issue 18). `<script src="https://parley.example/widget.js" data-parley>` adds a
 * sticky help button in its own shadow DOM (host styles stay out, ours stay in). It searches the FAQ first
 * and counts those searches as deflection events, then lets the visitor write to support. The visitor
 * token lives in localStorage, so the conversation survives reloads and later visits; replies arrive by
 * socket.io, with polling every 15 s as the fallback. Keyboard: focus moves into each view as it opens,
 * Escape or Close hands it back to the launcher, and only new replies from support are read out.
 */

type Article = { id: string; question: string; answerHtml: string };
type Attachment = { id: string; name: string; size: number };
type Message = {
  id: string;
  ticketId: string;
  senderType: string;
  body: string;
  createdAt: string;
  attachments?: Attachment[];
};
type AttachmentLink = { url: string; expiresAt: string };
type Availability = { online: boolean; hoursText: string };

const POLL_MS = 15_000;
/** A signed file link is fetched again when it has less than this left (links live 10 minutes). */
const LINK_REFRESH_MS = 60_000;
const SEARCH_DEBOUNCE_MS = 300;

function currentScript(): HTMLScriptElement | null {
  const s = document.currentScript;
  if (s instanceof HTMLScriptElement) return s;
  return document.querySelector<HTMLScriptElement>("script[data-parley]");
}

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) el.append(c);
  return el;
}

function uuid(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const x = [...b].map((n) => n.toString(16).padStart(2, "0")).join("");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/**
 * A message's clientMessageId, kept while it is unsent: sending the same text again after a failure reuses
 * it, so the server replays the first attempt if it did land instead of posting the message twice.
 */
let unsent: { text: string; id: string } | null = null;
function clientMessageIdFor(text: string): string {
  if (unsent?.text !== text) unsent = { text, id: uuid() };
  return unsent.id;
}
const sent = (text: string) => {
  if (unsent?.text === text) unsent = null;
};

class HttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

function start(script: HTMLScriptElement): void {
  const origin = new URL(script.src, location.href).origin;
  const storageKey = `parley-visitor:${origin}`;
  // One FAQ "session" per page view, as the FAQ page counts them.
  const faqSessionId = uuid();
  let token: string | null = null;
  try {
    token = localStorage.getItem(storageKey);
  } catch {
    // Storage blocked (private mode, sandbox): the conversation lasts for this page view only.
  }

  const api = async <T>(pathname: string, init: { method?: string; body?: unknown; auth?: boolean } = {}) => {
    const headers: Record<string, string> = {};
    if (init.body !== undefined) headers["Content-Type"] = "application/json";
    if (init.auth && token) headers.Authorization = `Bearer ${token}`;
    const res = await fetch(origin + pathname, {
      method: init.method ?? "GET",
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!res.ok) throw new HttpError(res.status);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  const faqEvent = (body: Record<string, unknown>) =>
    api("/api/faq/events", { method: "POST", body: { sessionId: faqSessionId, ...body } }).catch(
      () => undefined,
    );

  // ---- DOM ----
  const hostEl = h("div", { "data-parley-widget": "" });
  const root = hostEl.attachShadow({ mode: "open" });
  root.append(h("style", {}, WIDGET_CSS));
  const label = script.dataset.label || "Help";
  const button = h("button", { class: "launcher", type: "button", "aria-expanded": "false" }, label);
  const panel = h("section", {
    class: "panel",
    role: "dialog",
    "aria-label": "Help and support",
    hidden: "",
  });
  // Mounted once and never refilled: only what is added to it later is read out (new replies from support).
  // Outside the dialog, so the dialog's text holds each message once.
  const announcer = h("div", { class: "sr-only", "aria-live": "polite" });
  root.append(button, panel, announcer);
  document.body.append(hostEl);

  // The panel's own <h2>, so an article's <h3> title sits one level below it whatever the host's headings.
  const header = h("header", {}, h("h2", {}, "How can we help?"));
  const close = h("button", { class: "close", type: "button", "aria-label": "Close" }, "×");
  header.append(close);
  const body = h("div", { class: "body" });
  panel.append(header, body);

  const open = (show: boolean) => {
    panel.hidden = !show;
    button.setAttribute("aria-expanded", String(show));
    if (show) void (token ? showConversation() : showSearch());
    else {
      announcer.replaceChildren();
      button.focus();
    }
  };
  button.addEventListener("click", () => open(panel.hidden));
  close.addEventListener("click", () => open(false));
  root.addEventListener("keydown", (e) => {
    if (!(e instanceof KeyboardEvent) || e.key !== "Escape" || e.isComposing || panel.hidden) return;
    e.preventDefault();
    e.stopPropagation();
    open(false);
  });

  /**
   * Moves focus into a view that just replaced the one holding it (so it never falls to <body>). Focus the
   * visitor has taken elsewhere on the host page stays there: a background refresh must not pull it back.
   */
  const focusView = (el: HTMLElement) => {
    const active = document.activeElement;
    if (!panel.hidden && (!active || active === document.body || active === hostEl)) el.focus();
  };

  /** A labelled field: the label stays visible above it once the visitor has typed (unlike a placeholder). */
  let fieldSeq = 0;
  const field = (text: string, control: HTMLInputElement | HTMLTextAreaElement, visible = true) => {
    control.id = `parley-field-${++fieldSeq}`;
    const labelEl = h("label", { for: control.id, ...(visible ? {} : { class: "sr-only" }) }, text);
    return { wrap: h("div", { class: "field" }, labelEl, control), label: labelEl };
  };

  // ---- FAQ search ----
  function showSearch(): void {
    body.replaceChildren();
    const input = h("input", {
      type: "search",
      placeholder: "Search our help articles",
      "aria-label": "Search",
    });
    const results = h("ul", { class: "results" });
    const write = h("button", { class: "primary", type: "button" }, "Write to support");
    write.addEventListener("click", () => void showCompose());
    body.append(input, results, write);
    if (token) {
      const back = h("button", { class: "link", type: "button" }, "Back to your conversation");
      back.addEventListener("click", () => void showConversation());
      body.append(back);
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    let seq = 0;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => void search(input.value.trim()), SEARCH_DEBOUNCE_MS);
    });
    const search = async (q: string) => {
      const mine = ++seq;
      if (q.length < 2) return results.replaceChildren();
      let items: Article[] = [];
      try {
        items = (await api<{ items: Article[] }>(`/api/faq/suggest?q=${encodeURIComponent(q)}`)).items;
      } catch {
        items = [];
      }
      if (mine !== seq) return;
      void faqEvent({ type: "search", query: q, resultCount: items.length });
      if (items.length) void faqEvent({ type: "suggestions_shown", articleIds: items.map((a) => a.id) });
      results.replaceChildren(
        ...(items.length
          ? items.map((a) => {
              const b = h("button", { type: "button", class: "result" }, a.question);
              b.addEventListener("click", () => showArticle(a));
              return h("li", {}, b);
            })
          : [h("li", { class: "muted" }, "No articles match. Write to support below.")]),
      );
    };
    focusView(input);
  }

  function showArticle(a: Article): void {
    void faqEvent({ type: "article_opened", articleIds: [a.id] });
    body.replaceChildren();
    const back = h("button", { class: "link", type: "button" }, "← Back to search");
    back.addEventListener("click", showSearch);
    const answer = h("div", { class: "answer" });
    answer.innerHTML = a.answerHtml; // rendered and sanitised by the server
    const write = h("button", { class: "primary", type: "button" }, "Still need help? Write to support");
    write.addEventListener("click", () => void showCompose());
    const title = h("h3", { tabindex: "-1" }, a.question);
    body.append(back, title, answer, write);
    focusView(title);
  }

  // ---- writing ----
  async function showCompose(): Promise<void> {
    if (token) return showConversation();
    body.replaceChildren();
    const form = h("form", { class: "compose" });
    const name = h("input", { name: "name", placeholder: "Your name (optional)", maxlength: "120" });
    const email = h("input", {
      name: "email",
      type: "email",
      placeholder: "Email (optional)",
      maxlength: "254",
    });
    const text = h("textarea", { name: "body", placeholder: "How can we help?", required: "", rows: "4" });
    const status = h("p", { class: "status", role: "status" });
    const offline = h("p", { class: "offline", hidden: "" });
    const emailField = field("Email (optional)", email);
    form.append(
      offline,
      field("Name (optional)", name).wrap,
      emailField.wrap,
      field("Message", text).wrap,
      h("button", { class: "primary", type: "submit" }, "Send"),
      status,
    );
    body.append(form);
    void api<Availability>("/api/visitor/availability")
      .then((a) => {
        if (a.online) return;
        offline.textContent = `Nobody is online right now. ${a.hoursText} Leave your email and we will answer there too.`;
        offline.hidden = false;
        email.placeholder = "Email (so we can answer you)";
        emailField.label.textContent = "Email (so we can answer you)";
      })
      .catch(() => undefined);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const message = text.value.trim();
      if (!message) return;
      status.textContent = "Sending…";
      void (async () => {
        try {
          // A session made by an earlier attempt whose message failed is reused, not doubled.
          if (!token) {
            const session = await api<{ visitorToken: string }>("/api/visitor/sessions", {
              method: "POST",
              body: {
                ...(name.value.trim() ? { name: name.value.trim() } : {}),
                ...(email.value.trim() ? { email: email.value.trim() } : {}),
                ...(/^https?:/.test(location.href) ? { pageUrl: location.href.slice(0, 2048) } : {}),
              },
            });
            token = session.visitorToken;
            try {
              localStorage.setItem(storageKey, token);
            } catch {
              // See above: this page view only.
            }
          }
          await api<Message>("/api/visitor/messages", {
            method: "POST",
            auth: true,
            body: { body: message, clientMessageId: clientMessageIdFor(message) },
          });
          sent(message);
          void faqEvent({ type: "ticket_filed" });
          await showConversation();
        } catch (err) {
          status.textContent =
            err instanceof HttpError && err.status === 400
              ? "Please check the email address."
              : "Sending failed. Please try again.";
        }
      })();
    });
    focusView(text);
  }

  // ---- the conversation ----
  const seen = new Set<string>();
  let lastId: string | null = null;
  let list: HTMLOListElement | null = null;
  /** False while showConversation fills in the history, which is shown but not read out. */
  let announce = false;
  let socket: Socket | null = null;
  let poller: ReturnType<typeof setInterval> | undefined;

  const render = (m: Message) => {
    if (seen.has(m.id) || !list) return;
    seen.add(m.id);
    lastId = m.id;
    const mine = m.senderType !== "admin";
    list.append(
      h(
        "li",
        { class: mine ? "mine" : "theirs", "data-sender": mine ? "visitor" : "support" },
        h("span", { class: "who" }, mine ? "You" : "Support"),
        h("p", {}, m.body),
        ...(m.attachments ?? []).map(fileLink),
      ),
    );
    list.scrollTop = list.scrollHeight;
    if (announce && !mine && list.isConnected && !panel.hidden) {
      announcer.append(h("p", {}, `New message from support: ${m.body}`));
      // Earlier announcements were read already; a few stay so back-to-back replies are not cut off.
      while (announcer.childElementCount > 3) announcer.firstElementChild?.remove();
    }
  };

  /**
   * A file support attached: a link that opens it in a new tab. A browser cannot send the visitor token with
   * a plain link, so the link is a signed one that expires, fetched now and again whenever it is about to
   * be used with little of its time left.
   */
  const fileLink = (a: Attachment) => {
    const link = h("a", { class: "file", target: "_blank", rel: "noopener" }, `📎 ${a.name}`);
    let expiresAt = 0;
    const refresh = async () => {
      if (expiresAt - Date.now() > LINK_REFRESH_MS) return;
      try {
        const signed = await api<AttachmentLink>(`/api/attachments/${a.id}/link`, { auth: true });
        link.href = origin + signed.url;
        expiresAt = Date.parse(signed.expiresAt);
      } catch {
        link.removeAttribute("href");
      }
    };
    link.addEventListener("pointerenter", () => void refresh());
    link.addEventListener("focus", () => void refresh());
    void refresh();
    return link;
  };

  const forget = () => {
    token = null;
    try {
      localStorage.removeItem(storageKey);
    } catch {
      // nothing stored
    }
    socket?.disconnect();
    socket = null;
    clearInterval(poller);
    poller = undefined;
  };

  const fetchNew = async () => {
    if (!token) return;
    try {
      const q = lastId ? `?after=${lastId}` : "";
      const { items } = await api<{ items: Message[] }>(`/api/visitor/messages${q}`, { auth: true });
      items.forEach(render);
    } catch (err) {
      if (err instanceof HttpError && err.status === 401) {
        forget();
        showSearch();
      }
    }
  };

  const listen = () => {
    if (!token) return;
    if (!socket) {
      // WebSocket first; where a proxy or firewall blocks it, socket.io's long polling (Parley answers CORS
      // for the page's origin when it is in EMBED_ALLOWED_ORIGINS). The 15 s HTTP poll below stays on as
      // the last fallback, for when neither transport gets through.
      socket = io(`${origin}/support`, {
        auth: { visitorToken: token },
        transports: ["websocket", "polling"],
        tryAllTransports: true,
      });
      socket.on("message:created", (m: Message) => render(m));
      // After a reconnect, catch up on anything the socket missed.
      socket.on("connect", () => {
        hostEl.dataset.live = "true";
        void fetchNew();
      });
      socket.on("disconnect", () => {
        hostEl.dataset.live = "false";
      });
    }
    poller ??= setInterval(() => void fetchNew(), POLL_MS);
  };

  async function showConversation(): Promise<void> {
    body.replaceChildren();
    seen.clear();
    lastId = null;
    announce = false;
    // Not a live region: filling in the history must not read it all out (new replies go to the announcer).
    list = h("ol", { class: "messages", "aria-label": "Conversation" });
    const form = h("form", { class: "reply" });
    const text = h("textarea", { name: "body", placeholder: "Write a message", required: "", rows: "2" });
    const status = h("p", { class: "status", role: "status" });
    form.append(
      field("Your message", text, false).wrap,
      h("button", { class: "primary", type: "submit" }, "Send"),
      status,
    );
    const faq = h("button", { class: "link", type: "button" }, "Search help articles");
    faq.addEventListener("click", showSearch);
    body.append(list, form, faq);
    focusView(text);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const message = text.value.trim();
      if (!message) return;
      void api<Message>("/api/visitor/messages", {
        method: "POST",
        auth: true,
        body: { body: message, clientMessageId: clientMessageIdFor(message) },
      })
        .then((m) => {
          sent(message);
          text.value = "";
          status.textContent = "";
          render(m);
        })
        .catch(() => {
          status.textContent = "Sending failed. Please try again.";
        });
    });
    const mine = list;
    await fetchNew();
    if (list === mine) announce = true;
    listen();
  }

  if (token) listen();
}

const script = currentScript();
if (script && !document.querySelector("[data-parley-widget]")) {
  if (document.body) start(script);
  else document.addEventListener("DOMContentLoaded", () => start(script));
}
