import { DEFAULT_NOTIFICATION_PREFERENCES } from "@parley/contract";
import {
  coalesce,
  CALL_MAX_ALERTS,
  DIGEST_LISTED,
  isPrivateAddress,
  planDeliveries,
  preview,
  quietHoursEnd,
  renderAlert,
  renderDigest,
  retimedFor,
  retryDelayMs,
  SHARED_EMAIL_MAX_RECIPIENTS,
  shareAdminEmail,
  SHARED_EMAIL_TARGET,
  signWebhook,
  webhookData,
  type OutboxEvent,
  type PlanContext,
  type Recipient,
} from "./notification";

const now = new Date("2026-12-01T12:00:00Z");
const ticket = {
  id: "t1",
  number: 7,
  shopId: "s1",
  subject: "Help",
  status: "open",
  priority: "medium",
  assigneeId: null,
};
const person = (userId: string, over: Partial<Recipient> = {}): Recipient => ({
  userId,
  email: `${userId}@x.test`,
  preferences: { ...DEFAULT_NOTIFICATION_PREFERENCES },
  pushSubscriptionIds: [],
  ...over,
});
const ctx = (over: Partial<PlanContext> = {}): PlanContext => ({
  configured: { telegram: true, whatsapp: false, email: true, push: true, webhook: true },
  webhooks: [],
  admins: [],
  shopUsers: [],
  unreadAfterS: 120,
  now,
  ...over,
});
const event = (type: OutboxEvent["type"], payload: Partial<OutboxEvent["payload"]> = {}): OutboxEvent => ({
  id: "e1",
  type,
  createdAt: now,
  payload: { ticket, ...payload },
});
const message = (senderType: string) => ({
  id: "m1",
  senderType,
  senderName: null,
  body: "hi",
  createdAt: now.toISOString(),
});

/** Every address an email goes to, in order: one delivery's own target or a shared one's recipients. */
const emailed = (out: ReturnType<typeof planDeliveries>) =>
  out.filter((d) => d.channel === "email").flatMap((d) => d.recipients ?? [d.target]);

