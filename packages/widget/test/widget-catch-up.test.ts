/**
 * The widget's catch-up (GET /api/visitor/messages?after=) starts from the last message of the server's
 * latest page, never from a socket event or a send's answer (an audit, session 39: a reply written while
 * the socket was down, before the visitor's own message, was skipped for good).
 */
import { expect, test, vi } from "vitest";
import { http, HttpResponse } from "msw";
import { server } from "./msw";
import { api, mountWidget, ORIGIN } from "./mount-widget";

// The socket is down until the test says it connects.
const socketHandlers = new Map<string, () => void>();
vi.mock("socket.io-client", () => ({
  io: () => ({
    on: (event: string, handler: () => void) => void socketHandlers.set(event, handler),
    disconnect: () => undefined,
  }),
}));

const message = (n: number, senderType: "shop" | "admin", body: string) => ({
  id: `7${n}000000-0000-4000-8000-000000000001`,
  ticketId: "70000000-0000-4000-8000-000000000001",
  senderType,
  senderId: senderType === "admin" ? "admin-1" : "visitor-1",
  senderName: null,
  body,
  internal: false,
  attachments: [],
  clientMessageId: null,
  createdAt: `2026-12-06T10:00:0${n}.000Z`,
  readAt: null,
});

/** The conversation as Parley stores it: `after=` answers what was stored after that message, in order. */
function conversation() {
  localStorage.setItem(`parley-visitor:${ORIGIN}`, "vt-1");
  const stored = [message(1, "shop", "Do you ship to Oslo?")];
  server.use(
    http.get(api("/api/visitor/messages"), ({ request }) => {
      const after = new URL(request.url).searchParams.get("after");
      return HttpResponse.json({ items: stored.slice(stored.findIndex((m) => m.id === after) + 1) });
    }),
    http.post(api("/api/visitor/messages"), async ({ request }) => {
      const sent = message(3, "shop", ((await request.json()) as { body: string }).body);
      stored.push(sent);
      return HttpResponse.json(sent, { status: 201 });
    }),
    http.post(api("/api/visitor/read"), () => new HttpResponse(null, { status: 204 })),
  );
  return stored;
}

test("when support replies while the socket is down and the visitor then writes, then the reply still shows once the socket is back", async () => {
  const stored = conversation();
  const widget = await mountWidget();
  widget.root.querySelector<HTMLButtonElement>("button[aria-expanded]")!.click();
  const shown = () => Array.from(widget.root.querySelectorAll("li[data-sender] p")).map((p) => p.textContent);
  await vi.waitFor(() => expect(shown()).toEqual(["Do you ship to Oslo?"]));

  stored.push(message(2, "admin", "Yes, in three days."));
  const text = widget.root.querySelector<HTMLTextAreaElement>("textarea[name=body]")!;
  text.value = "Thanks!";
  text.dispatchEvent(new Event("input"));
  widget.root.querySelector<HTMLFormElement>("form.reply")!.requestSubmit();
  await vi.waitFor(() => expect(shown()).toContain("Thanks!"));

  socketHandlers.get("connect")!();
  await vi.waitFor(() => expect(shown()).toContain("Yes, in three days."));
  expect(shown()).toHaveLength(3);
});
