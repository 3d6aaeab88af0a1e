/**
 * The visitor's side of read receipts: support's replies are said seen (POST /api/visitor/read) only while
 * the conversation is on screen, once per batch, up to the newest reply shown.
 */
import { afterEach, expect, test, vi } from "vitest";
import { http, HttpResponse } from "msw";
import { server } from "./msw";
import { api, mountWidget, ORIGIN } from "./mount-widget";

// The socket stays quiet here: replies come from GET /api/visitor/messages, as after a reconnect.
vi.mock("socket.io-client", () => ({ io: () => ({ on: () => undefined, disconnect: () => undefined }) }));

const message = (id: string, senderType: "shop" | "admin", body: string) => ({
  id,
  ticketId: "70000000-0000-4000-8000-000000000001",
  senderType,
  senderId: senderType === "admin" ? "admin-1" : "visitor-1",
  senderName: null,
  body,
  internal: false,
  attachments: [],
  clientMessageId: null,
  createdAt: "2026-12-06T10:00:00.000Z",
  readAt: null,
});
const REPLY_1 = "71000000-0000-4000-8000-000000000001";
const REPLY_2 = "71000000-0000-4000-8000-000000000002";

function conversation() {
  localStorage.setItem(`parley-visitor:${ORIGIN}`, "vt-1");
  const said: unknown[] = [];
  server.use(
    http.get(api("/api/visitor/messages"), () =>
      HttpResponse.json({
        items: [
          message("72000000-0000-4000-8000-000000000001", "shop", "Do you ship to Oslo?"),
          message(REPLY_1, "admin", "Yes."),
          message(REPLY_2, "admin", "In three days."),
        ],
      }),
    ),
    http.post(api("/api/visitor/read"), async ({ request }) => {
      said.push({ auth: request.headers.get("authorization"), body: await request.json() });
      return new HttpResponse(null, { status: 204 });
    }),
  );
  return said;
}

let visibility: DocumentVisibilityState = "visible";
vi.spyOn(document, "visibilityState", "get").mockImplementation(() => visibility);
afterEach(() => {
  visibility = "visible";
});

test("when a returning visitor opens the conversation, then support's replies are said seen once, up to the newest", async () => {
  const said = conversation();
  const widget = await mountWidget();
  widget.root.querySelector<HTMLButtonElement>("button[aria-expanded]")!.click();

  await vi.waitFor(() => expect(said).toHaveLength(1));
  expect(said[0]).toEqual({ auth: "Bearer vt-1", body: { upToMessageId: REPLY_2 } });
  await new Promise((resolve) => setTimeout(resolve, 800));
  expect(said).toHaveLength(1);
});

test("when the tab is hidden as the conversation opens, then nothing is said until the visitor comes back to it", async () => {
  const said = conversation();
  visibility = "hidden";
  const widget = await mountWidget();
  widget.root.querySelector<HTMLButtonElement>("button[aria-expanded]")!.click();
  await vi.waitFor(() => expect(widget.root.querySelectorAll("li[data-sender=support]")).toHaveLength(2));
  await new Promise((resolve) => setTimeout(resolve, 800));
  expect(said).toEqual([]);

  visibility = "visible";
  document.dispatchEvent(new Event("visibilitychange"));
  await vi.waitFor(() => expect(said).toEqual([{ auth: "Bearer vt-1", body: { upToMessageId: REPLY_2 } }]));
});
