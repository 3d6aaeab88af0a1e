/**
 * The collision hook against the thread's cache directly: a draft that begins before the thread has loaded
 * (a draft restored from storage as the ticket opens) takes the first load as what it began from.
 */
import type { ReactNode } from "react";
import { act, renderHook } from "@testing-library/react";
import { QueryClientProvider } from "@tanstack/react-query";
import { makeMessage } from "../../../../test/fixtures";
import { testQueryClient } from "../../../../test/render";
import { threadKey, type ThreadData } from "../api/thread-cache";

vi.mock("../../../services/realtime/socket", async () =>
  (await import("../../../../test/fake-socket")).fakeSocketModule(),
);

const { useReplyCollision } = await import("./useReplyCollision");

const sams = (body: string, createdAt: string) =>
  makeMessage({
    ticketId: "t1",
    senderType: "admin",
    senderId: "admin-sam",
    senderName: "Sam",
    body,
    createdAt,
  });

afterEach(() => vi.useRealTimers());

test("when my draft began before the thread had loaded, then the replies it loads with do not warn, and a later one does, whatever this browser's clock says", () => {
  const client = testQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  const useCollision = () => useReplyCollision({ ticketId: "t1", meId: "admin-me", enabled: true });
  const { result } = renderHook(useCollision, { wrapper });
  const serverNow = Date.now();
  const at = (ms: number) => new Date(serverNow + ms).toISOString();
  const history = [
    makeMessage({ ticketId: "t1", createdAt: at(-120_000) }),
    sams("Looking into it", at(-60_000)),
  ];
  const load = (messages: ThreadData["messages"]) =>
    act(() => {
      client.setQueryData<ThreadData>(threadKey("t1"), { messages, cursor: null });
    });

  act(() => result.current.onReplyDraft("Draft"));
  load(history);
  expect(result.current.armed).toBe(false);

  // This browser's clock now runs five minutes ahead of the server's.
  vi.setSystemTime(serverNow + 5 * 60_000);
  load([...history, sams("Refund sent", at(1_000))]);
  expect(result.current.armed).toBe(true);
  expect(result.current.replies).toEqual([expect.objectContaining({ name: "Sam" })]);
});
