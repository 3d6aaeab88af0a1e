/**
 * Older deliveries can be listed: GET /api/webhooks/:id/deliveries and GET /api/notifications/deliveries
 * page newest first with a keyset cursor (`cursor` in, `nextCursor` out, as the ticket queue), so an admin
 * sees past the newest 200 attempts after an outage. Deliveries are written straight into the table with
 * chosen times, so that many share a millisecond (as a planning batch's do) and pages end inside a tie.
 */
import request from "supertest";
import { randomUUID } from "node:crypto";
import type { Delivery } from "@parley/contract";
import { createTestContext, type Actor, type TestContext } from "../support/test-context";

let ctx: TestContext;
let root: Actor;
let shop: Actor;
/** Webhook A has ties of five; B shares some of A's instants; C is added by the arrival test. */
let hookA: string;
let hookB: string;

type Row = { id: string; target: string; channel: string; at: Date };
const rowsA: Row[] = [];
const rowsB: Row[] = [];

// Far enough in the past that deliveries written "now" by a test are newer than all of these.
const BASE = Date.now() - 24 * 3_600_000;
const at = (k: number) => new Date(BASE - k * 1000);

/** Newest first, ties by id (descending), as PostgreSQL orders uuids (their hex text's order). */
const newestFirst = (rows: Row[]) =>
  [...rows].sort((a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id);

async function createWebhook(path: string): Promise<string> {
  const res = await request(ctx.app)
    .post("/api/webhooks")
    .set(root.auth)
    .send({ url: `http://127.0.0.1:9/${path}`, events: ["ticket.created"] });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** Writes finished (sent) deliveries, which no worker claims, under one planned event. */
async function insertDeliveries(specs: Array<{ target: string; at: Date; channel?: string }>) {
  const knex = ctx.database.knex;
  const [event] = await knex("notification_events")
    .insert({ type: "ticket.created", payload: JSON.stringify({}), planned_at: new Date().toISOString() })
    .returning("id");
  const rows: Row[] = specs.map((s) => ({
    id: randomUUID(),
    target: s.target,
    channel: s.channel ?? "webhook",
    at: s.at,
  }));
  await knex("notification_deliveries").insert(
    rows.map((r) => ({
      id: r.id,
      event_id: (event as { id: string }).id,
      event_type: "ticket.created",
      channel: r.channel,
      target: r.target,
      status: "sent",
      attempts: 1,
      created_at: r.at.toISOString(),
      sent_at: r.at.toISOString(),
    })),
  );
  return rows;
}

type Page = { items: Delivery[]; nextCursor: string | null };
type Query = Record<string, string | number>;

async function getPage(url: string, query: Query, actor = root) {
  return request(ctx.app).get(url).query(query).set(actor.auth);
}

/** Follows nextCursor from the first page to the last; `between` runs after each page. */
async function allPages(
  url: string,
  query: Query,
  between?: (pageNo: number) => Promise<void>,
): Promise<{ items: Delivery[]; pages: Page[] }> {
  const pages: Page[] = [];
  let cursor: string | null = null;
  do {
    const res = await getPage(url, cursor ? { ...query, cursor } : query);
    expect(res.status).toBe(200);
    const page = res.body as Page;
    pages.push(page);
    cursor = page.nextCursor;
    await between?.(pages.length);
  } while (cursor && pages.length < 100);
  return { items: pages.flatMap((p) => p.items), pages };
}

beforeAll(async () => {
  // Its own database: the log's pages (all channels) then hold this file's deliveries only.
  ctx = await createTestContext({ WEBHOOK_ALLOW_PRIVATE: "true" }, { ownDatabase: true });
  root = await ctx.admin({ name: "Root" });
  shop = await ctx.shopUser();
  hookA = await createWebhook("a");
  hookB = await createWebhook("b");
  // A: 18 deliveries on 5 instants, three of them ties of five; B: 4 on two of A's instants; and two
  // emails on A's newest instant (the log lists them, A's list never does).
  const sizes = [5, 1, 5, 2, 5];
  rowsA.push(
    ...(await insertDeliveries(
      sizes.flatMap((size, k) => Array.from({ length: size }, () => ({ target: hookA, at: at(k) }))),
    )),
  );
  rowsB.push(...(await insertDeliveries([0, 0, 2, 2].map((k) => ({ target: hookB, at: at(k) })))));
  await insertDeliveries([0, 0].map((k) => ({ target: "admins", channel: "email", at: at(k) })));
});

afterAll(() => ctx?.close());

const webhookUrl = (id: string) => `/api/webhooks/${id}/deliveries`;
const LOG = "/api/notifications/deliveries";

describe("GET /api/webhooks/:id/deliveries", () => {
  it("when an admin follows nextCursor with pages that end inside ties, then every delivery of the webhook comes exactly once, newest first", async () => {
    const { items, pages } = await allPages(webhookUrl(hookA), { limit: 4 });
    expect(ids(items)).toEqual(ids(newestFirst(rowsA)));
    expect(pages.map((p) => p.items.length)).toEqual([4, 4, 4, 4, 2]);
    expect(pages.at(-1)!.nextCursor).toBeNull();
    expect(items.every((d) => d.channel === "webhook" && d.target === hookA)).toBe(true);
  });

  it("when the deliveries fill whole pages, then the last full page has nextCursor null (no empty page after it)", async () => {
    const { pages } = await allPages(webhookUrl(hookB), { limit: 2 });
    expect(pages.map((p) => p.items.length)).toEqual([2, 2]);
    expect(pages[1]!.nextCursor).toBeNull();
    const whole = await getPage(webhookUrl(hookB), { limit: 4 });
    expect(whole.body.items).toHaveLength(4);
    expect(whole.body.nextCursor).toBeNull();
  });

  it("when new deliveries arrive between pages, then the later pages neither repeat nor skip one, and the first page shows the new ones", async () => {
    const hookC = await createWebhook("c");
    const older = await insertDeliveries([0, 0, 0, 1, 1, 1, 2].map((k) => ({ target: hookC, at: at(k) })));
    let arrived: Row[] = [];
    const { items } = await allPages(webhookUrl(hookC), { limit: 2 }, async (pageNo) => {
      // After each of the first two pages: deliveries planned now, newer than every listed one.
      if (pageNo <= 2) {
        arrived = [
          ...arrived,
          ...(await insertDeliveries([
            { target: hookC, at: new Date() },
            { target: hookC, at: new Date() },
          ])),
        ];
      }
    });
    expect(ids(items)).toEqual(ids(newestFirst(older)));
    const first = await getPage(webhookUrl(hookC), { limit: 4 });
    expect(ids(first.body.items)).toEqual(ids(newestFirst(arrived)));
  });

  it("when only limit is sent (a client from before paging), then the newest deliveries as before, with nextCursor beside them", async () => {
    const all = await getPage(webhookUrl(hookA), {});
    expect(all.status).toBe(200);
    expect(ids(all.body.items)).toEqual(ids(newestFirst(rowsA)));
    expect(all.body.nextCursor).toBeNull();
    const five = await getPage(webhookUrl(hookA), { limit: 5 });
    expect(ids(five.body.items)).toEqual(ids(newestFirst(rowsA).slice(0, 5)));
    expect(five.body.nextCursor).toEqual(expect.any(String));
  });

  it("when another webhook's cursor is sent, then only this webhook's deliveries older than that point come back", async () => {
    const fromB = await getPage(webhookUrl(hookB), { limit: 1 });
    const cursorB = fromB.body.nextCursor as string;
    const lastB = rowsB.find((r) => r.id === fromB.body.items[0].id)!;
    const res = await getPage(webhookUrl(hookA), { limit: 50, cursor: cursorB });
    expect(res.status).toBe(200);
    const expected = newestFirst(rowsA).filter(
      (r) => r.at < lastB.at || (r.at.getTime() === lastB.at.getTime() && r.id < lastB.id),
    );
    expect(ids(res.body.items)).toEqual(ids(expected));
    expect(res.body.items.some((d: Delivery) => d.target !== hookA)).toBe(false);
  });

  it("when the webhook does not exist, then 404 with or without a cursor", async () => {
    const first = await getPage(webhookUrl(hookA), { limit: 1 });
    for (const query of [{}, { cursor: first.body.nextCursor as string }] as Query[]) {
      const res = await getPage(webhookUrl(randomUUID()), query);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("NOT_FOUND");
    }
  });
});

describe("GET /api/notifications/deliveries (the log)", () => {
  it("when an admin follows nextCursor, with or without a channel, then each of these deliveries comes exactly once, newest first", async () => {
    const webhooks = await allPages(LOG, { channel: "webhook", limit: 3 });
    const mineWebhook = new Set(ids([...rowsA, ...rowsB]));
    const listed = webhooks.items.filter((d) => mineWebhook.has(d.id));
    expect(ids(listed)).toEqual(ids(newestFirst([...rowsA, ...rowsB])));
    expect(new Set(ids(webhooks.items)).size).toBe(webhooks.items.length);
    expect(webhooks.items.every((d) => d.channel === "webhook")).toBe(true);

    const everything = await allPages(LOG, { limit: 7 });
    expect(new Set(ids(everything.items)).size).toBe(everything.items.length);
    const emails = everything.items.filter((d) => d.channel === "email" && d.target === "admins");
    expect(emails).toHaveLength(2);
    const order = everything.items.map((d) => [Date.parse(d.createdAt), d.id] as const);
    for (let i = 1; i < order.length; i++) {
      const [t0, id0] = order[i - 1]!;
      const [t1, id1] = order[i]!;
      expect(t0 > t1 || (t0 === t1 && id0 > id1)).toBe(true);
    }
  });

  it("when only limit is sent, then the newest deliveries and nextCursor", async () => {
    const res = await getPage(LOG, { limit: 2, channel: "webhook" });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.nextCursor).toEqual(expect.any(String));
  });
});

/** base64url of a JSON value, as a cursor is written. */
const b64 = (v: unknown) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");
const ISO = new Date(BASE).toISOString();

describe.each([
  ["the webhook's list", () => webhookUrl(hookA)],
  ["the log", () => LOG],
])("on %s", (_name, url) => {
  it.each([
    ["not base64 JSON", "garbage!!"],
    ["base64 of text", b64("not json")],
    ["a JSON array", b64([ISO, randomUUID()])],
    ["no uuid", b64({ t: ISO, i: "not-a-uuid" })],
    ["no time", b64({ t: "yesterday", i: randomUUID() })],
    ["a time PostgreSQL cannot hold", b64({ t: "+275760-09-13T00:00:00.000Z", i: randomUUID() })],
    ["the ticket queue's cursor", b64({ s: "updated", t: ISO, i: randomUUID() })],
    ["an empty one", ""],
  ])("when the cursor is %s, then 400 VALIDATION_FAILED naming cursor", async (_what, cursor) => {
    const res = await getPage(url(), { cursor });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: "cursor" })]);
  });

  it("when a shop asks, with or without a cursor, then 403 as before", async () => {
    const first = await getPage(url(), { limit: 1 });
    const queries: Query[] = [{}, { cursor: first.body.nextCursor as string }, { cursor: "garbage!!" }];
    for (const query of queries) {
      const res = await getPage(url(), query, shop);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("FORBIDDEN");
    }
  });
});
