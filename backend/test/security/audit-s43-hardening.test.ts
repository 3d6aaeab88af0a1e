/**
 * Findings of session 43's hardening batch. Each test below its heading answered wrongly before its fix:
 * a ticket context's `url` (and a visitor's `pageUrl`) kept raw line breaks, tabs and other control
 * characters (201); the bulk `filter` refused the queue's `contextType` (400 "Unknown field"); and
 * GET /api/visitor/availability answered any number of calls from one address. The last block guards what
 * was already right: a request whose headers overflow Node's limit is answered in the contract's shape
 * on every path (no bare 431). Real server, real database, real HTTP.
 */
import net from "node:net";
import request from "supertest";
import { createTestServer, type TestServer } from "../support/test-server";
import { expectError, ticketApi } from "../tickets/helpers";

/** The visitor-read budget of this file's server: small, so the availability test reaches it. */
const VISITOR_READS_PER_MINUTE = 3;

let srv: TestServer;
let api: ReturnType<typeof ticketApi>;
beforeAll(async () => {
  srv = await createTestServer({
    env: { RATE_LIMIT_VISITOR_READS_PER_MINUTE: String(VISITOR_READS_PER_MINUTE) },
  });
  api = ticketApi(srv as never);
});
afterAll(() => srv.close());

const CONTROL_CHARACTERS: Array<[string, string]> = [
  ["a carriage return", "\r"],
  ["a line feed", "\n"],
  ["CR LF", "\r\n"],
  ["a tab", "\t"],
  ["an escape", "\u001b"],
  ["DEL", "\u007f"],
  ["a C1 next-line", "\u0085"],
  ["a line separator", "\u2028"],
  ["a paragraph separator", "\u2029"],
];

describe("a link with raw control characters is not a URL", () => {
  test.each(CONTROL_CHARACTERS)(
    "when a ticket context's url holds %s, then 400 VALIDATION_FAILED names context.url and no ticket is filed",
    async (_what, ch) => {
      const shop = await srv.shopUser();
      const res = await api.create(shop, {
        context: { type: "order", id: "A-1001", url: `https://shop.example/orders/A-1001${ch}Bcc: x` },
      });
      expectError(res, 400, "VALIDATION_FAILED");
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: "context.url" })]);
      expect((await api.list(shop)).body.items).toEqual([]);
    },
  );

  test.each(CONTROL_CHARACTERS)(
    "when a visitor's pageUrl holds %s, then 400 VALIDATION_FAILED names pageUrl",
    async (_what, ch) => {
      const res = await request(srv.app)
        .post("/api/visitor/sessions")
        .send({ name: "Ctrl Visitor", pageUrl: `https://shop.example/help${ch}more` });
      expectError(res, 400, "VALIDATION_FAILED");
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: "pageUrl" })]);
    },
  );

  test("when the same characters come percent-encoded, or as padding around the URL, then the link is kept as a URL", async () => {
    const shop = await srv.shopUser();
    const url = "https://shop.example/orders/A-1001?note=a%0Ab%09c";
    const ticket = await api.ticket(shop, { context: { type: "order", id: "A-1001", url: `\n ${url}\t` } });
    expect((await api.get(shop, ticket.id)).body.context).toEqual({
      type: "order",
      id: "A-1001",
      title: null,
      url,
    });
  });

  test("when a context's url is javascript:, then 400: only http(s) links are stored", async () => {
    const shop = await srv.shopUser();
    const res = await api.create(shop, {
      context: { type: "order", id: "A-1001", url: "javascript:alert(document.cookie)//https://x" },
    });
    expectError(res, 400, "VALIDATION_FAILED");
  });
});

