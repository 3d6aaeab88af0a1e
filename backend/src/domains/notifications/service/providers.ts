import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { Transporter } from "nodemailer";
import type { NotificationChannel, WebhookPayload } from "@parley/contract";
import {
  escapeHtml,
  isPrivateAddress,
  signWebhook,
  type RenderedAlert,
  type SendResult,
} from "../domain/notification";
import { lookupFoundNoSuchName } from "../domain/lookup-failure";
import { templateParameters } from "../domain/whatsapp-template";

import type { NotifyConfig } from "../../../config/env";

export type { NotifyConfig };

export function configuredChannels(c: NotifyConfig): Record<NotificationChannel, boolean> {
  return {
    telegram: c.telegram !== null,
    whatsapp: c.whatsapp !== null,
    email: c.email !== null,
    push: c.push !== null,
    webhook: true,
  };
}

/** A provider's answer as log text: never the request (which carries tokens), trimmed. */
const answer = (status: number | null, body: string) =>
  `${status === null ? "" : `HTTP ${status}: `}${body.slice(0, 500)}`;

/** Seconds or an HTTP date in Retry-After, as ms. */
function retryAfterHeader(v: string | null): number | undefined {
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** A provider's answer: status, body (the first 64 kB) and headers. */
type HttpAnswer = { status: number; text: string; header(name: string): string | null };

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/**
 * dns.lookup for webhook connections that fails when the name resolves to a private address. The check
 * before a send resolves the name once; this one judges the very address the socket connects to, so a
 * name that answers a public address to the check and a private one to the connection (DNS rebinding)
 * still cannot reach inside. An address literal is never looked up: the check before the send covers it.
 */
export function publicOnlyLookup(
  hostname: string,
  options: dns.LookupOptions,
  callback: LookupCallback,
): void {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    if (addresses.length === 0 || addresses.some((a) => isPrivateAddress(a.address))) {
      const refused: NodeJS.ErrnoException = new Error(`${hostname} resolves to a private address`);
      refused.code = PRIVATE_ADDRESS;
      return callback(refused, []);
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}
const PRIVATE_ADDRESS = "EPRIVATEADDRESS";

/** Kept-alive connections per provider host: a call reuses one rather than a TCP (and TLS) handshake. */
const agentOptions = { keepAlive: true, maxSockets: 32 };
const agents = {
  "http:": new http.Agent(agentOptions),
  "https:": new https.Agent(agentOptions),
};
/** Webhook targets are anyone's URLs: their connections resolve through publicOnlyLookup. */
const publicAgents = {
  "http:": new http.Agent({ ...agentOptions, lookup: publicOnlyLookup }),
  "https:": new https.Agent({ ...agentOptions, lookup: publicOnlyLookup }),
};
const ANSWER_MAX_BYTES = 64 * 1024;

/**
 * One request with a deadline for the whole exchange, on node:http rather than fetch: undici's fetch cost
 * about 0.25 ms of CPU per provider call, a tenth of a message post (docs/benchmarks.md). Redirects are not
 * followed (a provider that redirects is answered as its status says). Network failures and timeouts come
 * back as retryable results; it never throws.
 */
function request(
  url: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body: Buffer | string;
    timeoutMs: number;
    /** Only public addresses (webhooks): a private one is refused at connect time, not retried. */
    publicOnly?: boolean;
  },
): Promise<HttpAnswer | SendResult> {
  let timedOut = false;
  /** Answered or failed: a promise settles once, and the later `close` need not build a failure. */
  let settled = false;
  const failed = (err: Error): SendResult =>
    (err as NodeJS.ErrnoException).code === PRIVATE_ADDRESS
      ? { ok: false, retryable: false, statusCode: null, detail: `refused: ${err.message}` }
      : {
          ok: false,
          retryable: true,
          statusCode: null,
          detail: timedOut
            ? `no answer within ${init.timeoutMs} ms`
            : `unreachable: ${(err as { code?: string }).code ?? err.message}`,
        };
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return resolve({ ok: false, retryable: false, statusCode: null, detail: "not a URL" });
    }
    const protocol = target.protocol === "https:" || target.protocol === "http:" ? target.protocol : null;
    if (!protocol)
      return resolve({
        ok: false,
        retryable: false,
        statusCode: null,
        detail: `unsupported ${target.protocol}`,
      });
    const body = typeof init.body === "string" ? Buffer.from(init.body) : init.body;
    const req = (protocol === "https:" ? https : http).request(
      target,
      {
        method: init.method,
        headers: { ...init.headers, "Content-Length": String(body.length) },
        agent: (init.publicOnly ? publicAgents : agents)[protocol],
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          if (size < ANSWER_MAX_BYTES) chunks.push(c);
          size += c.length;
        });
        res.on("end", () => {
          clearTimeout(deadline);
          settled = true;
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString("utf8"),
            header: (name) => {
              const v = res.headers[name.toLowerCase()];
              return (Array.isArray(v) ? v[0] : v) ?? null;
            },
          });
        });
        res.on("error", (err) => {
          settled = true;
          resolve(failed(err));
        });
      },
    );
    // One timer for the whole exchange (connect, answer, body), cleared when it ends. An
    // AbortSignal.timeout per call cost an abort listener, and a DOMException when its timer fired ten
    // seconds after the call had ended: a tenth of the HTTP work of the background process.
    const deadline = setTimeout(() => {
      timedOut = true;
      req.destroy(new Error(`no answer within ${init.timeoutMs} ms`));
    }, init.timeoutMs);
    req.on("error", (err) => {
      clearTimeout(deadline);
      settled = true;
      resolve(failed(err));
    });
    // A response cut off mid-body may end with neither `end` nor an error: the call still settles. Every
    // call closes, so the failure (an Error and its stack) is built only for one that has not ended.
    req.on("close", () => {
      clearTimeout(deadline);
      if (!settled) resolve(failed(new Error("connection closed")));
    });
    req.end(body);
  });
}

