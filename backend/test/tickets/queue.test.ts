import { randomUUID } from "node:crypto";
import { type Actor } from "../support/test-context";
import { expectError, useTicketContext } from "./helpers";

const { ctx, api } = useTicketContext();

type Item = { id: string; subject: string; status: string; priority: string; assigneeId: string | null };
const subjects = (res: { body: { items: Item[] } }) => res.body.items.map((t) => t.subject);

/** Every page of a list, following nextCursor; `between` runs after each page. */
async function allPages(
  as: Actor,
  query: Record<string, string | number>,
  between: () => Promise<void> = async () => {},
): Promise<Item[]> {
  const seen: Item[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 100; i++) {
    const res = await api.list(as, { ...query, ...(cursor ? { cursor } : {}) });
    expect(res.status).toBe(200);
    seen.push(...res.body.items);
    if (!res.body.nextCursor) return seen;
    cursor = res.body.nextCursor;
    await between();
  }
  throw new Error("pagination did not end");
}

describe("filters", () => {
  test("when filtering by status, priority, assignee and shop, then only matching tickets come back", async () => {
    const shop = await ctx.shopUser();
    const admin = await ctx.admin();
    const other = await ctx.admin();
    const mk = async (subject: string, priority: string) =>
      (await api.ticket(shop, { subject, priority })).id;
    const a = await mk("A", "low");
    const b = await mk("B", "urgent");
    const c = await mk("C", "high");
    const d = await mk("D", "medium");
    await api.patch(admin, a, { assigneeId: admin.userId });
    await api.patch(admin, b, { assigneeId: other.userId, status: "in_progress" });
    await api.patch(admin, c, { status: "resolved" });
    await api.patch(admin, d, { status: "closed" });
    const s = { shopId: shop.shopId! };

    expect(subjects(await api.list(admin, s)).sort()).toEqual(["A", "B", "C", "D"]);
    expect(subjects(await api.list(admin, { ...s, status: "open" }))).toEqual(["A"]);
    expect(subjects(await api.list(admin, { ...s, status: "in_progress,resolved" })).sort()).toEqual([
      "B",
      "C",
    ]);
    expect(subjects(await api.list(admin, { ...s, status: "open,open,open", priority: "low,low" }))).toEqual([
      "A",
    ]);
    // Repeats are one filter however many there are (the bound counts distinct values).
    const nineOpen = Array(9).fill("open").join(",");
    expect(
      subjects(await api.list(admin, { ...s, status: nineOpen, priority: nineOpen.replace(/open/g, "low") })),
    ).toEqual(["A"]);
    expect(subjects(await api.list(admin, { ...s, priority: "urgent,high" })).sort()).toEqual(["B", "C"]);
    expect(subjects(await api.list(admin, { ...s, assignee: "me" }))).toEqual(["A"]);
    expect(subjects(await api.list(other, { ...s, assignee: "me" }))).toEqual(["B"]);
    expect(subjects(await api.list(admin, { ...s, assignee: other.userId }))).toEqual(["B"]);
    expect(subjects(await api.list(admin, { ...s, assignee: "unassigned" })).sort()).toEqual(["C", "D"]);
    expect(subjects(await api.list(admin, { ...s, assignee: "unassigned", status: "closed" }))).toEqual([
      "D",
    ]);
    expect(subjects(await api.list(shop, { status: "open,in_progress" })).sort()).toEqual(["A", "B"]);
  });

  test("when an admin lists without shopId, then tickets of every shop come back", async () => {
    const a = await ctx.shopUser();
    const b = await ctx.shopUser();
    const admin = await ctx.admin();
    const token = `zq${Date.now().toString(36)}`;
    const ta = await api.ticket(a, { subject: `${token} one` });
    const tb = await api.ticket(b, { subject: `${token} two` });
    const res = await api.list(admin, { q: token });
    expect(res.body.items.map((t: Item) => t.id).sort()).toEqual([ta.id, tb.id].sort());
  });

  test("when updatedSince is given, then only tickets changed after it come back", async () => {
    const shop = await ctx.shopUser();
    const admin = await ctx.admin();
    const old = await api.ticket(shop, { subject: "old" });
    const fresh = await api.ticket(shop, { subject: "fresh" });
    const since = (await api.get(admin, fresh.id)).body.updatedAt;
    await new Promise((r) => setTimeout(r, 5));
    await api.patch(admin, old.id, { priority: "high" });
    const res = await api.list(admin, { shopId: shop.shopId!, updatedSince: since });
    expect(subjects(res)).toEqual(["old"]);
    expect(
      subjects(await api.list(shop, { updatedSince: new Date(Date.now() + 60_000).toISOString() })),
    ).toEqual([]);
  });

  test("when a shop filters by assignee, then 403; by another shop, then nothing", async () => {
    const shop = await ctx.shopUser();
    await api.ticket(shop);
    expectError(await api.list(shop, { assignee: "unassigned" }), 403, "FORBIDDEN");
    expect((await api.list(shop, { shopId: `shop-${randomUUID()}` })).body.items).toEqual([]);
  });

  test.each([
    ["status", { status: "open,waiting" }],
    ["priority", { priority: "p0" }],
    ["sort", { sort: "oldest" }],
    ["limit", { limit: 0 }],
    ["limit", { limit: 101 }],
    ["limit", { limit: "ten" }],
    ["updatedSince", { updatedSince: "yesterday" }],
    ["q", { q: "x".repeat(501) }],
    ["cursor", { cursor: "not-a-cursor" }],
  ])("when %s is invalid, then 400 VALIDATION_FAILED naming it", async (path, query) => {
    const res = await api.list(await ctx.admin(), query as Record<string, string | number>);
    expectError(res, 400, "VALIDATION_FAILED");
    expect(res.body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: expect.stringMatching(new RegExp(`^${path}`)) }),
      ]),
    );
  });

  test("when a ticket is listed, then its item has the same fields and values as the ticket itself", async () => {
    // A listed ticket carries its page's sort key inside the server (the repository adds it to the
    // mapped ticket rather than copying); only the DTO's whitelisted fields may reach the client.
    const shop = await ctx.shopUser();
    const admin = await ctx.admin();
    const { id, number } = await api.ticket(shop, { subject: "Fields of a listed ticket" });
    for (const [as, query] of [
      [admin, { shopId: shop.shopId!, sort: "priority" }],
      [shop, { sort: "created" }],
      [admin, { shopId: shop.shopId!, q: "listed" }],
      [shop, { q: `#${number}` }],
    ] as const) {
      const listed = (await api.list(as, query)).body.items.find((t: { id: string }) => t.id === id);
      const { searchSnippet, ...rest } = listed;
      expect(rest).toEqual((await api.get(as, id)).body);
      expect(searchSnippet === undefined).toBe(!("q" in query));
    }
  });

  test("when limit is 1 or 100, then it is accepted", async () => {
    const admin = await ctx.admin();
    expect((await api.list(admin, { limit: 1 })).status).toBe(200);
    expect((await api.list(admin, { limit: 100 })).status).toBe(200);
  });
});