describe("planDeliveries", () => {
  it("sends a new ticket to the chat channels, admins who want it and subscribed webhooks", () => {
    const out = planDeliveries(
      event("ticket.created", { message: message("shop") }),
      ctx({
        admins: [
          person("a1"),
          person("a2", { preferences: { ...DEFAULT_NOTIFICATION_PREFERENCES, newTicket: false } }),
        ],
        webhooks: [
          { id: "w1", events: ["ticket.created"] },
          { id: "w2", events: ["sla.warning"] },
        ],
      }),
    );
    expect(out.map((d) => `${d.channel}:${d.target}`).sort()).toEqual([
      "email:a1@x.test",
      "telegram:default",
      "webhook:w1",
    ]);
  });

  it("sends the message a ticket was opened with to message.created webhooks only (ticket.created alerted everyone else)", () => {
    const opening = event("message.created", { message: message("shop"), opensTicket: true });
    const everyone = ctx({
      admins: [person("a1", { pushSubscriptionIds: ["p1"] })],
      shopUsers: [person("u1")],
      webhooks: [
        { id: "w1", events: ["message.created"] },
        { id: "w2", events: ["ticket.created"] },
      ],
    });
    expect(planDeliveries(opening, everyone).map((d) => `${d.channel}:${d.target}`)).toEqual(["webhook:w1"]);
    // A later shop message still alerts the chats, the admins and the same webhooks.
    const later = event("message.created", { message: message("shop") });
    expect(
      planDeliveries(later, everyone)
        .map((d) => `${d.channel}:${d.target}`)
        .sort(),
    ).toEqual(["email:a1@x.test", "push:p1", "telegram:default", "webhook:w1"]);
    // The webhook's data is a later message's: the marker stays with the planner.
    expect(webhookData(opening.payload)).toEqual(webhookData(later.payload));
    expect(webhookData(later.payload).ticket).toEqual({ ...ticket, source: "shop" });
  });

  it("alerts only the assignee (or everyone when unassigned) about a shop message", () => {
    const assigned = event("message.created", {
      message: message("shop"),
      ticket: { ...ticket, assigneeId: "a2" },
    });
    const out = planDeliveries(assigned, ctx({ admins: [person("a1"), person("a2")] }));
    expect(out.filter((d) => d.channel === "email").map((d) => d.recipientUserId)).toEqual(["a2"]);
    // a2 deactivated (not among the admins alerted): the ticket is nobody's, so everyone hears.
    const orphaned = planDeliveries(assigned, ctx({ admins: [person("a1"), person("a3")] }));
    expect(emailed(orphaned)).toEqual(["a1@x.test", "a3@x.test"]);
  });

  it("sends a low satisfaction score to the chat channels and the assignee only, never to webhooks", () => {
    const low = event("satisfaction.low", {
      satisfaction: { score: 1, comment: "Slow", assigneeId: "a2" },
    });
    const out = planDeliveries(
      low,
      ctx({ admins: [person("a1"), person("a2")], webhooks: [{ id: "w1", events: ["ticket.updated"] }] }),
    );
    expect(out.map((d) => `${d.channel}:${d.recipientUserId ?? d.target}`).sort()).toEqual([
      "email:a2",
      "telegram:default",
    ]);
    const unassigned = event("satisfaction.low", {
      satisfaction: { score: 2, comment: null, assigneeId: null },
    });
    expect(emailed(planDeliveries(unassigned, ctx({ admins: [person("a1"), person("a2")] })))).toEqual([
      "a1@x.test",
      "a2@x.test",
    ]);
  });

  it("emails the admins alerted at the same time as one delivery of up to 50 addresses, one admin alone as their own", () => {
    const admins = Array.from({ length: 52 }, (_, i) => person(`a${String(i).padStart(2, "0")}`));
    const quiet = {
      ...DEFAULT_NOTIFICATION_PREFERENCES,
      quietHours: { from: "11:00", to: "13:30", timeZone: "UTC" },
    };
    admins[51] = person("a51", { preferences: quiet });
    const out = planDeliveries(event("ticket.created", { message: message("shop") }), ctx({ admins }));
    const mails = out.filter((d) => d.channel === "email");
    expect(mails.map((d) => [d.target, d.recipients?.length ?? 1, d.recipientUserId])).toEqual([
      [SHARED_EMAIL_TARGET, SHARED_EMAIL_MAX_RECIPIENTS, null],
      ["a50@x.test", 1, "a50"],
      // Quiet hours: held until they end, so not with the others.
      ["a51@x.test", 1, "a51"],
    ]);
    expect(mails[0]!.recipients).toEqual(admins.slice(0, 50).map((a) => a.email));
    expect(mails[2]!.notBefore.toISOString()).toBe("2026-12-01T13:30:00.000Z");
    expect(emailed(out)).toHaveLength(52);
    // Never a shop's alert: each shop user keeps their own delivery (and its read-in-time suppression).
    const reply = planDeliveries(
      event("message.created", { message: message("admin") }),
      ctx({ shopUsers: [person("u1"), person("u2")] }),
    );
    expect(reply.filter((d) => d.channel === "email").map((d) => [d.target, d.recipients])).toEqual([
      ["u1@x.test", undefined],
      ["u2@x.test", undefined],
    ]);
  });

  it("names the shop by its name when the row carries one, else by its id", () => {
    const named = event("ticket.created", {
      ticket: { ...ticket, shopName: "Acme" },
      message: message("shop"),
    });
    expect(renderAlert(named, "admin", "https://x.test").title).toBe("New ticket #7 from Acme: Help");
    const unnamed = event("ticket.created", { ticket, message: message("shop") });
    expect(renderAlert(unnamed, "admin", "https://x.test").title).toBe("New ticket #7 from shop s1: Help");
    // A website visitor's conversation has no shop: its pseudo-shop id is never shown, in alerts or webhooks.
    const visitorTicket = { ...ticket, shopId: "visitor:4f0c", subject: "Website chat: Vera" };
    const visitor = event("ticket.created", { ticket: visitorTicket, message: message("shop") });
    expect(renderAlert(visitor, "admin", "https://x.test").title).toBe(
      "New ticket #7 from a website visitor: Website chat: Vera",
    );
    expect(webhookData(visitor.payload).ticket).toEqual({
      ...visitorTicket,
      shopId: null,
      source: "visitor",
    });
    // A shop's own alerts name it too (a person may work for several shops).
    const reply = event("message.created", {
      ticket: { ...ticket, shopName: "Acme" },
      message: message("admin"),
    });
    expect(renderAlert(reply, "shop", "https://x.test").title).toBe(
      "New reply on your ticket #7 (Acme): Help",
    );
  });

  it("names the SLA target an alert is about, so two warnings at one threshold do not read alike", () => {
    const named = { ...ticket, shopName: "Acme" };
    const dueAt = "2026-03-02T10:00:00.000Z";
    const warn = (target: string) =>
      renderAlert(
        event("sla.warning", { ticket: named, alert: { target, threshold: 75, dueAt } }),
        "admin",
        "https://x.test",
      ).title;
    expect(warn("firstResponse")).toBe("First response SLA warning (75%) on #7 from Acme: Help");
    expect(warn("resolution")).toBe("Resolution SLA warning (75%) on #7 from Acme: Help");
    const breached = event("sla.breached", { ticket: named, alert: { target: "nextResponse", dueAt } });
    expect(renderAlert(breached, "admin", "https://x.test").title).toBe(
      "Next response SLA breached on #7 from Acme: Help",
    );
  });

  it("delays an admin reply to the shop by the unread window and makes it suppressible", () => {
    const out = planDeliveries(
      event("message.created", { message: message("admin") }),
      ctx({ shopUsers: [person("u1")] }),
    );
    const email = out.find((d) => d.channel === "email")!;
    expect(email.notBefore.getTime() - now.getTime()).toBe(120_000);
    expect(email.suppressIfRead).toBe("m1");
    expect(out.some((d) => d.channel === "telegram")).toBe(false);
  });

  it("holds a personal alert until quiet hours end", () => {
    const quiet = {
      ...DEFAULT_NOTIFICATION_PREFERENCES,
      quietHours: { from: "11:00", to: "13:30", timeZone: "UTC" },
    };
    const out = planDeliveries(
      event("ticket.created", { message: message("shop") }),
      ctx({ admins: [person("a1", { preferences: quiet })] }),
    );
    expect(out.find((d) => d.channel === "email")!.notBefore.toISOString()).toBe("2026-12-01T13:30:00.000Z");
  });
});

