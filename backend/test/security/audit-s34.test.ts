/**
 * Findings of a hostile audit of the newest features (session 34): mentions, the admins' team routes and
 * visitor uploads. Each test answered wrongly before its fix. Real app, real PGlite, real HTTP.
 */
import request from "supertest";
import { randomUUID } from "node:crypto";
import { createTestContext, type Actor, type TestContext } from "../support/test-context";
import { expectError } from "../tickets/helpers";
import { png } from "../attachments/helpers";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const b64 = (s: string) => Buffer.from(s).toString("base64url");

/** A well-formed JWT header over a payload that is not JSON: jsonwebtoken's decode throws on it. */
const notJsonToken = `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64("not json {")}.${b64("signature")}`;

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

test("when a bearer token's payload is not JSON, then uploads and downloads answer 401, not 500", async () => {
  const upload = await request(ctx.app)
    .post("/api/uploads")
    .set(bearer(notJsonToken))
    .attach("file", await png(), { filename: "screenshot.png" });
  expectError(upload, 401, "UNAUTHENTICATED");

  const id = randomUUID();
  for (const path of [
    `/api/attachments/${id}`,
    `/api/attachments/${id}/thumbnail`,
    `/api/attachments/${id}/link`,
  ]) {
    const res = await request(ctx.app).get(path).set(bearer(notJsonToken));
    expectError(res, 401, "UNAUTHENTICATED");
  }
});

const note = (ticketId: string, by: Actor, body: object) =>
  request(ctx.app)
    .post(`/api/tickets/${ticketId}/messages`)
    .set(by.auth)
    .send({ internal: true, ...body });

test("when a note that mentioned a colleague is sent again after they were deactivated, then it replays the first note (200), not 400", async () => {
  const writer = await ctx.admin({ name: "Ana" });
  const colleague = await ctx.admin({ name: "Sam" });
  const shop = await ctx.shopUser();
  const ticket = await request(ctx.app)
    .post("/api/tickets")
    .set(shop.auth)
    .send({ subject: "Refund", message: "Where is my refund?" })
    .expect(201);
  const draft = { body: "@Sam can you check?", mentions: [colleague.userId], clientMessageId: randomUUID() };

  const first = await note(ticket.body.id, writer, draft).expect(201);
  await request(ctx.app)
    .patch(`/api/admins/${colleague.userId}`)
    .set(writer.auth)
    .send({ active: false })
    .expect(200);

  // The client lost the first answer and retries: the note exists, so the retry is its replay.
  const retry = await note(ticket.body.id, writer, draft);
  expect(retry.status).toBe(200);
  expect(retry.body.id).toBe(first.body.id);
  const thread = await request(ctx.app)
    .get(`/api/tickets/${ticket.body.id}/messages`)
    .set(writer.auth)
    .expect(200);
  expect(thread.body.items.filter((m: { internal: boolean }) => m.internal)).toHaveLength(1);

  // A new note naming the deactivated colleague is still refused, and posts nothing.
  const fresh = await note(ticket.body.id, writer, { ...draft, clientMessageId: randomUUID() });
  expectError(fresh, 400, "VALIDATION_FAILED");
  expect(fresh.body.error.details).toEqual([
    { path: "mentions.0", message: `No active admin ${colleague.userId}.` },
  ]);
  const after = await request(ctx.app)
    .get(`/api/tickets/${ticket.body.id}/messages`)
    .set(writer.auth)
    .expect(200);
  expect(after.body.items).toHaveLength(thread.body.items.length);
});

test("when a path names an id with a NUL character, then the team routes answer 400, not 500", async () => {
  const admin = await ctx.admin();
  const patch = await request(ctx.app).patch("/api/admins/a%00b").set(admin.auth).send({ active: true });
  expectError(patch, 400, "VALIDATION_FAILED");
  expect(patch.body.error.details).toEqual([
    { path: "(path)", message: "must not contain the NUL character (U+0000)" },
  ]);
  const skills = await request(ctx.app)
    .put("/api/admins/%00/skills")
    .set(admin.auth)
    .send({ skills: ["billing"] });
  expectError(skills, 400, "VALIDATION_FAILED");
  // A literal "%00" (sent encoded as %2500) is a plain unknown id.
  const literal = await request(ctx.app).patch("/api/admins/%2500").set(admin.auth).send({ active: true });
  expectError(literal, 404, "NOT_FOUND");
});