describe("the bulk filter takes the queue's contextType", () => {
  test("when an admin changes all tickets about order X (contextType order), then the listing with the same id is left alone, as the queue lists them", async () => {
    const shop = await srv.shopUser();
    const admin = await srv.admin();
    const order = await api.ticket(shop, { context: { type: "order", id: "X-77" } });
    const listing = await api.ticket(shop, { context: { type: "listing", id: "X-77" } });
    const filter = { shopId: shop.shopId, contextId: "X-77", contextType: "order" };

    const queue = await api.list(admin, filter as Record<string, string>);
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((t: { id: string }) => t.id)).toEqual([order.id]);

    const count = await request(srv.app).post("/api/tickets/bulk/count").set(admin.auth).send({ filter });
    expect(count.status).toBe(200);
    expect(count.body.count).toBe(1);

    const bulk = await request(srv.app)
      .post("/api/tickets/bulk")
      .set(admin.auth)
      .send({ filter, set: { priority: "urgent" } });
    expect(bulk.status).toBe(200);
    expect(bulk.body).toMatchObject({ updated: 1, skipped: [] });
    expect((await api.get(admin, order.id)).body.priority).toBe("urgent");
    expect((await api.get(admin, listing.id)).body.priority).toBe("medium");
  });

  test("when the bulk filter names an unknown context type, then 400 VALIDATION_FAILED names it", async () => {
    const admin = await srv.admin();
    const res = await request(srv.app)
      .post("/api/tickets/bulk")
      .set(admin.auth)
      .send({ filter: { contextId: "X-77", contextType: "invoice" }, set: { priority: "low" } });
    expectError(res, 400, "VALIDATION_FAILED");
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: "filter.contextType" })]);
  });
});

describe("GET /api/visitor/availability is counted with the visitor's reads", () => {
  test("when one address asks more often than RATE_LIMIT_VISITOR_READS_PER_MINUTE, then 429 RATE_LIMITED with Retry-After", async () => {
    const ask = () => request(srv.app).get("/api/visitor/availability");
    for (let i = 0; i < VISITOR_READS_PER_MINUTE; i++) expect((await ask()).status).toBe(200);
    const over = await ask();
    expectError(over, 429, "RATE_LIMITED");
    expect(Number(over.headers["retry-after"])).toBeGreaterThan(0);
  });
});

/** One raw HTTP/1.1 exchange: the bytes as written (in turns), the whole answer as text. */
function rawExchange(turns: string[]): Promise<string> {
  const { hostname, port } = new URL(srv.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let answer = "";
    let next = 0;
    const send = () => {
      const turn = turns[next];
      if (turn === undefined) return;
      next += 1;
      socket.write(turn);
    };
    socket.once("connect", send);
    socket.setEncoding("utf8");
    // A keep-alive turn is sent once the previous answer has come in whole.
    socket.on("data", (d: string) => {
      answer += d;
      if (answer.split("HTTP/1.1 ").length - 1 === next && answer.endsWith("}")) send();
    });
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
  });
}

/** The status lines of every answer in a raw exchange, and the last answer's JSON body. */
function answers(raw: string) {
  const statuses = [...raw.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
  const last = raw.slice(raw.lastIndexOf("HTTP/1.1 "));
  const body = JSON.parse(last.slice(last.indexOf("\r\n\r\n") + 4)) as { error?: { code: string } };
  return { statuses, body };
}

describe("headers over Node's limit get the contract's shape on every path", () => {
  const huge = `Authorization: Bearer ${"a".repeat(20_000)}\r\n`;
  test.each([
    [
      "the API gets a 20 kB Authorization header",
      `GET /api/tickets HTTP/1.1\r\nHost: x\r\n${huge}Connection: close\r\n\r\n`,
    ],
    [
      "socket.io's polling gets a 20 kB Authorization header",
      `GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n${huge}\r\n`,
    ],
    [
      "a WebSocket upgrade carries a 20 kB Authorization header",
      "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${huge}\r\n`,
    ],
    [
      "a request carries thousands of small headers",
      `GET /api/health HTTP/1.1\r\nHost: x\r\n${"X-Pad: 1\r\n".repeat(3000)}\r\n`,
    ],
  ])("when %s, then 413 PAYLOAD_TOO_LARGE, never a bare 431", async (_what, head) => {
    const { statuses, body } = answers(await rawExchange([head]));
    expect(statuses).toEqual([413]);
    expect(body.error?.code).toBe("PAYLOAD_TOO_LARGE");
  });

  test("when the second request of a keep-alive connection carries them, then it is 413 PAYLOAD_TOO_LARGE after the first's 200", async () => {
    const first = "GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n";
    const second = `GET /api/tickets HTTP/1.1\r\nHost: x\r\n${huge}\r\n`;
    const { statuses, body } = answers(await rawExchange([first, second]));
    expect(statuses).toEqual([200, 413]);
    expect(body.error?.code).toBe("PAYLOAD_TOO_LARGE");
  });
});