describe("rules", () => {
  it("a preview cut inside an emoji keeps the emoji whole (half of one is not valid Unicode; Telegram refuses it)", () => {
    for (let pad = 0; pad < 3; pad++) {
      const p = preview("x".repeat(pad) + "日本語のテキスト😀".repeat(40));
      expect(p.endsWith("…")).toBe(true);
      expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(p)).toBe(false);
    }
  });

  it("quiet hours spanning midnight", () => {
    const q = { from: "22:00", to: "07:00", timeZone: "Europe/Berlin" };
    expect(quietHoursEnd(q, new Date("2026-12-01T22:30:00Z"))?.toISOString()).toBe(
      "2026-12-02T06:00:00.000Z",
    );
    expect(quietHoursEnd(q, new Date("2026-12-01T12:00:00Z"))).toBeNull();
  });

  it("quiet hours end at their local time on the days the clocks change", () => {
    const q = { from: "01:00", to: "05:00", timeZone: "Europe/Berlin" };
    // 01:30 CEST on the autumn change: 05:00 is CET by then (UTC+1), not 04:00 local.
    expect(quietHoursEnd(q, new Date("2025-10-25T23:30:00Z"))?.toISOString()).toBe(
      "2025-10-26T04:00:00.000Z",
    );
    // 01:30 CET on the spring change: 05:00 is CEST (UTC+2), not 06:00 local.
    expect(quietHoursEnd(q, new Date("2025-03-30T00:30:00Z"))?.toISOString()).toBe(
      "2025-03-30T03:00:00.000Z",
    );
    // An end inside the spring gap (02:30 does not exist that night): after the gap, never before.
    const gap = quietHoursEnd({ ...q, to: "02:30" }, new Date("2025-03-30T00:30:00Z"))!;
    expect(gap.getTime()).toBeGreaterThanOrEqual(Date.parse("2025-03-30T01:00:00Z"));
    expect(gap.getTime()).toBeLessThanOrEqual(Date.parse("2025-03-30T01:30:00Z"));
  });

  it("a waiting alert re-timed for changed quiet hours goes by the new ones, and an unread reply keeps its delay", () => {
    const now = new Date("2026-12-01T23:00:00Z");
    const alert = { createdAt: new Date("2026-12-01T22:00:00Z"), suppressIfRead: null };
    expect(retimedFor(null, alert, 120, now).toISOString()).toBe(now.toISOString());
    const q = { from: "22:00", to: "07:00", timeZone: "UTC" };
    expect(retimedFor(q, alert, 120, now).toISOString()).toBe("2026-12-02T07:00:00.000Z");
    expect(retimedFor({ ...q, to: "09:30" }, alert, 120, now).toISOString()).toBe("2026-12-02T09:30:00.000Z");
    expect(retimedFor({ ...q, from: "08:00", to: "09:00" }, alert, 120, now).toISOString()).toBe(
      now.toISOString(),
    );
    const reply = { createdAt: new Date("2026-12-01T22:59:00Z"), suppressIfRead: "m1" };
    expect(retimedFor(null, reply, 120, now).toISOString()).toBe("2026-12-01T23:01:00.000Z");
  });

  it("backoff doubles, jitters within ±50% and is capped", () => {
    expect(retryDelayMs(1, 1000, 60_000, () => 0.5)).toBe(1000);
    expect(retryDelayMs(4, 1000, 60_000, () => 0.5)).toBe(8000);
    expect(retryDelayMs(4, 1000, 60_000, () => 0)).toBe(4000);
    expect(retryDelayMs(30, 1000, 60_000, () => 0.99)).toBe(60_000);
  });

  it("signs t.rawBody with HMAC-SHA256", () => {
    // echo -n '1700000000.{"a":1}' | openssl dgst -sha256 -hmac secret
    expect(signWebhook("secret", '{"a":1}', 1700000000)).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(signWebhook("secret", '{"a":1}', 1700000000)).not.toBe(
      signWebhook("other", '{"a":1}', 1700000000),
    );
  });

  it("knows private addresses", () => {
    for (const a of [
      "127.0.0.1",
      "10.0.0.1",
      "172.20.1.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "::1",
      "fd00::1",
      "fe80::1",
      "::ffff:127.0.0.1",
      "0.0.0.0",
      // A URL's host as WHATWG URL writes it: http://[::ffff:127.0.0.1]/ has the host [::ffff:7f00:1].
      new URL("http://[::ffff:127.0.0.1]/").hostname.slice(1, -1),
      "::ffff:a00:1",
      "0:0:0:0:0:ffff:c0a8:101",
      "::7f00:1",
      "::",
      "64:ff9b::a00:1",
      "2002:7f00:1::",
      "2001:db8::1",
      "fe80::1%eth0",
      "255.255.255.255",
      "224.0.0.1",
      "192.0.2.1",
      "not an address",
    ]) {
      expect([a, isPrivateAddress(a)]).toEqual([a, true]);
    }
    for (const a of ["8.8.8.8", "1.1.1.1", "2606:4700::1111", "::ffff:8.8.8.8", "::ffff:808:808"]) {
      expect([a, isPrivateAddress(a)]).toEqual([a, false]);
    }
  });
});