describe("a view read many times (named statement, one plan after five reads on PostgreSQL)", () => {
  test("when three shops read the same view in turn, past the switch to one plan, then each sees only its own tickets", async () => {
    const admin = await ctx.admin();
    const shops = [await ctx.shopUser(), await ctx.shopUser(), await ctx.shopUser()];
    // Shop i has i + 1 matching tickets and one that the view leaves out.
    for (const [i, shop] of shops.entries()) {
      for (let n = 0; n <= i; n++) await api.ticket(shop, { subject: `S${i}-${n}`, priority: "urgent" });
      const other = await api.ticket(shop, { subject: `S${i}-resolved`, priority: "urgent" });
      await api.patch(admin, other.id, { status: "resolved" });
    }
    const view = { status: "open,in_progress", priority: "high,urgent", sort: "priority", limit: 10 };
    for (let round = 0; round < 8; round++) {
      for (const [i, shop] of shops.entries()) {
        const expected = Array.from({ length: i + 1 }, (_, n) => `S${i}-${n}`).sort();
        const asShop = await api.list(shop, view);
        const asAdmin = await api.list(admin, { ...view, shopId: shop.shopId! });
        expect(subjects(asShop).sort()).toEqual(expected);
        expect(subjects(asAdmin).sort()).toEqual(expected);
        // Each side counts the other side's messages: the shop's first message is unread for the admins
        // only. Two texts that differ only in the side would be told apart here, not by the subjects.
        const unread = (res: { body: { items: Array<{ unreadCount: number }> } }) =>
          res.body.items.map((t) => t.unreadCount);
        expect(unread(asShop)).toEqual(expected.map(() => 0));
        expect(unread(asAdmin)).toEqual(expected.map(() => 1));
      }
    }
  });
});

