import request from "supertest";
import { randomUUID } from "node:crypto";
import { expectError } from "../tickets/helpers";
import { useVisitorServer } from "./helpers";

/**
 * A message id a visitor names (the catch-up's `after`, a read's `upToMessageId`) that is not one of its
 * conversation's messages: another visitor's, a shop ticket's, or one that does not exist. The answer is the
 * same 400 (code and field) whether or not the visitor has a conversation yet; nothing of the other
 * conversation shows either way.
 */

const { srv, api } = useVisitorServer();

type Auth = { Authorization: string };
type Message = { id: string; ticketId: string; body: string };

async function visitor(): Promise<Auth> {
  const res = await request(srv.app).post("/api/visitor/sessions").send({ name: "Ada" });
  expect(res.status).toBe(201);
  return { Authorization: `Bearer ${res.body.visitorToken as string}` };
}
const say = async (auth: Auth, body: string) => {
  const res = await request(srv.app).post("/api/visitor/messages").set(auth).send({ body });
  expect(res.status).toBe(201);
  return res.body as Message;
};
const catchUp = (auth: Auth, after: string) =>
  request(srv.app).get("/api/visitor/messages").query({ after }).set(auth);
const markRead = (auth: Auth, upToMessageId: string) =>
  request(srv.app).post("/api/visitor/read").send({ upToMessageId }).set(auth);

/** What a refusal says, less what differs per request. */
function refusal(res: request.Response) {
  expectError(res, 400, "VALIDATION_FAILED");
  const { code, details } = res.body.error as { code: string; details: unknown };
  return { code, details };
}

test("when a visitor with no conversation yet and one with a conversation catch up after another conversation's message or one that does not exist, then both get the same 400 on after", async () => {
  const other = await visitor();
  const otherMessage = await say(other, "My order never came");
  const shop = await srv.shopUser();
  const shopTicket = await api.ticket(shop);
  const shopMessage = ((await api.messages(shop, shopTicket.id)).body.items as Message[])[0]!;

  const fresh = await visitor();
  const talking = await visitor();
  const own = await say(talking, "Do you ship to Oslo?");
  const admin = await srv.admin();
  expect((await api.post(admin, own.ticketId, { body: "Yes, in three days." })).status).toBe(201);

  const want = { code: "VALIDATION_FAILED", details: [{ path: "after", message: expect.any(String) }] };
  for (const cursor of [otherMessage.id, shopMessage.id, randomUUID()]) {
    const before = refusal(await catchUp(fresh, cursor));
    const after = refusal(await catchUp(talking, cursor));
    expect(before).toEqual(want);
    expect(before).toEqual(after);
  }

  // Their own cursors still work: nothing yet for the new visitor, the reply for the other.
  const none = await request(srv.app).get("/api/visitor/messages").set(fresh);
  expect(none.status).toBe(200);
  expect(none.body.items).toEqual([]);
  const replies = await catchUp(talking, own.id);
  expect(replies.status).toBe(200);
  expect((replies.body.items as Message[]).map((m) => m.body)).toEqual(["Yes, in three days."]);
});

test("when a visitor with no conversation yet and one with a conversation say read up to another conversation's message or one that does not exist, then both get the same 400 on upToMessageId", async () => {
  const other = await visitor();
  const otherMessage = await say(other, "Where is my refund?");
  const fresh = await visitor();
  const talking = await visitor();
  await say(talking, "Hello?");

  const want = {
    code: "VALIDATION_FAILED",
    details: [{ path: "upToMessageId", message: expect.any(String) }],
  };
  for (const cursor of [otherMessage.id, randomUUID()]) {
    const before = refusal(await markRead(fresh, cursor));
    const after = refusal(await markRead(talking, cursor));
    expect(before).toEqual(want);
    expect(before).toEqual(after);
  }
  // Without a message named, a visitor with nothing to read still hears 204.
  expect((await request(srv.app).post("/api/visitor/read").send({}).set(fresh)).status).toBe(204);
});
