import request from "supertest";
import { createTestContext, type TestContext } from "../support/test-context";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

test("when the OpenAPI document is fetched, then it describes every ticket route without a token", async () => {
  const res = await request(ctx.app).get("/api/docs/openapi.json");
  expect(res.status).toBe(200);
  expect(res.body.openapi).toMatch(/^3\./);
  const paths = res.body.paths;
  expect(Object.keys(paths)).toEqual(
    expect.arrayContaining([
      "/api/tickets",
      "/api/tickets/{id}",
      "/api/tickets/{id}/messages",
      "/api/tickets/{id}/read",
      "/api/tickets/{id}/events",
      "/api/auth/login",
      "/api/me",
      "/api/admins",
      "/api/shops",
      "/api/health",
    ]),
  );
  expect(Object.keys(paths["/api/tickets"])).toEqual(expect.arrayContaining(["get", "post"]));
  expect(Object.keys(paths["/api/tickets/{id}"])).toEqual(expect.arrayContaining(["get", "patch"]));
  expect(res.body.components.schemas.TicketStatus.enum).toEqual([
    "open",
    "in_progress",
    "resolved",
    "closed",
  ]);
  expect(res.body.components.schemas.Ticket.required).toEqual(
    expect.arrayContaining(["id", "number", "unreadCount"]),
  );
  const listParams = paths["/api/tickets"].get.parameters.map((p: { name: string }) => p.name);
  expect(listParams).toEqual(
    expect.arrayContaining([
      "status",
      "priority",
      "assignee",
      "shopId",
      "q",
      "updatedSince",
      "sort",
      "limit",
      "cursor",
    ]),
  );
});

test("when the docs page is opened, then it is self-contained HTML listing the routes", async () => {
  const res = await request(ctx.app).get("/api/docs");
  expect(res.status).toBe(200);
  expect(res.headers["content-type"]).toMatch(/text\/html/);
  expect(res.text).toContain("/api/tickets/{id}/messages");
  expect(res.text).not.toMatch(/<script/i);
});