describe("full-text search", () => {
  test("when q is a prefix of a word in the subject or a public message, then the ticket is found", async () => {
    const shop = await ctx.shopUser();
    const admin = await ctx.admin();
    const refund = await api.ticket(shop, { subject: "Refund request", message: "order 5531 broken" });
    const courier = await api.ticket(shop, { subject: "Late parcel", message: "Where is it?" });
    await api.post(admin, courier.id, { body: "The courier Hermesworld lost it" });
    const s = { shopId: shop.shopId! };
    const found = async (as: Actor, q: string) =>
      (await api.list(as, { ...(as.role === "admin" ? s : {}), q })).body.items.map((t: Item) => t.id);

    expect(await found(admin, "refu")).toEqual([refund.id]);
    expect(await found(shop, "REFUND")).toEqual([refund.id]);
    expect(await found(admin, "5531")).toEqual([refund.id]);
    expect(await found(shop, "hermes")).toEqual([courier.id]);
    expect(await found(admin, "late herm")).toEqual([courier.id]);
    expect(await found(admin, "refund hermes")).toEqual([]);
    const hyphen = await api.ticket(shop, {
      subject: "Order-7731 via e-mail",
      message: "from ops@acme-shop.example",
    });
    expect(await found(admin, "7731")).toEqual([hyphen.id]);
    expect(await found(shop, "acme-shop")).toEqual([hyphen.id]);
    expect(await found(shop, "mail 773")).toEqual([hyphen.id]);
    expect(await found(admin, "zzzqqq")).toEqual([]);
  });

  test("when q is hostile, then the answer is never a 500", async () => {
    const admin = await ctx.admin();
    const shop = await ctx.shopUser();
    await api.ticket(shop, { subject: "Zahlung rückerstattung", message: "返金してください" });
    const hostile = [
      "'",
      '"',
      "&|!:*()",
      "a & | b",
      "foo:*B",
      "!!!refund",
      "(refund",
      "<->",
      "\\",
      "' OR 1=1 --",
      "x".repeat(500),
      "a ".repeat(250),
      "rück",
      "返金",
      "🙂 emoji",
      "   ",
      "",
    ];
    for (const q of hostile) {
      const res = await api.list(admin, { q });
      expect({ q, status: res.status }).toEqual({ q, status: 200 });
    }
    // PostgreSQL text cannot hold U+0000: refused up front as a validation error, never a 500.
    expectError(await api.list(admin, { q: "a\u0000b" }), 400, "VALIDATION_FAILED");
    const unicode = await api.list(shop, { q: "rück" });
    expect(subjects(unicode)).toEqual(["Zahlung rückerstattung"]);
  });
});

