import { randomUUID } from "node:crypto";
import request from "supertest";
import { createTestContext, type TestContext } from "../support/test-context";
import { startedBeforeAll } from "../support/started-before-all";
import { expectError } from "../tickets/helpers";

/**
 * Issue 18: the visitor's per-address limits hold across processes. With PostgreSQL every instance counts
 * in the database (one namespace, as in production), so an address cannot get twice the allowance by
 * landing on two servers. Runs only with DATABASE_URL (the embedded database is one process).
 */
const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

onPostgres("visitor limits across two instances", () => {
  const env = {
    RATE_LIMIT_NAMESPACE: `visitor-shared-${randomUUID()}`,
    RATE_LIMIT_VISITOR_SESSIONS_PER_MINUTE: "3",
  };
  const a = startedBeforeAll(() => createTestContext(env));
  const b = startedBeforeAll(() => createTestContext(env));

  test("when one address opens sessions on two instances, then the limit counts both", async () => {
    const open = (ctx: TestContext) => request(ctx.app).post("/api/visitor/sessions").send({});
    expect((await open(a)).status).toBe(201);
    expect((await open(b)).status).toBe(201);
    expect((await open(a)).status).toBe(201);
    expectError(await open(b), 429, "RATE_LIMITED");
    expectError(await open(a), 429, "RATE_LIMITED");
  });
});
