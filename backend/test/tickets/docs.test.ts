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

test("when any operation is described, then it lists the answers every route may give: 503, and 429 with a token, 413 with a body", async () => {
  const doc = (await request(ctx.app).get("/api/docs/openapi.json")).body;
  expect(doc.info.version).toBe("2");
  expect(doc.paths["/api/embed/config"]?.get).toBeDefined();
  type Operation = {
    responses: Record<string, unknown>;
    security?: unknown[];
    requestBody?: { content?: Record<string, unknown> };
  };
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Operation>>)) {
    for (const [method, op] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${path}`;
      expect([where, Object.keys(op.responses)]).toEqual([where, expect.arrayContaining(["503"])]);
      if (!(Array.isArray(op.security) && op.security.length === 0))
        expect([where, Object.keys(op.responses)]).toEqual([where, expect.arrayContaining(["429"])]);
      if (op.requestBody?.content?.["application/json"])
        expect([where, Object.keys(op.responses)]).toEqual([where, expect.arrayContaining(["400", "413"])]);
    }
  }
});

test("when a schema has a pattern, then it is a plain regular expression that accepts what the server accepts", async () => {
  const doc = (await request(ctx.app).get("/api/docs/openapi.json")).body;
  const patterns = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "pattern" && typeof value === "string") patterns.add(value);
      else walk(value);
    }
  };
  walk(doc);
  expect(patterns.size).toBeGreaterThan(0);
  for (const p of patterns) {
    // A regex's flags leaked into the text (`…$/i`) make a pattern that matches nothing.
    expect(p).not.toMatch(/\$\/[a-z]+$/);
    expect(() => new RegExp(p, "u")).not.toThrow();
  }
  const uuidPattern = [...patterns].find((p) => p.includes("{12}"))!;
  expect(new RegExp(uuidPattern, "u").test("0B5C3A4E-1F2D-4C6B-9A8E-7D6C5B4A3F2E")).toBe(true);
  const tagPattern = [...patterns].find((p) => p.includes("\\p{L}"))!;
  expect(new RegExp(tagPattern, "u").test("rückgabe:eu")).toBe(true);
});

test("when the docs page is opened, then it is self-contained HTML listing the routes", async () => {
  const res = await request(ctx.app).get("/api/docs");
  expect(res.status).toBe(200);
  expect(res.headers["content-type"]).toMatch(/text\/html/);
  expect(res.text).toContain("/api/tickets/{id}/messages");
  expect(res.text).not.toMatch(/<script/i);
});
