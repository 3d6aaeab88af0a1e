import { io, type Socket } from "socket.io-client";
import { WIDGET_CSS } from "./styles";
import { h } from "./dom";
import { createFilePicker, type ReadyFile } from "./file-picker";
import { UPLOAD_MAX_BYTES } from "./upload-limit";

/**
 * Parley's visitor widget (issue 18). `<script src="https://parley.example/widget.js" data-parley>` adds a
 * sticky help button in its own shadow DOM (host styles stay out, ours stay in). It searches the FAQ first
 * and counts those searches as deflection events, then lets the visitor write to support. The visitor
 * token lives in localStorage, so the conversation survives reloads and later visits; replies arrive by
 * socket.io, with polling every 15 s as the fallback. Keyboard: focus moves into each view as it opens,
 * Escape or Close hands it back to the launcher, Enter sends a message (Shift+Enter breaks the line), and
 * only new replies from support are read out.
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
type Availability = { online: boolean; hoursText: string; uploadMaxBytes?: number };
/** The API's error body (CONTRACT.md "Errors"). */
type ApiError = { code?: string; message?: string; details?: Array<{ path?: string; message?: string }> };

const POLL_MS = 15_000;
/** How long replies are on screen before they count as seen, and what batches a history into one request. */
const READ_DELAY_MS = 500;
/** A signed file link is fetched again when it has less than this left (links live 10 minutes). */
const LINK_REFRESH_MS = 60_000;
const SEARCH_DEBOUNCE_MS = 300;
/**
 * The longest message the server takes: BODY_MAX in @parley/contract, copied here because importing the
 * contract would bundle zod into widget.js. The box's maxlength, its counter and the too-long error use it.
 */
const BODY_MAX = 10_000;
/** The character counter shows from here on, so it is there before the limit stops the typing. */
const COUNTER_FROM = BODY_MAX - 1_000;
const SEND_FAILED = "Sending failed. Please try again.";
/** How long the check that the server still answers (after an upload broke off) may take. */
const REACHABLE_WITHIN_MS = 5_000;

function currentScript(): HTMLScriptElement | null {
  const s = document.currentScript;
  if (s instanceof HTMLScriptElement) return s;
  return document.querySelector<HTMLScriptElement>("script[data-parley]");
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
  constructor(
    readonly status: number,
    /** The server's error body, when it sent one. */
    readonly error?: ApiError,
    /** Seconds from the Retry-After header (a 429 or 503). */
    readonly retryAfter?: number,
  ) {
    super(`HTTP ${status}`);
  }
}

/** The request never got an answer: offline, DNS, a refused connection. */
class NetworkError extends Error {}

/** An upload's connection broke while the server still answers: that upload failed, not the network. */
class UploadBrokeOff extends Error {}

const waitOf = (err: HttpError) =>
  err.retryAfter ? `${err.retryAfter} second${err.retryAfter === 1 ? "" : "s"}` : "a minute";

/**
 * The sentence a failed send shows: the real problem, read from the server's error body (`details[].path`
 * names the field), never a guess from the status alone.
 */
function sendError(err: unknown): string {
  if (err instanceof NetworkError) return "Could not reach support. Check your connection and try again.";
  if (!(err instanceof HttpError)) return SEND_FAILED;
  const details = err.error?.details ?? [];
  const at = (path: string) => details.find((d) => d.path === path);
  if (at("email")) return "Please check the email address.";
  const body = at("body");
  if (err.status === 413 || (body && /too big|too long|at most|<=/i.test(body.message ?? ""))) {
    return `Your message is too long: ${BODY_MAX.toLocaleString("en")} characters at most.`;
  }
  if (err.status === 429)
    return `Too many messages in a short time. Please wait ${waitOf(err)} and try again.`;
  if (body?.message) return `Please check your message: ${body.message}`;
  if (at("name")?.message) return `Please check your name: ${at("name")?.message}`;
  return err.error?.message || SEND_FAILED;
}

/**
 * The sentence a refused file shows: the server's own for a file too big (413) or of a type it refuses (415),
 * which says the limit or the reason; otherwise what a failed send would say (the compose form's upload may
 * have had to open the session first, so the email can be what was refused).
 */
