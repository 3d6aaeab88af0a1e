/**
 * No input, however hostile, may produce a 500 or a body outside the contract's error shape.
 * Sweeps every endpoint with odd bodies, queries and path parameters, as a shop and as an admin.
 */
import http from "node:http";
import net from "node:net";
import request from "supertest";
import { createTestContext, type Actor, type TestContext } from "../support/test-context";
import { createTestServer } from "../support/test-server";

let ctx: TestContext;
/**
 * The app on one listening loopback server for the whole file. `request(server)` would open and close a
 * server of its own for each of the ~11,000 requests below; the requests, the app and its HTTP stack are
 * the same either way.
 */
let server: http.Server;
let shop: Actor;
let admin: Actor;
let ticketId: string;
let articleId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  server = http.createServer(ctx.app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  shop = await ctx.shopUser();
  admin = await ctx.admin();
  const res = await request(server)
    .post("/api/tickets")
    .set(shop.auth)
    .send({ subject: "Fuzz", message: "Target" });
  ticketId = res.body.id;
  const article = await request(server).post("/api/faq").set(admin.auth).send({
    audience: "both",
    category: "Orders",
    question: "Fuzz target?",
    answer: "Yes.",
    published: true,
  });
  articleId = article.body.id;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await ctx.close();
});

const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  -1,
  1e308,
  "",
  " ",
  "'; DROP TABLE support_tickets; --",
  "\u0000",
  "😀".repeat(300),
  "a".repeat(20_000),
  "<script>alert(1)</script>",
  "&|!:*()'\"\\",
  [],
  [1, 2],
  {},
  { $gt: "" },
  { __proto__: { admin: true } },
];

const HOSTILE_IDS = [
  "not-a-uuid",
  "00000000-0000-0000-0000-000000000000",
  "%00",
  "..%2F..%2Fetc",
  "'or'1'='1",
  "1".repeat(300),
];

const QUERY_KEYS = [
  "status",
  "priority",
  "assignee",
  "shopId",
  "q",
  "updatedSince",
  "sort",
  "limit",
  "cursor",
  "after",
  "audience",
  "category",
  "includeUnpublished",
  "since",
];

