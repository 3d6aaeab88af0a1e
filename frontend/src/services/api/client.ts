/**
 * The one HTTP client: base URL, bearer token, error normalisation, and the parsing of every answer with
 * the contract's schema (`request(schema, path, ...)`), so a response that drifts from @parley/contract
 * fails loudly here instead of somewhere in a component. Feature APIs (features/<name>/api) call it.
 */
import { errorBodySchema, type ErrorDetail } from "@parley/contract";
import type { z } from "zod";

const TOKEN_KEY = "parley.token";

let token: string | null = typeof localStorage === "undefined" ? null : localStorage.getItem(TOKEN_KEY);
const unauthorizedListeners = new Set<(serverMessage?: string) => void>();

export function getToken(): string | null {
  return token;
}

/**
 * `persist: false` keeps the token in this page's memory only: an embedded frame (/embed/*) holds the
 * host's token that way, so it never reaches storage, the URL or a log.
 */
export function setToken(next: string | null, opts: { persist?: boolean } = {}): void {
  token = next;
  if (opts.persist === false || typeof localStorage === "undefined") return;
  if (next) localStorage.setItem(TOKEN_KEY, next);
  else localStorage.removeItem(TOKEN_KEY);
}

/**
 * Called when the server answers 401 to a request that carried a token (expired, server restarted, the
 * account deactivated), with the server's message.
 */
export function onUnauthorized(listener: (serverMessage?: string) => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** A failed request, normalised from the contract's error body (or from a network failure: status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly requestId?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type Query = Record<string, string | number | boolean | undefined | null | readonly string[]>;

type ApiRequest = {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
};

function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(","));
    } else params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * How long a read may go unanswered. The server answers or gives up well within it (its database waits
 * are a few seconds, then 503): past it the connection or a proxy has stalled, and the page would show its
 * skeleton for ever (TanStack Query never asks again while a fetch is pending). Writes are not cut: an
 * unanswered write may still land, and the forms say "Sending…" until they know.
 */
export const READ_TIMEOUT_MS = 30_000;

/**
 * Whether TanStack Query asks again after a failed read: up to twice, but never for a refusal (4xx: asking
 * again is refused again) nor a read that went unanswered for READ_TIMEOUT_MS (two more would keep the
 * skeleton up for a minute and a half; the reader gets "Try again" at once).
 */
export function shouldRetryRead(failures: number, err: unknown): boolean {
  if (err instanceof ApiError && (err.code === "TIMEOUT" || (err.status >= 400 && err.status < 500))) {
    return false;
  }
  return failures < 2;
}

/**
 * What a failed answer without the contract's error body says. Such an answer comes from something in
 * front of Parley (a proxy or load balancer page while the server restarts or is down), and its status
 * alone means nothing to a reader; a 503 from Parley itself carries the contract's body and its sentence.
 */
export function messageWithoutErrorBody(status: number): string {
  if (status === 502 || status === 503 || status === 504) {
    return "Parley's server is not reachable right now. Try again in a moment.";
  }
  return `The server answered ${status}.`;
}

async function send(path: string, req: ApiRequest): Promise<{ status: number; data: unknown }> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (req.body !== undefined) headers["Content-Type"] = "application/json";
  const sentToken = token;
  if (sentToken) headers.Authorization = `Bearer ${sentToken}`;

  const method = req.method ?? "GET";
  // The caller's signal (a query cancelled) still aborts; the timer only ever cuts a read.
  const controller = new AbortController();
  const cancel = () => controller.abort(req.signal?.reason);
  if (req.signal?.aborted) cancel();
  req.signal?.addEventListener("abort", cancel);
  let timedOut = false;
  const timer =
    method === "GET"
      ? setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, READ_TIMEOUT_MS)
      : undefined;
  let res: Response;
  let text: string;
  try {
    res = await fetch(buildUrl(path, req.query), {
      method,
      headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: controller.signal,
    });
    text = res.status === 204 ? "" : await res.text();
  } catch (err) {
    if (timedOut) {
      throw new ApiError(0, "TIMEOUT", "The server is taking too long to answer. Try again in a moment.");
    }
    if ((err as Error).name === "AbortError") throw err;
    throw new ApiError(0, "NETWORK", "Cannot reach the server. Check your connection.");
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener("abort", cancel);
  }

  if (res.status === 204) return { status: 204, data: undefined };
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (a proxy error page, say): fall through to a generic error below
  }
  if (res.ok) return { status: res.status, data };

  const body = errorBodySchema.safeParse(data);
  const error = body.success ? body.data.error : undefined;
  if (res.status === 401 && sentToken) unauthorizedListeners.forEach((l) => l(error?.message));
  throw new ApiError(
    res.status,
    error?.code ?? `HTTP_${res.status}`,
    error?.message ?? messageWithoutErrorBody(res.status),
    error?.details ?? [],
    error?.requestId,
  );
}

/** A request whose answer is parsed with `schema`; an answer that does not fit is an ApiError. */
export async function request<S extends z.ZodType>(
  schema: S,
  path: string,
  req: ApiRequest = {},
): Promise<z.output<S>> {
  const { status, data } = await send(path, req);
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  throw new ApiError(
    status,
    "BAD_RESPONSE",
    "The server's answer did not have the expected shape.",
    parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
  );
}

/** A request answered with 204 No Content (or whose body the caller does not need). */
export async function requestNoContent(path: string, req: ApiRequest = {}): Promise<void> {
  await send(path, req);
}