function uploadError(err: unknown): string {
  if (err instanceof UploadBrokeOff) {
    return "The file did not finish uploading. Please try again, or send a smaller file.";
  }
  if (err instanceof HttpError && (err.status === 413 || err.status === 415) && err.error?.message) {
    return err.error.message;
  }
  // A 413 without the server's body: a proxy in front of it refused the file, under a limit of its own.
  if (err instanceof HttpError && err.status === 413) return "The file is too large.";
  if (err instanceof HttpError && err.status === 429) {
    return `Too many files in a short time. Please wait ${waitOf(err)} and try again.`;
  }
  return sendError(err);
}

/** The text of a message that is only files (the server wants a body): their names, as the shop app sends. */
function filesOnlyBody(files: ReadyFile[]): string {
  const text = files.map((f) => f.name).join(", ");
  return text.length > BODY_MAX ? `${text.slice(0, BODY_MAX - 1)}…` : text;
}

// A URL runs until white space or a character that cannot be part of one in running text; punctuation
// that ends the sentence ("see https://x.io/a.") and an unmatched closing bracket are not part of it.
const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const URL_TRAILING = /[.,;:!?'"\u2019\u201d]+$/;

/** A message's text with its http(s) links as real links: DOM nodes only, never HTML from the text. */
function linkify(text: string): Array<Node | string> {
  const out: Array<Node | string> = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    let raw = m[0].replace(URL_TRAILING, "");
    for (const [open, close] of [
      ["(", ")"],
      ["[", "]"],
    ] as const) {
      while (raw.endsWith(close) && raw.split(open).length < raw.split(close).length) {
        raw = raw.slice(0, -1).replace(URL_TRAILING, "");
      }
    }
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      continue;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") continue;
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(h("a", { href: url.href, target: "_blank", rel: "noopener noreferrer" }, raw));
    last = m.index + raw.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

const sameDay = (a: Date, b: Date) => a.toDateString() === b.toDateString();
/** A message's time in the visitor's locale: the time alone today, with the date on other days. */
function timeOf(iso: string): HTMLTimeElement | string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const now = new Date();
  const opts: Intl.DateTimeFormatOptions = { hour: "numeric", minute: "2-digit" };
  if (!sameDay(d, now)) {
    Object.assign(opts, { day: "numeric", month: "short" });
    if (d.getFullYear() !== now.getFullYear()) opts.year = "numeric";
  }
  return h("time", { class: "when", datetime: d.toISOString() }, d.toLocaleString(undefined, opts));
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

  const api = async <T>(
    pathname: string,
    init: { method?: string; body?: unknown; auth?: boolean; signal?: AbortSignal } = {},
  ) => {
    const headers: Record<string, string> = {};
    // A file goes as multipart, whose Content-Type (with its boundary) the browser writes.
    const form = init.body instanceof FormData ? init.body : null;
    if (init.body !== undefined && !form) headers["Content-Type"] = "application/json";
    if (init.auth && token) headers.Authorization = `Bearer ${token}`;
    let res: Response;
    try {
      res = await fetch(origin + pathname, {
        method: init.method ?? "GET",
        headers,
        body: form ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
        ...(init.signal ? { signal: init.signal } : {}),
      });
    } catch {
      throw new NetworkError();
    }
    if (!res.ok) {
      const payload = (await res.json().catch(() => null)) as { error?: ApiError } | null;
      const retryAfter = Number(res.headers.get("Retry-After")) || undefined;
      throw new HttpError(res.status, payload?.error, retryAfter);
    }
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  /** The server's upload limit once it has said it (GET /api/visitor/availability), else the default. */
  let uploadMaxBytes = UPLOAD_MAX_BYTES;
  /** Whether support is online, and the upload limit, learnt on the way (a server may set its own). */
  const availability = async (signal?: AbortSignal) => {
    const a = await api<Availability>("/api/visitor/availability", signal ? { signal } : {});
    const limit = a.uploadMaxBytes;
    if (typeof limit === "number" && Number.isSafeInteger(limit) && limit > 0) uploadMaxBytes = limit;
    return a;
  };
  /** Whether the server answers a small request now, whatever it answers. */
  const reachable = async () => {
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(), REACHABLE_WITHIN_MS);
    try {
      await availability(stop.signal);
      return true;
    } catch (err) {
      return err instanceof HttpError;
    } finally {
      clearTimeout(timer);
    }
  };
  /**
   * POST /api/uploads with the visitor token: the file is the visitor's until a message names it. A
   * connection that breaks mid-upload looks to fetch like being offline; if the server still answers, it
   * was this upload that failed (a big file on a weak line, or a refusal the browser did not get to read).
   */
  const uploadFile = async (file: File, signal: AbortSignal) => {
    const form = new FormData();
    form.append("file", file, file.name);
    try {
      return await api<Attachment>("/api/uploads", { method: "POST", body: form, auth: true, signal });
    } catch (err) {
      if (err instanceof NetworkError && !signal.aborted && (await reachable())) throw new UploadBrokeOff();
      throw err;
    }
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

  /**
   * A labelled field: the label stays visible above it once the visitor has typed (unlike a placeholder).
   * Every field's, the reply box's too: a label only some fields show reads as if the others had none.
   */
  let fieldSeq = 0;
  const field = (text: string, control: HTMLInputElement | HTMLTextAreaElement) => {
    control.id = `parley-field-${++fieldSeq}`;
    const labelEl = h("label", { for: control.id }, text);
    return { wrap: h("div", { class: "field" }, labelEl, control), label: labelEl };
  };

  /**
   * A message box: Enter sends and Shift+Enter breaks the line (as in the shop app; not while an input
   * method is composing, where Enter picks the text), with a hint saying so, the server's length limit as
   * its maxlength, and a counter once the text nears it. Both are its description, read when it is focused.
   * On a touch screen, whose keyboard has no Shift+Enter, Return breaks the line and Send sends.
   * Returns what goes under the box, and `count` to call after setting its value.
   */
  const messageBox = (text: HTMLTextAreaElement, form: HTMLFormElement) => {
    text.maxLength = BODY_MAX;
    const touch = typeof matchMedia === "function" && matchMedia("(pointer: coarse)").matches;
    const hint = h(
      "p",
      { class: "hint", id: `parley-hint-${++fieldSeq}` },
      touch ? "Return for a new line; Send sends" : "Enter to send, Shift+Enter for a new line",
    );
    const counter = h("p", { class: "counter", id: `parley-count-${fieldSeq}`, hidden: "" });
    text.setAttribute("aria-describedby", `${hint.id} ${counter.id}`);
    const count = () => {
      const n = text.value.length;
      counter.hidden = n < COUNTER_FROM;
      // Emptied while hidden: a description is read from hidden elements too.
      counter.textContent = counter.hidden
        ? ""
        : `${n.toLocaleString("en")} of ${BODY_MAX.toLocaleString("en")} characters`;
      counter.classList.toggle("full", n >= BODY_MAX);
    };
    text.addEventListener("input", count);
    text.addEventListener("keydown", (e) => {
      // keyCode 229: Safari's Enter that ends a composition comes with isComposing already false.
      if (touch || e.key !== "Enter" || e.shiftKey || e.isComposing || e.keyCode === 229) return;
      e.preventDefault();
      // requestSubmit runs the form's validation and submit handler, as the Send button does.
      if (typeof form.requestSubmit === "function") form.requestSubmit();
      else form.dispatchEvent(new Event("submit", { cancelable: true }));
    });
    return { under: h("div", { class: "under" }, hint, counter), count };
  };

  const STILL_UPLOADING = "Wait until your files have uploaded, then send.";
  /**
   * A message form's files and its Send button: "Attach a file" sits beside Send, the files above them.
   * Send is held while a file is still uploading, and once a file is ready the text may stay empty (the
   * message is then the files' names: the server wants a body, as it does from a shop).
   */
  const withFiles = (
    text: HTMLTextAreaElement,
    status: HTMLElement,
    upload: (file: File, signal: AbortSignal) => Promise<ReadyFile>,
  ) => {
    const send = h("button", { class: "primary", type: "submit" }, "Send");
    const picker = createFilePicker({
      maxBytes: () => uploadMaxBytes,
      upload,
      reason: uploadError,
      onChange: () => {
        send.disabled = picker.busy();
        text.required = picker.ready().length === 0;
        if (!picker.busy() && status.textContent === STILL_UPLOADING) status.textContent = "";
      },
    });
    return {
      picker,
      parts: [picker.list, h("div", { class: "actions" }, picker.button, picker.input, send)],
      /** Whether Send must wait (Enter still submits while the button is disabled): says so if it must. */
      held() {
        if (picker.busy()) status.textContent = STILL_UPLOADING;
        return picker.busy();
      },
      /** The message to send now (null: nothing to send), with its retry key (see clientMessageIdFor). */
      draft() {
        const files = picker.ready();
        const message = text.value.trim() || (files.length ? filesOnlyBody(files) : "");
        if (!message) return null;
        const ids = files.map((f) => f.id);
        // The same text with other files is another message: a retry replays only the very same one.
        const key = [message, ...ids].join("\u0000");
        const body = {
          body: message,
          clientMessageId: clientMessageIdFor(key),
          ...(ids.length ? { attachmentIds: ids } : {}),
        };
        return { key, body };
      },
    };
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
    // Mounted with the view, empty: a status region is read when its words change, so a visitor typing
    // in the box hears what the search found without leaving it.
    const found = h("p", { class: "sr-only", role: "status" });
    const write = h("button", { class: "primary", type: "button" }, "Write to support");
    write.addEventListener("click", () => void showCompose());
    body.append(input, found, results, write);
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
      if (q.length < 2) {
        found.textContent = "";
        return results.replaceChildren();
      }
      let items: Article[];
      try {
        items = (await api<{ items: Article[] }>(`/api/faq/suggest?q=${encodeURIComponent(q)}`)).items;
      } catch {
        if (mine !== seq) return;
        // Not "No articles match": that would be untrue, and reporting it would count a miss the FAQ
        // did not have.
        const failed = "Search is not available right now. Write to support below.";
        found.textContent = failed;
        return results.replaceChildren(h("li", { class: "muted" }, failed));
      }
      if (mine !== seq) return;
      found.textContent = items.length
        ? `${items.length} ${items.length === 1 ? "article" : "articles"} found`
        : "No articles match";
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
    const messageField = field("Message", text);
    messageField.wrap.append(messageBox(text, form).under);

    /**
     * The visitor's session, opened once with the name and email as they are now: by Send, or before by
     * the first file (an upload needs the visitor token). A session an earlier, failed attempt opened is
     * reused, not doubled; the fields then no longer change it, so they become read-only.
     */
    let opening: Promise<void> | null = null;
    const openSession = () =>
      token
        ? Promise.resolve()
        : (opening ??= (async () => {
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
              // Storage blocked: this page view only.
            }
            name.readOnly = email.readOnly = true;
          })().finally(() => {
            opening = null;
          }));
    const files = withFiles(text, status, async (file, signal) => {
      await openSession();
      return uploadFile(file, signal);
    });
    form.append(
      offline,
      field("Name (optional)", name).wrap,
      emailField.wrap,
      messageField.wrap,
      ...files.parts,
      status,
    );
    body.append(form);
    void availability()
      .then((a) => {
        if (a.online) return;
        offline.textContent = `Nobody is online right now. ${a.hoursText} Leave your email and we will answer there too.`;
        offline.hidden = false;
        email.placeholder = "Email (so we can answer you)";
        emailField.label.textContent = "Email (so we can answer you)";
      })
      .catch(() => undefined);
    let sending = false;
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (files.held()) return;
      const draft = files.draft();
      if (!draft || sending) return;
      sending = true;
      status.textContent = "Sending…";
      status.classList.remove("error");
      void (async () => {
        try {
          await openSession();
          await api<Message>("/api/visitor/messages", { method: "POST", auth: true, body: draft.body });
          sent(draft.key);
          void faqEvent({ type: "ticket_filed" });
          await showConversation();
        } catch (err) {
          status.textContent = sendError(err);
          status.classList.add("error");
        } finally {
          sending = false;
        }
      })();
    });
    focusView(text);
  }

  // ---- the conversation ----
  const seen = new Set<string>();
  /**
   * Where the next catch-up starts (`after=`): the last message of the server's latest page. A socket event
   * or a send's answer never moves it: support's reply committed while the socket was down, before the
   * visitor's own message, comes after the reply's cursor but before the message's, so starting from the
   * message would skip the reply for good.
   */
  let cursor: string | null = null;
  let list: HTMLOListElement | null = null;
  /** False while showConversation fills in the history, which is shown but not read out. */
  let announce = false;
  let socket: Socket | null = null;
  let poller: ReturnType<typeof setInterval> | undefined;

  // Support's newest reply in the list, and the last one Parley was told the visitor has seen.
  let lastReply: string | null = null;
  let saidRead: string | null = null;
  let readTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * Tells Parley the visitor has seen support's replies (their readAt: the agent's "Seen"), only while the
   * conversation is on screen; a reply that arrives with the panel closed or the tab hidden waits for it.
   * Once per batch: a history of replies rendered together is one request.
   */
  const sayRead = () => {
    clearTimeout(readTimer);
    readTimer = setTimeout(() => {
      const onScreen = !panel.hidden && !!list?.isConnected && document.visibilityState === "visible";
      if (!token || !lastReply || lastReply === saidRead || !onScreen) return;
      const upTo = lastReply;
      saidRead = upTo;
      void api<void>("/api/visitor/read", {
        method: "POST",
        auth: true,
        body: { upToMessageId: upTo },
      }).catch(() => {
        // Said again with the next reply or the next look.
        if (saidRead === upTo) saidRead = null;
      });
    }, READ_DELAY_MS);
  };
  document.addEventListener("visibilitychange", sayRead);

  const render = (m: Message) => {
    if (seen.has(m.id) || !list) return;
    seen.add(m.id);
    const mine = m.senderType !== "admin";
    list.append(
      h(
        "li",
        { class: mine ? "mine" : "theirs", "data-sender": mine ? "visitor" : "support" },
        h(
          "div",
          { class: "meta" },
          h("span", { class: "who" }, mine ? "You" : "Support"),
          timeOf(m.createdAt),
        ),
        h("p", {}, ...linkify(m.body)),
        ...(m.attachments ?? []).map(fileLink),
      ),
    );
    list.scrollTop = list.scrollHeight;
    if (!mine) {
      lastReply = m.id;
      sayRead();
    }
    if (announce && !mine && list.isConnected && !panel.hidden) {
      announcer.append(h("p", {}, `New message from support: ${m.body}`));
      // Earlier announcements were read already; a few stay so back-to-back replies are not cut off.
      while (announcer.childElementCount > 3) announcer.firstElementChild?.remove();
    }
  };

  /**
   * A file on a message (support's, or the visitor's own): a link that opens it in a new tab. A browser cannot send the visitor token with
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
      const q = cursor ? `?after=${cursor}` : "";
      const { items } = await api<{ items: Message[] }>(`/api/visitor/messages${q}`, { auth: true });
      items.forEach(render);
      const last = items[items.length - 1];
      if (last) cursor = last.id;
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
    cursor = null;
    announce = false;
    // Not a live region: filling in the history must not read it all out (new replies go to the announcer).
    list = h("ol", { class: "messages", "aria-label": "Conversation" });
    const form = h("form", { class: "reply" });
    const text = h("textarea", { name: "body", placeholder: "Write a message", required: "", rows: "2" });
    const status = h("p", { class: "status", role: "status" });
    const textField = field("Your message", text);
    const box = messageBox(text, form);
    textField.wrap.append(box.under);
    const files = withFiles(text, status, uploadFile);
    // The server's upload limit: a returning visitor opens here, never on the form that asks it too.
    void availability().catch(() => undefined);
    form.append(textField.wrap, ...files.parts, status);
    const faq = h("button", { class: "link", type: "button" }, "Search help articles");
    faq.addEventListener("click", showSearch);
    body.append(list, form, faq);
    focusView(text);
    let sending = false;
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (files.held()) return;
      const draft = files.draft();
      if (!draft || sending) return;
      sending = true;
      void api<Message>("/api/visitor/messages", { method: "POST", auth: true, body: draft.body })
        .then((m) => {
          sent(draft.key);
          text.value = "";
          box.count();
          files.picker.clear();
          status.textContent = "";
          status.classList.remove("error");
          render(m);
        })
        .catch((err: unknown) => {
          status.textContent = sendError(err);
          status.classList.add("error");
        })
        .finally(() => {
          sending = false;
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
