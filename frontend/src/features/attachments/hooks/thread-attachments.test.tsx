import type { ReactNode } from "react";
import { act, renderHook, waitFor } from "@testing-library/react";
import { QueryClientProvider } from "@tanstack/react-query";
import { http, HttpResponse } from "msw";
import type { Attachment, PostMessageBody } from "@parley/contract";
import { makeMessage } from "../../../../test/fixtures";
import { server } from "../../../../test/msw";
import { testQueryClient } from "../../../../test/render";
import { messagesHandler } from "../../../../test/handlers";
import { serverSends } from "../../../../test/fake-socket";

// The socket service is the one part replaced: the test plays the server's events.
vi.mock("../../../services/realtime/socket", async () =>
  (await import("../../../../test/fake-socket")).fakeSocketModule(),
);

const { useTicketThread } = await import("../../tickets/hooks/useTicketThread");

const screenshot: Attachment = {
  id: "c0000000-0000-4000-8000-000000000001",
  name: "screenshot.png",
  contentType: "image/png",
  size: 4096,
  url: "/api/attachments/c0000000-0000-4000-8000-000000000001",
  thumbnailUrl: "/api/attachments/c0000000-0000-4000-8000-000000000001/thumbnail",
};

function setup(side: "shop" | "admin") {
  const client = testQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  return renderHook(() => useTicketThread({ ticketId: "t1", side, me: { id: "me", name: "Me" } }), {
    wrapper,
  });
}

test("when message:created carries attachments, then the open thread shows them without a refetch", async () => {
  const existing = makeMessage({ ticketId: "t1" });
  let fetches = 0;
  server.events.on("request:start", ({ request }) => {
    if (request.method === "GET" && new URL(request.url).pathname === "/api/tickets/t1/messages") fetches++;
  });
  server.use(
    messagesHandler("t1", [existing]),
    http.post("/api/tickets/t1/read", () => new HttpResponse(null, { status: 204 })),
  );
  const { result } = setup("admin");
  await waitFor(() => expect(result.current.state).toBe("ready"));

  const pasted = makeMessage({ ticketId: "t1", body: "See the error", attachments: [screenshot] });
  serverSends("message:created", pasted);

  const shown = result.current.items.find((i) => i.id === pasted.id);
  expect(shown?.attachments).toEqual([screenshot]);
  expect(fetches).toBe(1);
});

test("when a reply is sent with uploads, then the POST names their ids and the sending copy shows them", async () => {
  server.use(messagesHandler("t1", []));
  let release!: () => void;
  let posted: PostMessageBody | undefined;
  server.use(
    http.post("/api/tickets/t1/messages", async ({ request }) => {
      posted = (await request.json()) as PostMessageBody;
      await new Promise<void>((r) => (release = r));
      return HttpResponse.json(
        makeMessage({
          ticketId: "t1",
          body: posted.body,
          clientMessageId: posted.clientMessageId ?? null,
          attachments: [screenshot],
        }),
        { status: 201 },
      );
    }),
  );
  const { result } = setup("shop");
  await waitFor(() => expect(result.current.state).toBe("ready"));

  act(() => result.current.send("Look", false, [screenshot]));
  await waitFor(() => expect(posted).toBeDefined());
  expect(posted!.attachmentIds).toEqual([screenshot.id]);
  const sending = result.current.items.at(-1)!;
  expect([sending.delivery, sending.attachments]).toEqual(["sending", [screenshot]]);

  release();
  await waitFor(() => expect(result.current.items.at(-1)!.delivery).toBe("sent"));
  expect(result.current.items.at(-1)!.attachments).toEqual([screenshot]);
});
