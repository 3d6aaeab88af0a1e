import request from "supertest";
import { expectError } from "../tickets/helpers";
import { useTeamContext } from "./helpers";

/** What a saved view and a tag accept: the queue's own rules, one-line names, and words with marks. */

const { ctx, api, team } = useTeamContext();

const createView = (as: { auth: Record<string, string> }, body: object) =>
  request(ctx.app).post("/api/views").set(as.auth).send(body);

test("when a view would sort by relevance with no search, then it is refused as the queue refuses it; with a search it is saved", async () => {
  const admin = await ctx.admin();
  const refused = await createView(admin, { name: "Best match", filters: { sort: "relevance" } });
  expectError(refused, 400, "VALIDATION_FAILED");
  expect(refused.body.error.details).toEqual([
    expect.objectContaining({ path: "filters.sort", message: expect.stringContaining("send q") }),
  ]);
  expectError(
    await request(ctx.app).get("/api/tickets?sort=relevance").set(admin.auth),
    400,
    "VALIDATION_FAILED",
  );
  expect(
    (await createView(admin, { name: "Refunds, best first", filters: { sort: "relevance", q: "refund" } }))
      .status,
  ).toBe(201);

  const saved = await createView(admin, { name: "Plain", filters: { q: "refund" } });
  const blanked = await request(ctx.app)
    .patch(`/api/views/${saved.body.id}`)
    .set(admin.auth)
    .send({ filters: { sort: "relevance", q: "   " } });
  expectError(blanked, 400, "VALIDATION_FAILED");
});

test("when a view's name holds line breaks or control characters, then it is saved as one line", async () => {
  const admin = await ctx.admin();
  const created = await createView(admin, { name: "VIP\nrefunds\u0007 \u001b[31mred", filters: {} });
  expect(created.status).toBe(201);
  expect(created.body.name).toBe("VIP refunds   [31mred");
  const renamed = await request(ctx.app)
    .patch(`/api/views/${created.body.id}`)
    .set(admin.auth)
    .send({ name: "Late\r\npayouts" });
  expect(renamed.body.name).toBe("Late payouts");
});

test("when tags are words with combining marks, then they are accepted, and a decomposed 'café' is the same tag as a composed one", async () => {
  const admin = await ctx.admin();
  const shop = await ctx.shopUser();
  const ticket = await api.ticket(shop);
  const set = await team.tags(admin, ticket.id, ["हिन्दी", "İstanbul", "cafe\u0301", "café"]);
  expect(set.status).toBe(200);
  expect(set.body.tags).toEqual(expect.arrayContaining(["हिन्दी", "i\u0307stanbul", "café"]));
  expect(set.body.tags).toHaveLength(3);
  const found = await request(ctx.app).get("/api/tickets").query({ tag: "Cafe\u0301" }).set(admin.auth);
  expect(found.body.items.map((t: { id: string }) => t.id)).toEqual([ticket.id]);
});
