import { mergeMessages, type Message } from "@parley/contract";
import { applyReadReceipt, catchUpFrom, fetchThread, threadKey, type ThreadData } from "./thread-cache";
import { makeMessage } from "../../../../test/fixtures";
import { recordRequests, server } from "../../../../test/msw";
import { testQueryClient } from "../../../../test/render";
import { messagesHandler } from "../../../../test/handlers";

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const msg = (s: number, over: Partial<Message> = {}) =>
  makeMessage({ createdAt: at(s), body: `#${s}`, ...over });

test("when messages arrive out of order and twice, then each shows once, by time and then by arrival", () => {
  const [a, b, c] = [msg(1), msg(2), msg(2)];
  const merged = mergeMessages(mergeMessages([b], [c, a]), [b, a]);
  expect(merged.map((m) => m.body)).toEqual(["#1", "#2", "#2"]);
  expect(merged.map((m) => m.id)).toEqual([a.id, b.id, c.id]);
});

test("when a later copy of a message arrives, then it replaces the first in place", () => {
  const [a, b] = [msg(1), msg(2)];
  expect(mergeMessages([a, b], [{ ...a, body: "edited" }]).map((m) => m.body)).toEqual(["edited", "#2"]);
});

test("when the admin reads up to a message, then the shop's public messages up to it get readAt, nothing else", () => {
  const mine1 = msg(1);
  const note = msg(2, { senderType: "admin", internal: true });
  const mine2 = msg(3);
  const later = msg(4);
  const data: ThreadData = { messages: [mine1, note, mine2, later], cursor: null };
  const read = applyReadReceipt(data, {
    ticketId: "t1",
    readerType: "admin",
    upToMessageId: mine2.id,
    readAt: at(9),
    unreadCount: 0,
  });
  expect(read.messages.map((m) => m.readAt)).toEqual([at(9), null, at(9), null]);
  expect(
    applyReadReceipt(data, {
      ticketId: "t1",
      readerType: "admin",
      upToMessageId: "gone",
      readAt: at(9),
      unreadCount: 0,
    }),
  ).toBe(data);
});

test("when catching up over several pages, then every message arrives once, in order, and the cursor moves on", async () => {
  const all = Array.from({ length: 23 }, (_, i) => msg(i));
  server.use(messagesHandler("t1", all));
  const sent = recordRequests();
  const qc = testQueryClient();
  qc.setQueryData<ThreadData>(threadKey("t1"), { messages: [all[5]!], cursor: null });

  const data = await fetchThread(qc, "t1", undefined, 10);
  expect(data.messages.map((m) => m.id)).toEqual(all.map((m) => m.id));
  expect(data.cursor).toBe(all[22]!.id);
  expect(sent.map((r) => r.query.get("after"))).toEqual([null, all[9]!.id, all[19]!.id]);
});

test("when the other side read my messages while the socket was down, then the catch-up brings their readAt", async () => {
  const mine1 = msg(1, { senderType: "shop" });
  const mine2 = msg(2, { senderType: "shop" });
  const theirs = msg(3, { senderType: "admin" });
  const readLater = [{ ...mine1, readAt: at(9) }, { ...mine2, readAt: at(9) }, theirs];
  server.use(messagesHandler("t1", readLater));
  const sent = recordRequests();
  const qc = testQueryClient();
  qc.setQueryData<ThreadData>(threadKey("t1"), { messages: [mine1, mine2, theirs], cursor: theirs.id });

  const data = await fetchThread(qc, "t1", undefined, 10, "shop");
  expect(data.messages.map((m) => m.readAt)).toEqual([at(9), at(9), null]);
  expect(data.cursor).toBe(theirs.id);
  expect(sent.map((r) => r.query.get("after"))).toEqual([null]);
});

test("when my messages are all read, then the catch-up starts at the cursor; it starts just before my first unread one", () => {
  const read = msg(1, { senderType: "shop", readAt: at(5) });
  const unread = msg(2, { senderType: "shop" });
  const note = msg(3, { senderType: "admin", internal: true });
  const theirs = msg(4, { senderType: "admin" });
  expect(catchUpFrom({ messages: [read, theirs], cursor: theirs.id }, "shop")).toBe(theirs.id);
  expect(catchUpFrom({ messages: [read, unread, note, theirs], cursor: theirs.id }, "shop")).toBe(read.id);
  // The admin's own internal note is never "read" by the shop: it does not move the start.
  const seenReply = { ...theirs, readAt: at(6) };
  expect(catchUpFrom({ messages: [read, note, seenReply], cursor: theirs.id }, "admin")).toBe(theirs.id);
  expect(catchUpFrom({ messages: [read, note, theirs], cursor: theirs.id }, "admin")).toBe(note.id);
  expect(catchUpFrom({ messages: [read, unread], cursor: theirs.id }, "shop")).toBe(theirs.id);
  expect(catchUpFrom(undefined, "shop")).toBeNull();
});
