/**
 * A ticket may hold 20 tags of 40 characters (packages/contract tags.ts). A tags change is recorded on the
 * timeline with the whole list before and after, which such a list makes 819 characters long: the event's
 * columns held 255, and `PUT /api/tickets/:id/tags` answered 500 (found by the session-43 UI audit).
 * Real app and database.
 */
import request from "supertest";
import { TAG_MAX, TAGS_PER_TICKET_MAX } from "@parley/contract";
import { fileTicket } from "../realtime/helpers";
import { useTeamServer } from "./helpers";

const { srv: t, team } = useTeamServer();

/** `count` distinct tags of the longest length allowed. */
const longTags = (prefix: string, count = TAGS_PER_TICKET_MAX) =>
  Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(2, "0")}-`.padEnd(TAG_MAX, "x"));

type EventDto = { type: string; from: string | null; to: string | null };
const tagEvents = async (id: string, admin: { auth: Record<string, string> }) =>
  (
    (await request(t.app).get(`/api/tickets/${id}/events?include=all`).set(admin.auth).expect(200)).body
      .items as EventDto[]
  ).filter((e) => e.type === "tags");

test("when an admin gives a ticket the most tags of the longest length, then it is saved and the timeline keeps the whole list", async () => {
  const admin = await t.admin();
  const ticket = await fileTicket(t.app, await t.shopUser());
  const tags = longTags("a");
  expect(tags.join(",").length).toBeGreaterThan(255);

  const res = await team.tags(admin, ticket.id, tags);
  expect(res.status).toBe(200);
  expect(res.body.tags).toEqual(tags);
  // And the change back, from the long list to another long one.
  const next = longTags("b");
  expect((await team.tags(admin, ticket.id, next)).status).toBe(200);

  const events = await tagEvents(ticket.id, admin);
  expect(events.map((e) => [e.from, e.to])).toEqual([
    ["", tags.join(",")],
    [tags.join(","), next.join(",")],
  ]);
});

test("when a bulk change adds the most tags of the longest length, then every ticket is updated, none skipped", async () => {
  const admin = await t.admin();
  const shop = await t.shopUser();
  const ids = [(await fileTicket(t.app, shop)).id, (await fileTicket(t.app, shop)).id];
  const tags = longTags("c");
  const res = await team.bulk(admin, { ids, set: { addTags: tags } });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ updated: 2, skipped: [] });
  for (const id of ids) expect((await tagEvents(id, admin)).map((e) => e.to)).toEqual([tags.join(",")]);
});
