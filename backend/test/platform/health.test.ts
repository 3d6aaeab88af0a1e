import request from "supertest";
import { createTestContext } from "../support/test-context";

test("when the database answers, then health is 200 ok", async () => {
  const ctx = await createTestContext();
  try {
    const res = await request(ctx.app).get("/api/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok", db: "ok" });
  } finally {
    await ctx.close();
  }
});

test("when the database is unreachable, then health is 503 with db down, in the contract's error shape with Retry-After", async () => {
  const ctx = await createTestContext();
  await ctx.close(); // the app keeps its (now closed) database handle
  const res = await request(ctx.app).get("/api/health");
  expect(res.status).toBe(503);
  expect(res.headers["retry-after"]).toMatch(/^\d+$/);
  expect(res.body).toEqual({
    status: "error",
    db: "down",
    error: {
      code: "SERVICE_UNAVAILABLE",
      message: expect.stringMatching(/database/),
      requestId: res.headers["x-request-id"],
    },
  });
});
