/**
 * Findings of an audit of embedding, ticket context, visitor chat and sign-in (session 37). Each test
 * answered wrongly before its fix: a URL such as "http:foo" passed validation and then broke a database
 * check (500); the host could frame /embed and /embed/<anything>, not only the two embeddable pages; a
 * visitor's name put line breaks into a ticket's subject; a wrong password was accepted when the real one
 * is 72 bytes long; admins heard a new visitor conversation's first message before its ticket; a context id
 * could be blank, padded or several lines. Real server, real PGlite, real HTTP and socket.io.
 */
import request from "supertest";
import { createTestServer, record, type TestServer } from "../support/test-server";
import { expectError, ticketApi } from "../tickets/helpers";

const HOST = "https://market.example";
let srv: TestServer;
let api: ReturnType<typeof ticketApi>;
beforeAll(async () => {
  srv = await createTestServer({ env: { EMBED_ALLOWED_ORIGINS: HOST } });
  api = ticketApi(srv as never);
});
afterAll(() => srv.close());

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const visitorSession = (body: Record<string, unknown>) =>
  request(srv.app).post("/api/visitor/sessions").send(body);

describe("context and page URLs", () => {
  test.each(["http:foo", "https:evil.example", "https:/evil.example", "https:\\\\evil.example"])(
    "when %s is a ticket's context url or a visitor's pageUrl, then it is 400 naming the field",
    async (url) => {
      const shop = await srv.shopUser();
      const ticket = await api.create(shop, { context: { type: "order", id: "A-1", url } });
      expectError(ticket, 400, "VALIDATION_FAILED");
      expect(ticket.body.error.details).toEqual([expect.objectContaining({ path: "context.url" })]);
      const session = await visitorSession({ pageUrl: url });
      expectError(session, 400, "VALIDATION_FAILED");
      expect(session.body.error.details).toEqual([expect.objectContaining({ path: "pageUrl" })]);
    },
  );

  test("when a URL is written out as http(s)://, then it is kept as sent", async () => {
    const shop = await srv.shopUser();
    const url = "HTTPS://market.example/orders/A-1";
    const ticket = await api.create(shop, { context: { type: "order", id: "A-1", url } });
    expect(ticket.status).toBe(201);
    expect(ticket.body.context.url).toBe(url);
  });
});

describe("framing", () => {
  const frameAncestors = (res: request.Response) =>
    /frame-ancestors ([^;]*)/.exec(String(res.headers["content-security-policy"] ?? ""))?.[1];

  test.each(["/embed", "/embed/", "/embed/anything", "/embed/admin", "/embed/support/x"])(
    "when %s is asked for, then only Parley itself may frame it",
    async (path) => {
      const res = await request(srv.app).get(path);
      expect(frameAncestors(res)).toBe("'self'");
      expect(res.headers["x-frame-options"]).toBe("SAMEORIGIN");
    },
  );

  test.each(["/embed/support", "/embed/help", "/embed/help/"])(
    "when %s is asked for, then the host may frame it",
    async (path) => {
      const res = await request(srv.app).get(path);
      expect(frameAncestors(res)).toBe(`'self' ${HOST}`);
      expect(res.headers["x-frame-options"]).toBeUndefined();
    },
  );
});

test("when a visitor's name holds line breaks and control characters, then the subject is one line", async () => {
  const session = await visitorSession({ name: "Ada\nIMPORTANT: refund approved\u0007" });
  expect(session.status).toBe(201);
  const visitor = { Authorization: `Bearer ${session.body.visitorToken}` };
  const sent = await request(srv.app).post("/api/visitor/messages").set(visitor).send({ body: "hi" });
  expect(sent.status).toBe(201);
  const admin = await srv.admin();
  const ticket = await api.get(admin, sent.body.ticketId);
  expect(ticket.body.subject).toBe("Website chat: Ada IMPORTANT: refund approved");
  expect(ticket.body.visitor.name).toBe("Ada IMPORTANT: refund approved");
});

test("when the real password is 72 bytes long, then that password with more after it is refused", async () => {
  const admin = await srv.admin();
  const password = "p".repeat(72); // the longest a password may be (PASSWORD_MAX_BYTES)
  const email = "seventy-two@example.com";
  const created = await request(srv.app)
    .post("/api/admins")
    .set(admin.auth)
    .send({ email, name: "P", password });
  expect(created.status).toBe(201);
  const login = (p: string) => request(srv.app).post("/api/auth/login").send({ email, password: p });
  expect((await login(password)).status).toBe(200);
  expectError(await login(`${password}-not-my-password`), 401, "UNAUTHENTICATED");
  expectError(await login(`${"p".repeat(71)}é`), 401, "UNAUTHENTICATED"); // 73 bytes
});

describe("a visitor conversation's events reach admins in order", () => {
  test("when a visitor's first message opens the conversation, then admins hear the ticket before the message (as for a shop's ticket)", async () => {
    const admin = await srv.admin();
    const socket = await srv.connect(admin);
    try {
      const seen = record(socket, "ticket:created", "ticket:updated", "message:created");
      const session = await visitorSession({ name: "Order of events" });
      const visitor = { Authorization: `Bearer ${session.body.visitorToken}` };
      const first = await request(srv.app).post("/api/visitor/messages").set(visitor).send({ body: "hi" });
      expect(first.status).toBe(201);
      const forTicket = () =>
        seen
          .filter(({ payload }) => {
            const p = payload as { id?: string; ticketId?: string };
            return p.ticketId === first.body.ticketId || p.id === first.body.ticketId;
          })
          .map(({ event }) => event);
      for (let waited = 0; forTicket().length < 2 && waited < 10_000; waited += 50) await pause(50);
      expect(forTicket()).toEqual(["ticket:created", "message:created"]);
    } finally {
      socket.disconnect();
    }
  });
});

describe("a context id is what it reads as", () => {
  test.each([
    ["blank", "   "],
    ["invisible", "\u200b"],
    ["padded", " A-1001 "],
    ["two lines", "A-1\nA-2"],
    ["a control character", "A-1\u0007"],
  ])("when the id is %s, then it is 400 naming context.id", async (_what, id) => {
    const shop = await srv.shopUser();
    const res = await api.create(shop, { context: { type: "order", id } });
    expectError(res, 400, "VALIDATION_FAILED");
    expect(res.body.error.details[0].path).toBe("context.id");
  });

  test("when the title holds line breaks and control characters, then it is kept as one line", async () => {
    const shop = await srv.shopUser();
    const res = await api.create(shop, {
      context: { type: "order", id: "A-1", title: "Order A-1\r\nPAID IN FULL\u0007" },
    });
    expect(res.status).toBe(201);
    expect(res.body.context.title).toBe("Order A-1 PAID IN FULL");
  });
});
