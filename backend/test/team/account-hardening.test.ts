import request from "supertest";
import { CANNED_RESPONSES_MAX } from "@parley/contract";
import { createTestContext, type Actor, type TestContext } from "../support/test-context";

let ctx: TestContext;
let root: Actor;

beforeAll(async () => {
  // Low login and read limits, counted per X-Forwarded-For address (each test its own); its own
  // database, since the canned-response cap fills a shared table.
  ctx = await createTestContext(
    { RATE_LIMIT_LOGIN_PER_MINUTE: "5", RATE_LIMIT_READS_PER_MINUTE: "8", TRUST_PROXY: "1" },
    { ownDatabase: true },
  );
  root = await ctx.admin({ name: "Root" });
});
afterAll(() => ctx.close());

const invitedAdmin = async (suffix: string) => {
  const created = await request(ctx.app)
    .post("/api/admins")
    .set(root.auth)
    .send({ email: `invited-${suffix}@example.test`, name: `Invited ${suffix}` });
  expect(created.status).toBe(201);
  const token = new URL(created.body.inviteUrl as string, "http://x").searchParams.get("token")!;
  return { id: created.body.id as string, token };
};

test("when invites are guessed, then unknown tokens are 404 and the address is limited like logins", async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 7; i++) {
    const res = await request(ctx.app)
      .post("/api/auth/invite")
      .set("X-Forwarded-For", "203.0.113.9")
      .send({ token: `guessed-token-${i}-xxxxxxxx`, password: "p".repeat(60) });
    statuses.push(res.status);
  }
  expect(statuses.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
  expect(statuses.slice(5)).toEqual([429, 429]);
});

test("when an invited admin is deactivated and reactivated, then the old invite link stays dead", async () => {
  const { id, token } = await invitedAdmin("revived");
  const patch = (active: boolean) =>
    request(ctx.app)
      .patch(`/api/admins/${encodeURIComponent(id)}`)
      .set(root.auth)
      .send({ active });
  expect((await patch(false)).status).toBe(200);
  expect((await patch(true)).status).toBe(200);
  const from = { "X-Forwarded-For": "192.0.2.10" };
  expect((await request(ctx.app).get("/api/auth/invite").set(from).query({ token })).status).toBe(404);
  const accept = await request(ctx.app)
    .post("/api/auth/invite")
    .set(from)
    .send({ token, password: "a-good-password" });
  expect(accept.status).toBe(404);
});

test("when a password is longer than bcrypt hashes (72 bytes), then it is refused, not cut short", async () => {
  const long = "A".repeat(72) + "secret-suffix";
  const created = await request(ctx.app)
    .post("/api/admins")
    .set(root.auth)
    .send({ email: "long-password@example.test", name: "Long", password: long });
  expect([created.status, created.body.error?.code]).toEqual([400, "VALIDATION_FAILED"]);
  // 72 bytes of two-byte letters is 36 of them: a 40-letter password of them is over the limit too.
  const { token } = await invitedAdmin("multibyte");
  const accept = await request(ctx.app)
    .post("/api/auth/invite")
    .send({ token, password: "é".repeat(40) });
  expect([accept.status, accept.body.error?.code]).toEqual([400, "VALIDATION_FAILED"]);
  const fits = await request(ctx.app)
    .post("/api/auth/invite")
    .send({ token, password: "é".repeat(36) });
  expect(fits.status).toBe(200);
});

test("when the team has as many saved replies as are listed, then another is refused (409), not hidden", async () => {
  const knex = ctx.database.knex;
  const rows = Array.from({ length: CANNED_RESPONSES_MAX }, (_, i) => ({
    title: `Reply ${String(i).padStart(3, "0")}`,
    body: "Thanks for waiting.",
    created_by: root.userId,
  }));
  for (let i = 0; i < rows.length; i += 100) await knex("canned_responses").insert(rows.slice(i, i + 100));
  const res = await request(ctx.app)
    .post("/api/canned-responses")
    .set(root.auth)
    .send({ title: "zzz one too many", body: "hello" });
  expect([res.status, res.body.error?.code]).toEqual([409, "CONFLICT"]);
  await knex("canned_responses").where("title", "like", "Reply %").delete();
  const ok = await request(ctx.app)
    .post("/api/canned-responses")
    .set(root.auth)
    .send({ title: "Fits", body: "hi" });
  expect(ok.status).toBe(201);
});

test("when one address searches the FAQ without limit, then it is limited like other reads", async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 10; i++) {
    const res = await request(ctx.app)
      .get("/api/faq")
      .query({ q: "zzqqxnomatch" })
      .set("X-Forwarded-For", "198.51.100.7");
    statuses.push(res.status);
  }
  expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(8);
  expect(statuses.at(-1)).toBe(429);
});