describe("digests", () => {
  const shopMessage = (id: string, body = "Where is my order?") =>
    event("message.created", {
      ticket: { ...ticket, id },
      message: { id: `m-${id}`, senderType: "shop", senderName: null, body, createdAt: now.toISOString() },
    });
  const adminReply = event("message.created", {
    message: { id: "m", senderType: "admin", senderName: "Ann", body: "Done", createdAt: now.toISOString() },
  });
  const delivery = (
    n: number,
    channel: "telegram" | "email" | "webhook" | "push",
    target: string,
    e = shopMessage(`t${n}`),
    recipientUserId: string | null = null,
  ) => ({ n, channel, target, recipientUserId, event: e });

  it("merges alerts for the same channel, target and audience, in order, into one call up to CALL_MAX_ALERTS", () => {
    const ds = [
      delivery(1, "telegram", "default"),
      delivery(2, "webhook", "h1"),
      delivery(3, "email", "a@x.test", shopMessage("t3"), "a"),
      delivery(4, "telegram", "default"),
      delivery(5, "webhook", "h1"),
      // The same address as a shop user (an admin reply): another audience, another message.
      delivery(6, "email", "a@x.test", adminReply, "a"),
      delivery(7, "email", "a@x.test", shopMessage("t7"), "a"),
      delivery(8, "email", "b@x.test", shopMessage("t8"), "b"),
    ];
    expect(coalesce(ds).map((call) => call.map((d) => d.n))).toEqual([[1, 4], [2], [3, 7], [5], [6], [8]]);
    // More than a message lists still go in one call (pacing's one call a slot): the digest counts the rest.
    const many = Array.from({ length: DIGEST_LISTED.telegram * 3 }, (_, i) =>
      delivery(i, "telegram", "default"),
    );
    expect(coalesce(many).map((c) => c.length)).toEqual([DIGEST_LISTED.telegram * 3]);
    const flood = Array.from({ length: CALL_MAX_ALERTS + 1 }, (_, i) => delivery(i, "email", "a@x.test"));
    expect(coalesce(flood).map((c) => c.length)).toEqual([CALL_MAX_ALERTS, 1]);
    const hooks = Array.from({ length: 3 }, (_, i) => delivery(i, "webhook", "h1"));
    expect(coalesce(hooks).map((c) => c.length)).toEqual([1, 1, 1]);
    const tests = [0, 1].map((n) => delivery(n, "telegram", "default", event("test")));
    expect(coalesce(tests)).toHaveLength(2);
  });

  it("never merges alerts for two recipients on one target: a browser re-registered by another user", () => {
    // Shop user A's reply alert was planned for subscription s1; B (another shop) took the browser over.
    const ds = [
      delivery(1, "push", "s1", adminReply, "shop-a-user"),
      delivery(2, "push", "s1", adminReply, "shop-b-user"),
      delivery(3, "push", "s1", adminReply, "shop-b-user"),
    ];
    expect(coalesce(ds).map((call) => call.map((d) => d.n))).toEqual([[1], [2, 3]]);
  });

  it("shares one admin email among addresses whose calls carry the same alerts, never a shop's, a chat's or a test's", () => {
    const e = (id: string, base = shopMessage(id)) => ({ ...base, id });
    const [a, b, c] = [e("ea"), e("eb"), e("ec")];
    const reply = e("er", adminReply);
    const mail = (n: number, to: string, ev: OutboxEvent, user = to) => delivery(n, "email", to, ev, user);
    const calls = [
      [mail(1, "x@t", a), mail(2, "x@t", b)],
      [mail(3, "y@t", b), mail(4, "y@t", a)], // the same alerts in another order
      [mail(5, "z@t", a)], // fewer alerts: a message of its own
      [mail(6, "s1@t", reply)], // shop users: never shared
      [mail(7, "s2@t", reply)],
      [delivery(8, "telegram", "default", c)],
      [delivery(9, "webhook", "h1", c)],
      [mail(10, "w@t", c)],
      [mail(11, "v@t", c)],
      [mail(12, "me@t", event("test"))],
      [mail(13, "you@t", event("test"))],
    ];
    expect(shareAdminEmail(calls).map((call) => call.map((d) => d.n))).toEqual([
      [1, 2, 3, 4],
      [5],
      [6],
      [7],
      [8],
      [9],
      [10, 11],
      [12],
      [13],
    ]);
    const many = Array.from({ length: SHARED_EMAIL_MAX_RECIPIENTS + 1 }, (_, i) => [mail(i, `a${i}@t`, a)]);
    expect(shareAdminEmail(many).map((call) => call.length)).toEqual([SHARED_EMAIL_MAX_RECIPIENTS, 1]);
  });

  it("digests an email to several admins only with one to the same addresses, and never shares it again", () => {
    const group = (n: number, recipients: string[]) => ({
      ...delivery(n, "email", SHARED_EMAIL_TARGET),
      recipients,
    });
    const calls = coalesce([
      group(1, ["a@t", "b@t"]),
      group(2, ["a@t", "c@t"]),
      group(3, ["a@t", "b@t"]),
      { ...delivery(4, "email", "a@t"), recipients: null },
    ]);
    expect(calls.map((call) => call.map((d) => d.n))).toEqual([[1, 3], [2], [4]]);
    expect(shareAdminEmail(calls).map((call) => call.map((d) => d.n))).toEqual([[1, 3], [2], [4]]);
  });

  it("keeps every alert's title, preview and link, and stays within a chat message's 4,096 characters", () => {
    const long = "x".repeat(2000);
    const chat = DIGEST_LISTED.telegram;
    const alerts = Array.from({ length: chat }, (_, i) =>
      renderAlert(shopMessage(`t${i}`, long), "admin", "https://desk.test/"),
    );
    const d = renderDigest(alerts, "admin", "https://desk.test/");
    expect(d.title).toBe(`${chat} new alerts in Parley`);
    expect(d.text.length).toBeLessThanOrEqual(4096);
    for (let i = 0; i < chat; i++) expect(d.text).toContain(`https://desk.test/admin?ticket=t${i}`);
    expect(d.link).toBe("https://desk.test/admin");
    expect(d.items).toHaveLength(chat);
    const same = renderDigest([alerts[0]!, alerts[0]!], "admin", "https://desk.test/");
    expect(same.link).toBe("https://desk.test/admin?ticket=t0");
  });

  it("counts the alerts it does not list in a last line that links the queue, within 4,096 characters", () => {
    const long = "x".repeat(2000);
    const alerts = Array.from({ length: DIGEST_LISTED.whatsapp }, () =>
      renderAlert(shopMessage("t0", long), "shop", "https://desk.test"),
    );
    const d = renderDigest(alerts, "shop", "https://desk.test", 290);
    expect(d.title).toBe("300 new alerts in Parley");
    expect(d.text.length).toBeLessThanOrEqual(4096);
    expect(d.text.endsWith("…and 290 more: https://desk.test/shop")).toBe(true);
    expect(d.text.split("https://desk.test/shop?ticket=t0")).toHaveLength(DIGEST_LISTED.whatsapp + 1);
    // All listed alerts are about one ticket, but the rest may not be: the digest opens the queue.
    expect(d.link).toBe("https://desk.test/shop");
    expect(d.more).toBe(290);
    expect(d.preview.endsWith("and 290 more")).toBe(true);
  });

  it("shortens long subjects and previews rather than the last alerts' links", () => {
    const url = "https://support.example-company.com/some/long/base/path/";
    const subject = "S".repeat(200);
    const alerts = Array.from({ length: DIGEST_LISTED.telegram }, (_, i) =>
      renderAlert(
        event("message.created", {
          ticket: { ...ticket, id: `ticket-${i}`, subject },
          message: {
            id: `m${i}`,
            senderType: "shop",
            senderName: null,
            body: "y".repeat(3000),
            createdAt: now.toISOString(),
          },
        }),
        "admin",
        url,
      ),
    );
    const d = renderDigest(alerts, "admin", url);
    expect(d.text.length).toBeLessThanOrEqual(4096);
    expect(d.text.endsWith("…")).toBe(false);
    for (let i = 0; i < alerts.length; i++) expect(d.text).toContain(`${url}admin?ticket=ticket-${i}`);
    expect(d.text).toContain("“yyy");
  });
});