/** POSTs JSON with a deadline. */
export const postJson = (
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  publicOnly = false,
) =>
  request(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body,
    timeoutMs,
    publicOnly,
  });

const isResult = (r: unknown): r is SendResult => typeof r === "object" && r !== null && "ok" in r;

/** Common HTTP status handling: 2xx ok, 429/5xx/408 retried (honouring Retry-After), other 4xx final. */
function byStatus(r: HttpAnswer, retryAfterMs?: number): SendResult {
  if (r.status >= 200 && r.status < 300)
    return { ok: true, statusCode: r.status, detail: answer(r.status, r.text) };
  const retryable = r.status === 429 || r.status === 408 || r.status >= 500;
  // A refused token will not get better by retrying: say so plainly in the log (the token itself never is).
  const credentials =
    r.status === 401 || r.status === 403 ? "the provider refused our credentials (check the token): " : "";
  return {
    ok: false,
    retryable,
    statusCode: r.status,
    detail: credentials + answer(r.status, r.text),
    retryAfterMs: retryAfterMs ?? retryAfterHeader(r.header("retry-after")),
    gone: r.status === 404 || r.status === 410,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export async function sendTelegram(
  c: NonNullable<NotifyConfig["telegram"]>,
  alert: RenderedAlert,
  timeoutMs: number,
): Promise<SendResult> {
  const url = `${c.apiUrl.replace(/\/+$/, "")}/bot${c.token}/sendMessage`;
  const body = JSON.stringify({ chat_id: c.chatId, text: alert.text, disable_web_page_preview: true });
  const r = await postJson(url, body, {}, timeoutMs);
  if (isResult(r)) return r;
  const json = parseJson(r.text) as
    { ok?: unknown; parameters?: { retry_after?: unknown }; description?: unknown } | undefined;
  if (r.status === 200 && json?.ok === true) {
    // The Bot API's id of the message sent: the log names the message that carried each alert of a digest.
    const id = (json as { result?: { message_id?: unknown } }).result?.message_id;
    return { ok: true, statusCode: 200, detail: typeof id === "number" ? `message ${id}` : "ok" };
  }
  if (r.status === 200) {
    // A 200 that is not the Bot API's {ok: true}: we cannot know it was delivered; try again.
    return {
      ok: false,
      retryable: true,
      statusCode: 200,
      detail: `malformed answer: ${answer(200, r.text)}`,
    };
  }
  const ra =
    typeof json?.parameters?.retry_after === "number" ? json.parameters.retry_after * 1000 : undefined;
  return byStatus(r, ra);
}

/** Meta's error for free text sent outside the customer service window ("Re-engagement message"). */
const OUTSIDE_CUSTOMER_SERVICE_WINDOW = 131047;

/** The Cloud API's `error.code` in an error answer, if it has one. */
function whatsAppErrorCode(text: string): number | undefined {
  const code = (parseJson(text) as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === "number" ? code : undefined;
}

export async function sendWhatsApp(
  c: NonNullable<NotifyConfig["whatsapp"]>,
  alert: RenderedAlert,
  timeoutMs: number,
): Promise<SendResult> {
  const url = `${c.apiUrl.replace(/\/+$/, "")}/${c.phoneId}/messages`;
  const body = JSON.stringify({
    messaging_product: "whatsapp",
    to: c.to,
    ...(c.template
      ? {
          type: "template",
          template: {
            name: c.template.name,
            language: { code: c.template.language },
            components: [
              {
                type: "body",
                parameters: templateParameters(alert).map((text) => ({ type: "text", text })),
              },
            ],
          },
        }
      : { type: "text", text: { preview_url: true, body: alert.text } }),
  });
  const r = await postJson(url, body, { Authorization: `Bearer ${c.token}` }, timeoutMs);
  if (isResult(r)) return r;
  if (!c.template && whatsAppErrorCode(r.text) === OUTSIDE_CUSTOMER_SERVICE_WINDOW) {
    // Free text outside the 24 hours after the number last wrote: only a template gets through, now or later.
    const result = byStatus(r);
    return {
      ...result,
      detail: `WhatsApp delivers free text only within 24 hours of the number's last message; set WHATSAPP_TEMPLATE to send alerts as an approved template: ${result.detail}`,
    };
  }
  if (r.status >= 200 && r.status < 300) {
    const json = parseJson(r.text) as { messages?: Array<{ id?: unknown }> } | undefined;
    const id = json?.messages?.[0]?.id;
    if (typeof id === "string") return { ok: true, statusCode: r.status, detail: `message ${id}` };
    return {
      ok: false,
      retryable: true,
      statusCode: r.status,
      detail: `malformed answer: ${answer(r.status, r.text)}`,
    };
  }
  return byStatus(r);
}

/**
 * The host's addresses, from dns.lookup (the system's resolver, as the connection itself asks it), read from
 * the module at call time: the check and the connection consult one resolver.
 */
function lookupAll(host: string): Promise<dns.LookupAddress[]> {
  return new Promise((resolve, reject) =>
    dns.lookup(host, { all: true, verbatim: true }, (err, addresses) =>
      err ? reject(err) : resolve(addresses),
    ),
  );
}

/** What the address check makes of a URL: fine, refused for good, or its host name did not resolve now. */
type TargetCheck = { refused: string } | { unresolved: string } | null;

async function checkTarget(url: string, allowPrivate: boolean): Promise<TargetCheck> {
  if (allowPrivate) return null;
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  } catch {
    return { refused: "not a URL" };
  }
  let addresses: dns.LookupAddress[];
  try {
    addresses = await lookupAll(host);
  } catch (err) {
    return { unresolved: (err as NodeJS.ErrnoException).code ?? "lookup failed" };
  }
  if (addresses.length === 0 || addresses.some((a) => isPrivateAddress(a.address))) {
    return { refused: "the host is a private, loopback or link-local address" };
  }
  return null;
}

/**
 * The address check when a URL is registered: fine (null); `refused` when the client must change it (its
 * host is or resolves to a private address, or the resolver says the name does not exist); `resolverDown`
 * with the resolver's code when no answer came (EAI_AGAIN, SERVFAIL, a timeout), which is no fault of the
 * URL's. Private targets allowed: no check.
 */
export async function webhookTargetProblem(
  url: string,
  allowPrivate: boolean,
): Promise<{ refused: string } | { resolverDown: string } | null> {
  const check = await checkTarget(url, allowPrivate);
  if (!check) return null;
  if ("refused" in check) return check;
  return lookupFoundNoSuchName(check.unresolved)
    ? { refused: "the host does not resolve" }
    : { resolverDown: check.unresolved };
}

/**
 * The address check before a call to a user's URL (a webhook, a push endpoint), as the call's result when
 * it stops the call. A private address is refused for good. A host name that does not resolve is retried
 * with the usual backoff until NOTIFY_MAX_ATTEMPTS, whatever the resolver said: EAI_AGAIN, a timeout or
 * SERVFAIL are temporary by definition, and even NXDOMAIN (ENOTFOUND) is, often enough, a DNS outage or a
 * record being moved (some resolvers answer NXDOMAIN when they cannot reach the authoritative servers). A
 * typo is caught when the URL is registered (it must resolve then), so a name that stops resolving later
 * was real; dropping its events on one bad answer would lose them, which our rule forbids. Stripe does the
 * same: any failed delivery is retried on its schedule (up to three days) before it gives up (GitHub retries
 * nothing by itself, so offers no reason to give up sooner).
 */
async function targetRefusal(url: string, allowPrivate: boolean): Promise<SendResult | null> {
  const check = await checkTarget(url, allowPrivate);
  if (!check) return null;
  if ("refused" in check)
    return { ok: false, retryable: false, statusCode: null, detail: `refused: ${check.refused}` };
  return {
    ok: false,
    retryable: true,
    statusCode: null,
    detail: `unreachable: the host name did not resolve (${check.unresolved})`,
  };
}

export async function sendWebhook(
  hook: { url: string; secret: string },
  payload: WebhookPayload,
  deliveryId: string,
  opts: { timeoutMs: number; allowPrivate: boolean },
): Promise<SendResult> {
  // Checked again at send time: a name may resolve differently now than when the webhook was created.
  const refusal = await targetRefusal(hook.url, opts.allowPrivate);
  if (refusal) return refusal;
  const raw = JSON.stringify(payload);
  const r = await postJson(
    hook.url,
    raw,
    {
      "User-Agent": "Parley-Webhooks/1",
      "X-Parley-Signature": signWebhook(hook.secret, raw, Math.floor(Date.now() / 1000)),
      "X-Parley-Event": payload.type,
      "X-Parley-Delivery": deliveryId,
    },
    opts.timeoutMs,
    !opts.allowPrivate,
  );
  return isResult(r) ? r : statusOnlyWhenSent(byStatus(r));
}

/**
 * A user-given URL's answer to a successful call is not logged: what a server answers is its business, and
 * the delivery log must not become a way to read it. Failures keep their answer (the admin needs the reason).
 */
function statusOnlyWhenSent(r: SendResult): SendResult {
  return r.ok ? { ...r, detail: `HTTP ${r.statusCode}` } : r;
}

/** nodemailer and web-push are loaded on first use: a desk without email or push never loads them. */
export async function createMailer(
  c: NonNullable<NotifyConfig["email"]>,
  timeoutMs: number,
): Promise<Transporter> {
  const nodemailer = (await import("nodemailer")).default;
  // Pooled: up to 5 SMTP connections reused for up to 100 messages each, instead of a connection, greeting
  // and EHLO per alert (the worker sends up to 32 at once).
  return nodemailer.createTransport(c.smtpUrl, {
    pool: true,
    maxConnections: 5,
    maxMessages: 100,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  } as never);
}

/**
 * One email to one address, or the same email to several (a shared admin email, see `shareAdminEmail`): one
 * SMTP transaction with an envelope recipient each. Addresses the server refuses while it takes the others
 * come back in `refused`, each with its SMTP answer.
 */
export async function sendEmail(
  mailer: Transporter,
  c: NonNullable<NotifyConfig["email"]>,
  to: string | string[],
  alert: RenderedAlert,
  unsubscribeUrl: string,
): Promise<SendResult> {
  const one = (a: RenderedAlert) =>
    `<p><strong>${escapeHtml(a.title)}</strong></p>` +
    (a.preview ? `<blockquote>${escapeHtml(a.preview)}</blockquote>` : "") +
    `<p><a href="${escapeHtml(a.link)}">Open the ticket in Parley</a> to reply.</p>`;
  const html =
    (alert.items ? `<h3>${escapeHtml(alert.title)}</h3>${alert.items.map(one).join("<hr>")}` : one(alert)) +
    (alert.more
      ? `<hr><p>…and ${alert.more} more. <a href="${escapeHtml(alert.link)}">Open the queue in Parley</a>.</p>`
      : "") +
    `<p style="color:#666;font-size:12px"><a href="${escapeHtml(unsubscribeUrl)}">Notification settings</a></p>`;
  try {
    const info = (await mailer.sendMail({
      from: c.from,
      to,
      subject: alert.title,
      text: alert.items
        ? `${alert.text}\n\nNotification settings: ${unsubscribeUrl}\n`
        : `${alert.text}\n\nReply in Parley: ${alert.link}\nNotification settings: ${unsubscribeUrl}\n`,
      html,
      headers: { "List-Unsubscribe": `<${unsubscribeUrl}>` },
    })) as { response?: string; messageId?: string; rejectedErrors?: SmtpError[] };
    const refused = Object.fromEntries(
      (info.rejectedErrors ?? []).map((e) => [String(e.recipient ?? ""), smtpFailure(e)]),
    );
    return {
      ok: true,
      statusCode: null,
      detail: String(info.response ?? info.messageId ?? "accepted"),
      ...(Object.keys(refused).length ? { refused } : {}),
    };
  } catch (err) {
    return smtpFailure(err as SmtpError);
  }
}

type SmtpError = { responseCode?: number; message?: string; code?: string; recipient?: string };

function smtpFailure(e: SmtpError): Extract<SendResult, { ok: false }> {
  const code = e.responseCode ?? null;
  // 5xx SMTP replies are permanent (bad address, refused); 4xx and connection trouble are retried.
  const permanent = code !== null && code >= 500;
  return {
    ok: false,
    retryable: !permanent,
    statusCode: code,
    detail: `${e.code ?? "SMTP"}: ${(e.message ?? "").slice(0, 500)}`,
  };
}

/**
 * VAPID `Authorization` headers per push service (audience) and key, reused until an hour before their JWT
 * expires: signing one (ECDSA P-256) per alert was 4% of the server's CPU while alerts were being sent
 * (docs/benchmarks.md). The JWT names only the push service's origin, the subject and the expiry, so one
 * serves every subscription at that service. A handful of push services exist; the map is capped anyway.
 */
const VAPID_TTL_S = 12 * 3600;
const VAPID_REUSE_MS = 11 * 3600 * 1000;
const vapidCache = new Map<string, { headers: Record<string, string>; until: number }>();

function vapidHeaders(
  webpush: typeof import("web-push"),
  c: NonNullable<NotifyConfig["push"]>,
  endpoint: string,
): Record<string, string> {
  const audience = new URL(endpoint).origin;
  const key = `${c.publicKey} ${c.subject} ${audience}`;
  const now = Date.now();
  const hit = vapidCache.get(key);
  if (hit && hit.until > now) return hit.headers;
  const headers = webpush.getVapidHeaders(
    audience,
    c.subject,
    c.publicKey,
    c.privateKey,
    "aes128gcm",
    Math.floor(now / 1000) + VAPID_TTL_S,
  ) as unknown as Record<string, string>;
  if (vapidCache.size >= 100) vapidCache.clear();
  vapidCache.set(key, { headers, until: now + VAPID_REUSE_MS });
  return headers;
}

export async function sendPush(
  c: NonNullable<NotifyConfig["push"]>,
  sub: { endpoint: string; p256dh: string; auth: string },
  alert: RenderedAlert,
  opts: { timeoutMs: number; allowPrivate: boolean },
): Promise<SendResult> {
  // A push endpoint is a URL a user gave, like a webhook's: the same address rules (docs/notifications.md).
  const refusal = await targetRefusal(sub.endpoint, opts.allowPrivate);
  if (refusal) return refusal;
  const webpush = (await import("web-push")).default;
  let details: ReturnType<typeof webpush.generateRequestDetails>;
  try {
    details = webpush.generateRequestDetails(
      { endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
      JSON.stringify({ title: alert.title, body: alert.preview, url: alert.link }),
      { headers: vapidHeaders(webpush, c, sub.endpoint), TTL: 3600, contentEncoding: "aes128gcm" },
    );
  } catch (err) {
    return {
      ok: false,
      retryable: false,
      statusCode: null,
      detail: `bad subscription: ${(err as Error).message}`,
    };
  }
  const r = await request(details.endpoint, {
    method: details.method,
    headers: details.headers,
    body: details.body ? Buffer.from(details.body) : Buffer.alloc(0),
    timeoutMs: opts.timeoutMs,
    publicOnly: !opts.allowPrivate,
  });
  return isResult(r) ? r : statusOnlyWhenSent(byStatus(r));
}
