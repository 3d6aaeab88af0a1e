import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { DEFAULT_NOTIFICATION_PREFERENCES } from "@parley/contract";
import { recordRequests, server } from "../../../../test/msw";
import { renderWithClient } from "../../../../test/render";
import NotificationSettings from "./NotificationSettings";
import { SERVICE_WORKER_URL, vapidKeyBytes } from "../hooks/usePushSubscription";

/** A VAPID public key as the server hands it out: 65 bytes, base64url. */
const KEY_BYTES = Uint8Array.from({ length: 65 }, (_, i) => (i * 37 + 4) % 256);
const KEY = btoa(String.fromCharCode(...KEY_BYTES))
  .replace(/\+/g, "-")
  .replace(/\//g, "_")
  .replace(/=+$/, "");
const ENDPOINT = "https://push.example.test/send/abc123";

/**
 * The browser's side of web push, which jsdom lacks: a service worker container, a PushManager and the
 * Notification permission. Only the browser is faked; our code and the HTTP calls (msw) run for real.
 */
function fakePushBrowser(
  opts: { answer?: NotificationPermission; permission?: NotificationPermission; subscribeFails?: Error } = {},
) {
  let subscription: null | {
    endpoint: string;
    toJSON(): unknown;
    unsubscribe: () => Promise<boolean>;
  } = null;
  const unsubscribe = vi.fn(() => {
    subscription = null;
    return Promise.resolve(true);
  });
  const subscribe = vi.fn((_o: PushSubscriptionOptionsInit) => {
    if (opts.subscribeFails) return Promise.reject(opts.subscribeFails);
    subscription = {
      endpoint: ENDPOINT,
      toJSON: () => ({ endpoint: ENDPOINT, expirationTime: null, keys: { p256dh: "BPk3y", auth: "aXk2" } }),
      unsubscribe,
    };
    return Promise.resolve(subscription);
  });
  const registration = { pushManager: { getSubscription: () => Promise.resolve(subscription), subscribe } };
  let registered = false;
  const register = vi.fn((_url: string) => {
    registered = true;
    return Promise.resolve(registration);
  });
  Object.defineProperty(navigator, "serviceWorker", {
    configurable: true,
    value: {
      register,
      getRegistration: () => Promise.resolve(registered ? registration : undefined),
      get ready() {
        return Promise.resolve(registration);
      },
    },
  });
  vi.stubGlobal("PushManager", function PushManager() {});
  const requestPermission = vi.fn(() => Promise.resolve(opts.answer ?? "granted"));
  vi.stubGlobal("Notification", { permission: opts.permission ?? "default", requestPermission });
  return { register, subscribe, unsubscribe, requestPermission };
}

function serverWith(publicKey: string | null) {
  server.use(
    http.get("/api/notifications/vapid-public-key", () => HttpResponse.json({ publicKey })),
    http.get("/api/me/notification-preferences", () => HttpResponse.json(DEFAULT_NOTIFICATION_PREFERENCES)),
    http.post("/api/me/push-subscriptions", async ({ request }) => {
      const body = (await request.json()) as { endpoint: string };
      return HttpResponse.json({ endpoint: body.endpoint }, { status: 201 });
    }),
    http.delete("/api/me/push-subscriptions", () => new HttpResponse(null, { status: 204 })),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  Reflect.deleteProperty(navigator, "serviceWorker");
});

test("when the user turns push on, then permission is asked, the browser subscribes with the server's VAPID key and the subscription is registered; turning it off unregisters it", async () => {
  const browser = fakePushBrowser();
  serverWith(KEY);
  const sent = recordRequests();
  renderWithClient(<NotificationSettings role="shop" />);

  await userEvent.click(await screen.findByRole("button", { name: "Turn on push notifications" }));
  expect(await screen.findByText("Push notifications are on for this browser.")).toBeInTheDocument();
  expect(browser.requestPermission).toHaveBeenCalledTimes(1);
  expect(browser.register).toHaveBeenCalledWith(SERVICE_WORKER_URL);
  expect(browser.subscribe).toHaveBeenCalledTimes(1);
  const options = browser.subscribe.mock.calls[0]![0];
  expect(options.userVisibleOnly).toBe(true);
  expect(Array.from(options.applicationServerKey as Uint8Array)).toEqual(Array.from(KEY_BYTES));
  await waitFor(() =>
    expect(sent.find((r) => r.method === "POST" && r.path === "/api/me/push-subscriptions")?.body).toEqual({
      endpoint: ENDPOINT,
      expirationTime: null,
      keys: { p256dh: "BPk3y", auth: "aXk2" },
    }),
  );

  await userEvent.click(screen.getByRole("button", { name: "Turn off push notifications" }));
  expect(await screen.findByRole("button", { name: "Turn on push notifications" })).toBeInTheDocument();
  await waitFor(() =>
    expect(sent.find((r) => r.method === "DELETE" && r.path === "/api/me/push-subscriptions")?.body).toEqual({
      endpoint: ENDPOINT,
    }),
  );
  expect(browser.unsubscribe).toHaveBeenCalledTimes(1);
});

test("when the browser has no PushManager, then it says so and offers no push button", async () => {
  serverWith(KEY);
  vi.stubGlobal("Notification", { permission: "default", requestPermission: vi.fn() });
  renderWithClient(<NotificationSettings role="admin" />);
  expect(await screen.findByText(/This browser cannot receive push notifications/)).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Turn on push notifications" })).not.toBeInTheDocument();
});

test("when the server has no VAPID keys, then it says push is not set up and subscribes nothing", async () => {
  const browser = fakePushBrowser();
  serverWith(null);
  renderWithClient(<NotificationSettings role="admin" />);
  expect(await screen.findByText(/Push notifications are not set up on this server/)).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Turn on push notifications" })).not.toBeInTheDocument();
  expect(browser.subscribe).not.toHaveBeenCalled();
});

test("when the user refuses the permission, then nothing is subscribed or sent and the page says notifications are blocked", async () => {
  const browser = fakePushBrowser({ answer: "denied" });
  serverWith(KEY);
  const sent = recordRequests();
  renderWithClient(<NotificationSettings role="shop" />);
  await userEvent.click(await screen.findByRole("button", { name: "Turn on push notifications" }));
  expect(await screen.findByText(/This browser blocks notifications from Parley/)).toBeInTheDocument();
  expect(browser.subscribe).not.toHaveBeenCalled();
  expect(sent.some((r) => r.path === "/api/me/push-subscriptions")).toBe(false);
});

test("when the browser cannot subscribe (a private window, no push service), then the page says why in plain words and registers nothing", async () => {
  // What Chromium answers in an off-the-record profile (seen in e2e/scenarios/45-browser-push.mjs).
  const refused = new DOMException("Registration failed - permission denied", "AbortError");
  const browser = fakePushBrowser({ subscribeFails: refused });
  serverWith(KEY);
  const sent = recordRequests();
  renderWithClient(<NotificationSettings role="admin" />);
  await userEvent.click(await screen.findByRole("button", { name: "Turn on push notifications" }));
  const alert = await screen.findByRole("alert");
  expect(alert).toHaveTextContent(
    "This browser could not subscribe to push notifications (Registration failed - permission denied). Private windows cannot receive push",
  );
  expect(browser.subscribe).toHaveBeenCalledTimes(1);
  expect(sent.some((r) => r.path === "/api/me/push-subscriptions")).toBe(false);
  expect(screen.getByRole("button", { name: "Turn on push notifications" })).toBeEnabled();
});

test("a base64url VAPID key decodes to its bytes", () => {
  expect(Array.from(vapidKeyBytes(KEY))).toEqual(Array.from(KEY_BYTES));
});
