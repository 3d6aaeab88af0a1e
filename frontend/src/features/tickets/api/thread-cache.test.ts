import { mergeMessages, type Message } from "@parley/contract";
import { applyReadReceipt, fetchThread, threadKey, type ThreadData } from "./thread-cache";
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
  });
  expect(read.messages.map((m) => m.readAt)).toEqual([at(9), null, at(9), null]);
  expect(
    applyReadReceipt(data, { ticketId: "t1", readerType: "admin", upToMessageId: "gone", readAt: at(9) }),
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
