/**
 * Findings of an audit of live chat durability (session 39). Each test answered wrongly before its fix: a
 * reply retried with its clientMessageId after its ticket was merged was 409 CONFLICT though the message
 * was stored (moved to the target), so a client's outbox showed a delivered message as failed; and a
 * shop login repeating a key that the same user id had used in its admin role got that admin's internal
 * note back (200), its own words dropped; a catch-up on a ticket merged into a ticket merged in turn, from a
 * cursor the server had given on it, was 400. Real server, real database, real HTTP.
 */
import request from "supertest";
import { inOneHour, rawToken } from "../support/tokens";
import { expectError } from "../tickets/helpers";
import { useTeamServer } from "../team/helpers";

const { srv, api } = useTeamServer();

const bodies = (res: request.Response) => (res.body.items as Array<{ body: string }>).map((m) => m.body);

test("when a reply is retried with its clientMessageId after its ticket was merged, then 200 with the first message where it now is, and nothing added", async () => {
  const shop = await srv.shopUser();
  const admin = await srv.admin();
  const source = await api.ticket(shop, { subject: "Parcel late", message: "Where is it?" });
  const middle = await api.ticket(shop, { subject: "Parcel still late", message: "Any news?" });
  const last = await api.ticket(shop, { subject: "Parcel lost", message: "Please refund." });
  const first = await api.post(shop, source.id, { body: "It was due Monday.", clientMessageId: "retry-1" });
  expect(first.status).toBe(201);

  const merge = (from: string, into: string) =>
    request(srv.app).post(`/api/tickets/${from}/merge`).set(admin.auth).send({ intoTicketId: into });
  expect((await merge(source.id, middle.id)).status).toBe(200);

  // The response was lost; the client's outbox sends the same request again, to the ticket it was written on.
  const again = await api.post(shop, source.id, { body: "It was due Monday.", clientMessageId: "retry-1" });
  expect(again.status).toBe(200);
  expect(again.body).toEqual({ ...first.body, ticketId: middle.id });

  // The target merged on in turn: the retry still finds it.
  expect((await merge(middle.id, last.id)).status).toBe(200);
  const later = await api.post(shop, source.id, { body: "It was due Monday.", clientMessageId: "retry-1" });
  expect(later.status).toBe(200);
  expect(later.body).toEqual({ ...first.body, ticketId: last.id });
  expect(bodies(await api.messages(shop, last.id)).filter((b) => b === "It was due Monday.")).toHaveLength(1);

  // A key used on a ticket this one was never merged into is still another request.
  const unrelated = await api.ticket(shop, { subject: "Other", message: "Other question" });
  await api.post(shop, unrelated.id, { body: "x", clientMessageId: "elsewhere" });
  expectError(await api.post(shop, source.id, { body: "x", clientMessageId: "elsewhere" }), 409, "CONFLICT");
});

test("when a shop login repeats a clientMessageId its user id used as an admin for a note, then 409 CONFLICT, never the note", async () => {
  // A host may give one sub to an admin login and a shop login (docs/realtime.md, rooms).
  const sub = `dual-${Date.now()}`;
  const actor = (claims: Record<string, unknown>) => {
    const token = rawToken({ sub, exp: inOneHour(), ...claims });
    return { token, auth: { Authorization: `Bearer ${token}` } } as never;
  };
  const asShop = actor({ role: "shop", shopId: `shop-${sub}`, name: "Dana at the shop" });
  const asAdmin = actor({ role: "admin", name: "Dana at support" });
  const ticket = await api.ticket(asShop);
  const note = await api.post(asAdmin, ticket.id, {
    body: "refund code 7781",
    internal: true,
    clientMessageId: "k-1",
  });
  expect(note.status).toBe(201);

  const res = await api.post(asShop, ticket.id, { body: "Any news on my refund?", clientMessageId: "k-1" });
  expectError(res, 409, "CONFLICT");
  expect(JSON.stringify(res.body)).not.toContain("7781");
  expect(bodies(await api.messages(asShop, ticket.id))).toEqual(["Where is my parcel?"]);

  // With a key of its own, the shop's message goes through.
  expect((await api.post(asShop, ticket.id, { body: "Any news?", clientMessageId: "k-2" })).status).toBe(201);
});

test("when a ticket was merged into one that was merged in turn, then a catch-up from a cursor it gave is empty, not 400", async () => {
  const shop = await srv.shopUser();
  const admin = await srv.admin();
  const [first, second, third] = [
    await api.ticket(shop, { subject: "First", message: "One" }),
    await api.ticket(shop, { subject: "Second", message: "Two" }),
    await api.ticket(shop, { subject: "Third", message: "Three" }),
  ];
  const seen = (await api.messages(shop, first.id)).body.items.at(-1).id as string;
  const merge = (from: string, into: string) =>
    request(srv.app).post(`/api/tickets/${from}/merge`).set(admin.auth).send({ intoTicketId: into });
  expect((await merge(first.id, second.id)).status).toBe(200);
  expect((await merge(second.id, third.id)).status).toBe(200);

  for (const who of [shop, admin]) {
    const res = await api.messages(who, first.id, { after: seen });
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { items: [] } });
  }
  // A message of a ticket this one never went into is still refused.
  const other = await api.ticket(shop, { subject: "Other", message: "Unrelated" });
  expectError(await api.messages(shop, first.id, { after: other.message.id }), 400, "VALIDATION_FAILED");
});