describe("sorts and keyset pagination", () => {
  test("when sorting by priority, then urgent first, then most recently updated", async () => {
    const shop = await ctx.shopUser();
    const admin = await ctx.admin();
    for (const [subject, priority] of [
      ["low-1", "low"],
      ["urgent-1", "urgent"],
      ["medium-1", "medium"],
      ["urgent-2", "urgent"],
      ["high-1", "high"],
    ]) {
      await api.ticket(shop, { subject, priority });
    }
    const s = { shopId: shop.shopId! };
    expect(subjects(await api.list(admin, { ...s, sort: "priority" }))).toEqual([
      "urgent-2",
      "urgent-1",
      "high-1",
      "medium-1",
      "low-1",
    ]);
    expect(subjects(await api.list(admin, { ...s, sort: "created" }))).toEqual([
      "high-1",
      "urgent-2",
      "medium-1",
      "urgent-1",
      "low-1",
    ]);
    // Touching urgent-1 makes it the most recently updated ticket.
    const urgent1 = (await api.list(admin, s)).body.items;
    await api.post(admin, urgent1.find((t: Item) => t.subject === "urgent-1").id, { body: "on it" });
    expect(subjects(await api.list(admin, { ...s, sort: "priority", limit: 2 }))).toEqual([
      "urgent-1",
      "urgent-2",
    ]);
    expect(subjects(await api.list(admin, s))[0]).toBe("urgent-1");
    expect(subjects(await api.list(admin, { ...s, sort: "created" }))[0]).toBe("high-1");
  });

  test.each(["updated", "created", "priority"])(
    "when paging by %s while new tickets arrive, then every ticket appears exactly once",
    async (sort) => {
      const shop = await ctx.shopUser();
      const admin = await ctx.admin();
      const priorities = ["low", "medium", "high", "urgent"];
      const original: string[] = [];
      for (let i = 0; i < 23; i++) {
        original.push((await api.ticket(shop, { subject: `t${i}`, priority: priorities[i % 4] })).id);
      }
      let added = 0;
      const seen = await allPages(admin, { shopId: shop.shopId!, sort, limit: 4 }, async () => {
        await api.ticket(shop, { subject: `new${added++}`, priority: priorities[added % 4] });
      });
      const ids = seen.map((t) => t.id);
      expect(new Set(ids).size).toBe(ids.length); // no repeats
      for (const id of original) expect(ids).toContain(id); // no skips
      expect(added).toBeGreaterThanOrEqual(5);
    },
  );

  test.each(["updated", "created", "priority"])(
    "when paging by %s with status and priority lists, then each match appears once, in order",
    async (sort) => {
      const shop = await ctx.shopUser();
      const admin = await ctx.admin();
      const priorities = ["low", "medium", "high", "urgent"];
      const made: Array<{ id: string; status: string; priority: string }> = [];
      for (let i = 0; i < 20; i++) {
        const t = await api.ticket(shop, { subject: `m${i}`, priority: priorities[i % 4] });
        const status = i % 3 === 0 ? "resolved" : i % 3 === 1 ? "in_progress" : "open";
        if (status !== "open") await api.patch(admin, t.id, { status });
        made.push({ id: t.id, status, priority: priorities[i % 4]! });
      }
      const query = {
        shopId: shop.shopId!,
        sort,
        limit: 3,
        status: "open,resolved",
        priority: "low,high,urgent",
      };
      const seen = await allPages(admin, query);
      const expected = made
        .filter((t) => t.status !== "in_progress" && t.priority !== "medium")
        .map((t) => t.id);
      expect(seen.map((t) => t.id).sort()).toEqual([...expected].sort());
      const onePage = (await api.list(admin, { ...query, limit: 100 })).body.items.map((t: Item) => t.id);
      expect(seen.map((t) => t.id)).toEqual(onePage);
    },
  );

  test("when a shop pages through its own tickets, then the same holds", async () => {
    const shop = await ctx.shopUser();
    const made: string[] = [];
    for (let i = 0; i < 7; i++) made.push((await api.ticket(shop, { subject: `s${i}` })).id);
    const seen = await allPages(shop, { limit: 3 });
    expect(seen.map((t) => t.id).sort()).toEqual([...made].sort());
  });

  test("when a cursor is tampered with or used with another sort, then 400 VALIDATION_FAILED", async () => {
    const shop = await ctx.shopUser();
    const admin = await ctx.admin();
    for (let i = 0; i < 3; i++) await api.ticket(shop);
    const first = await api.list(admin, { shopId: shop.shopId!, limit: 1 });
    const cursor: string = first.body.nextCursor;
    expect(cursor).toEqual(expect.any(String));
    expectError(
      await api.list(admin, { shopId: shop.shopId!, limit: 1, cursor, sort: "priority" }),
      400,
      "VALIDATION_FAILED",
    );
    const forged = Buffer.from(JSON.stringify({ s: "updated", t: "yesterday", i: "x" })).toString(
      "base64url",
    );
    expectError(await api.list(admin, { cursor: forged }), 400, "VALIDATION_FAILED");
    expectError(await api.list(admin, { cursor: "%%%" }), 400, "VALIDATION_FAILED");
  });

  test("when a hand-made cursor carries a time or rank PostgreSQL cannot hold, then 400 on cursor, not 500", async () => {
    const admin = await ctx.admin();
    const cursorOf = (payload: Record<string, unknown>) =>
      Buffer.from(JSON.stringify({ i: randomUUID(), ...payload })).toString("base64url");
    const refused = async (query: Record<string, string>) => {
      const res = await api.list(admin, query);
      expectError(res, 400, "VALIDATION_FAILED");
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: "cursor" })]);
    };
    for (const t of [
      "0000-01-01T00:00:00Z",
      "-271821-04-20T00:00:00Z",
      "+275760-09-13T00:00:00Z",
      "1969-12-31T23:59:59Z",
      "+010000-01-01T00:00:00Z",
    ]) {
      await refused({ cursor: cursorOf({ s: "updated", t }) });
      await refused({ sort: "created", cursor: cursorOf({ s: "created", t }) });
      await refused({ sort: "due", cursor: cursorOf({ s: "due", t }) });
      await refused({ sort: "priority", cursor: cursorOf({ s: "priority", t, r: 2 }) });
      await refused({ sort: "relevance", q: "order", cursor: cursorOf({ s: "relevance", t, r: 0.5 }) });
    }
    const now = new Date().toISOString();
    for (const r of [1e300, 3.5e38, 1e-300, 1e-46]) {
      await refused({ sort: "relevance", q: "order", cursor: cursorOf({ s: "relevance", t: now, r }) });
    }
    // The bounds themselves are cursors the queue can issue: the last instant is sort=due's "no deadline".
    for (const t of ["1970-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z"]) {
      expect((await api.list(admin, { sort: "due", cursor: cursorOf({ s: "due", t }) })).status).toBe(200);
    }
    for (const r of [1e30, 3.4028234663852886e38, 1e-20, 0]) {
      const res = await api.list(admin, {
        sort: "relevance",
        q: "order",
        cursor: cursorOf({ s: "relevance", t: now, r }),
      });
      expect(res.status).toBe(200);
    }
  });
});