function expectNoServerError(res: request.Response, what: string) {
  if (res.status >= 500) throw new Error(`${what} → ${res.status} ${JSON.stringify(res.body)}`);
  if (res.status >= 400) {
    if (typeof res.body?.error?.code !== "string" || typeof res.body?.error?.message !== "string") {
      throw new Error(`${what} → ${res.status} without the contract error body: ${res.text.slice(0, 200)}`);
    }
    expect(JSON.stringify(res.body)).not.toMatch(/\bat \S+\.ts:\d+|syntax error at|relation "/);
  }
}

test("when bodies are hostile, then every write answers 2xx or a contract 4xx", async () => {
  const writes: Array<[string, string]> = [
    ["post", "/api/tickets"],
    ["patch", `/api/tickets/${ticketId}`],
    ["post", `/api/tickets/${ticketId}/messages`],
    ["post", `/api/tickets/${ticketId}/read`],
    ["post", "/api/auth/login"],
    ["post", "/api/faq"],
    ["patch", `/api/faq/${articleId}`],
    ["post", `/api/faq/${articleId}/feedback`],
    ["post", "/api/faq/events"],
    ["post", "/api/faq/reorder"],
  ];
  const fields = [
    "subject",
    "message",
    "priority",
    "category",
    "status",
    "assigneeId",
    "body",
    "internal",
    "clientMessageId",
    "expectedLastMessageId",
    "upToMessageId",
    "email",
    "password",
    "audience",
    "question",
    "answer",
    "position",
    "published",
    "helpful",
    "voterId",
    "type",
    "sessionId",
    "articleIds",
    "query",
    "resultCount",
    "ids",
  ];
  for (const who of [shop, admin]) {
    for (const [method, path] of writes) {
      for (const value of HOSTILE_VALUES) {
        for (const field of fields) {
          const res = await (request(server) as unknown as Record<string, (p: string) => request.Test>)[
            method
          ]!(path)
            .set(who.auth)
            .send({ [field]: value });
          expectNoServerError(
            res,
            `${who.role} ${method} ${path} {${field}: ${JSON.stringify(value)?.slice(0, 40)}}`,
          );
        }
        const raw = await (request(server) as unknown as Record<string, (p: string) => request.Test>)[
          method
        ]!(path)
          .set(who.auth)
          .set("Content-Type", "application/json")
          .send(JSON.stringify(value));
        expectNoServerError(raw, `${who.role} ${method} ${path} body ${JSON.stringify(value)?.slice(0, 40)}`);
      }
    }
  }
}, 300_000);

test("when queries are hostile, then every list answers 2xx or a contract 4xx", async () => {
  const lists = [
    "/api/tickets",
    `/api/tickets/${ticketId}/messages`,
    "/api/faq",
    "/api/faq/suggest",
    "/api/faq/stats",
  ];
  for (const who of [shop, admin]) {
    for (const path of lists) {
      for (const key of QUERY_KEYS) {
        for (const value of HOSTILE_VALUES) {
          const v = typeof value === "string" ? value : JSON.stringify(value);
          // URLs over Node's 16 kB header limit never reach express: covered with the real server below.
          if (v && v.length > 8000) continue;
          const res = await request(server)
            .get(path)
            .query({ [key]: v })
            .set(who.auth);
          expectNoServerError(res, `${who.role} GET ${path}?${key}=${String(v).slice(0, 40)}`);
        }
        // Repeated keys arrive as arrays.
        const res = await request(server).get(`${path}?${key}=a&${key}=b`).set(who.auth);
        expectNoServerError(res, `${who.role} GET ${path}?${key}=a&${key}=b`);
      }
    }
  }
}, 300_000);

test("when path ids are hostile, then 404 or 400, never 500", async () => {
  const paths = (id: string): Array<[string, string]> => [
    ["get", `/api/tickets/${id}`],
    ["patch", `/api/tickets/${id}`],
    ["get", `/api/tickets/${id}/messages`],
    ["post", `/api/tickets/${id}/messages`],
    ["post", `/api/tickets/${id}/read`],
    ["get", `/api/tickets/${id}/events`],
  ];
  for (const who of [shop, admin]) {
    for (const id of HOSTILE_IDS) {
      for (const [method, path] of paths(encodeURIComponent(id))) {
        const res = await (request(server) as unknown as Record<string, (p: string) => request.Test>)[
          method
        ]!(path)
          .set(who.auth)
          .send({ body: "hello", status: "closed" });
        expectNoServerError(res, `${who.role} ${method} ${path}`);
        expect([400, 404]).toContain(res.status);
      }
    }
  }
});

test("when the URL is over Node's header limit, then the real server answers 413 in the contract's shape", async () => {
  const t = await createTestServer();
  try {
    const res = await fetch(`${t.url}/api/tickets?q=${"a".repeat(20_000)}`, { headers: shop.auth });
    expect(res.status).toBe(413);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(body.error.requestId).toBe(res.headers.get("x-request-id"));
  } finally {
    await t.close();
  }
});

/** One raw HTTP/1.1 exchange: the request exactly as written, the whole answer as text. */
function rawExchange(url: string, head: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(head));
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("data", (d: string) => (answer += d));
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
  });
}

test.each([
  ["no Host header", "GET /api/health HTTP/1.1\r\nConnection: close\r\n\r\n", 200, null],
  [
    "an Expect other than 100-continue",
    "GET /api/health HTTP/1.1\r\nHost: x\r\nExpect: bogus\r\nConnection: close\r\n\r\n",
    417,
    "VALIDATION_FAILED",
  ],
])(
  "when a request has %s, then the real server answers in the contract's shape, not an empty body",
  async (_what, head, status, code) => {
    const t = await createTestServer();
    try {
      const answer = await rawExchange(t.url, head);
      expect(answer.split("\r\n")[0]).toBe(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}`);
      const body = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4)) as Record<string, unknown>;
      if (code)
        expect(body).toEqual({ error: expect.objectContaining({ code, requestId: expect.any(String) }) });
      else expect(body).toMatchObject({ status: "ok" });
    } finally {
      await t.close();
    }
  },
);

test("when a NUL character hides in a body or query, then 400 VALIDATION_FAILED names where", async () => {
  const body = await request(server)
    .post(`/api/tickets/${ticketId}/messages`)
    .set(shop.auth)
    .send({ body: "before\u0000after" });
  expect(body.status).toBe(400);
  // Named as a schema's error names the field: the message's `body`, the query's `q`.
  expect(body.body.error.details).toEqual([expect.objectContaining({ path: "body" })]);
  const query = await request(server).get("/api/tickets").query({ q: "x\u0000" }).set(shop.auth);
  expect(query.status).toBe(400);
  expect(query.body.error.code).toBe("VALIDATION_FAILED");
  expect(query.body.error.details).toEqual([expect.objectContaining({ path: "q" })]);
});
