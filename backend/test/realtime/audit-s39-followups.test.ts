/**
 * Follow-ups of the s39 live chat audit, after merges: a read receipt naming a message that a merge moved on
 * was 400 (while a catch-up from the same id was an empty 200), and a ticket filed with a clientMessageId,
 * merged, then filed again by the client's retry was 409 "already used for a reply". Real server, real
 * database, real HTTP.
 */
import { expectError } from "../tickets/helpers";
import { useTeamServer } from "../team/helpers";

const { srv, api, team } = useTeamServer();

test("when a shop marks read up to a message a merge moved on, then 204 and nothing on the target is marked read", async () => {
  const shop = await srv.shopUser();
  const admin = await srv.admin();
  const target = await api.ticket(shop, { subject: "Refund", message: "Refund please" });
  expect((await api.post(admin, target.id, { body: "On the target" })).status).toBe(201);
  const source = await api.ticket(shop, { subject: "Refund again", message: "Still waiting" });
  const reply = await api.post(admin, source.id, { body: "On the source" });
  expect(reply.status).toBe(201);
  expect((await team.merge(admin, source.id, target.id)).status).toBe(200);

  // The shop read the reply on the source before the merge; its receipt arrives after it.
  const read = await api.read(shop, source.id, { upToMessageId: reply.body.id });
  expect(read.status).toBe(204);
  // The target's own older reply was never seen by this client: both replies are still unread there.
  expect((await api.get(shop, target.id)).body.unreadCount).toBe(2);

  // An id that is nowhere on the ticket or its targets is still a bad request, and another shop sees nothing.
  const elsewhere = await api.ticket(shop, { subject: "Other", message: "Other question" });
  const unrelated = await api.post(admin, elsewhere.id, { body: "Elsewhere" });
  expectError(
    await api.read(shop, source.id, { upToMessageId: unrelated.body.id }),
    400,
    "VALIDATION_FAILED",
  );
  const stranger = await srv.shopUser();
  expectError(await api.read(stranger, source.id, { upToMessageId: reply.body.id }), 404, "NOT_FOUND");
});

test("when a filed ticket was merged and the same filing is retried, then 200 with the merged ticket it filed, nothing filed", async () => {
  const shop = await srv.shopUser();
  const admin = await srv.admin();
  const filing = { subject: "Parcel damaged", message: "The box was crushed.", clientMessageId: "file-1" };
  const first = await api.create(shop, filing);
  expect(first.status).toBe(201);
  const target = await api.ticket(shop, { subject: "Parcel", message: "Where is it?" });
  const last = await api.ticket(shop, { subject: "Parcel lost", message: "Please refund." });
  expect((await team.merge(admin, first.body.id, target.id)).status).toBe(200);

  const again = await api.create(shop, filing);
  expect(again.status).toBe(200);
  expect(again.body).toMatchObject({ id: first.body.id, status: "closed", mergedIntoId: target.id });
  expect(again.body.message).toMatchObject({ id: first.body.message.id, ticketId: target.id });

  // The target merged on in turn: the retry still answers the ticket it filed.
  expect((await team.merge(admin, target.id, last.id)).status).toBe(200);
  const later = await api.create(shop, filing);
  expect(later.status).toBe(200);
  expect(later.body).toMatchObject({ id: first.body.id, mergedIntoId: target.id });
  const listed = await api.list(shop, { limit: 100 });
  expect(
    (listed.body.items as Array<{ subject: string }>).filter((t) => t.subject === filing.subject),
  ).toHaveLength(1);

  // Other words with the same key are another request; a reply's key is not a filing's.
  expectError(await api.create(shop, { ...filing, message: "Other words" }), 409, "CONFLICT");
  expect((await api.post(shop, last.id, { body: "Any news?", clientMessageId: "reply-1" })).status).toBe(201);
  expectError(
    await api.create(shop, { subject: "x", message: "Any news?", clientMessageId: "reply-1" }),
    409,
    "CONFLICT",
  );
});
