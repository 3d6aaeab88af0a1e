/**
 * Strict schemas: a client never believes it set something that was dropped. Unknown body fields and
 * query parameters are 400, invisible-only text is 400, and times outside 1970..9999 are 400 (the
 * embedded database once answered year 0 with a 500).
 */
import request from "supertest";
import { createTestContext, type Actor, type TestContext } from "../support/test-context";

let ctx: TestContext;
let shop: Actor;
let admin: Actor;
let ticketId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  shop = await ctx.shopUser();
  admin = await ctx.admin();
  const res = await request(ctx.app)
    .post("/api/tickets")
    .set(shop.auth)
    .send({ subject: "Strict", message: "Target" });
  ticketId = res.body.id;
});
afterAll(() => ctx.close());

const expectValidation = (res: request.Response, path: string) => {
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe("VALIDATION_FAILED");
  expect(JSON.stringify(res.body.error.details)).toContain(path);
};

test("when a new ticket carries a field the contract does not know, then 400 names it and no ticket is filed", async () => {
  const before = await request(ctx.app).get("/api/tickets").set(shop.auth);
  const res = await request(ctx.app)
    .post("/api/tickets")
    .set(shop.auth)
    .send({ subject: "With extras", message: "Hi", attachments: [{ name: "x.png" }] });
  expectValidation(res, "attachments");
  const after = await request(ctx.app).get("/api/tickets").set(shop.auth);
  expect(after.body.items.length).toBe(before.body.items.length);
});

test("when a message carries an unknown field, then 400", async () => {
  const res = await request(ctx.app)
    .post(`/api/tickets/${ticketId}/messages`)
    .set(shop.auth)
    .send({ body: "Hello", urgent: true });
  expectValidation(res, "urgent");
});

test("when the queue is asked with an unknown query parameter, then 400 rather than an unfiltered list", async () => {
  const res = await request(ctx.app).get("/api/tickets?category=billing").set(admin.auth);
  expectValidation(res, "category");
});

test("when the FAQ list gets an unknown query parameter, then 400", async () => {
  const res = await request(ctx.app).get("/api/faq?sort=new");
  expectValidation(res, "sort");
});

test.each([
  ["zero-width spaces", "\u200B\u200B\u200B"],
  ["a BOM and a word joiner", "\uFEFF\u2060"],
  ["soft hyphens and spaces", " \u00AD \u00AD "],
])("when a subject is only %s, then 400", async (_what, subject) => {
  const res = await request(ctx.app).post("/api/tickets").set(shop.auth).send({ subject, message: "Hi" });
  expectValidation(res, "subject");
});

test("when a message body is only zero-width characters, then 400; with a visible letter it is accepted", async () => {
  const invisible = await request(ctx.app)
    .post(`/api/tickets/${ticketId}/messages`)
    .set(shop.auth)
    .send({ body: "\u200B\u200C\u200D" });
  expectValidation(invisible, "body");
  const visible = await request(ctx.app)
    .post(`/api/tickets/${ticketId}/messages`)
    .set(shop.auth)
    .send({ body: "\u200Bok" });
  expect(visible.status).toBe(201);
});

test.each(["0000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "not-a-date"])(
  "when updatedSince is %s, then 400",
  async (since) => {
    const res = await request(ctx.app)
      .get(`/api/tickets?updatedSince=${encodeURIComponent(since)}`)
      .set(admin.auth);
    expectValidation(res, "updatedSince");
  },
);

test("when updatedSince is within range, then the catch-up query answers", async () => {
  const res = await request(ctx.app)
    .get(`/api/tickets?updatedSince=${encodeURIComponent("2000-01-01T00:00:00Z")}`)
    .set(shop.auth);
  expect(res.status).toBe(200);
  expect(res.body.items.map((t: { id: string }) => t.id)).toContain(ticketId);
});
