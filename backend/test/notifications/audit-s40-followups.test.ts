/**
 * Follow-ups of session 40's notifications audit. Real app, database, worker and SMTP stand-in.
 *
 * 1. An alert held for its reader's quiet hours goes by the quiet hours they have now: turned off or
 *    shortened, it goes at once; lengthened, it waits for the new end; set while an alert is already in the
 *    worker's hands, that alert waits for them too. The clock is not faked: quiet hours are set around the
 *    real time (in UTC), hours wide, so an alert they hold could only go before the test's deadline by the
 *    change under test.
 * 2. A webhook URL or push endpoint on port 0 (no server listens there) is refused.
 */
import request from "supertest";
import { createECDH, randomBytes, randomUUID } from "node:crypto";
import type { Principal } from "../../src/shared/principal";
import type { Actor, TestContext } from "../support/test-context";
import { startNotificationsTest, type DeliveryDto, type NotificationsTest } from "./notifications-test";
import { eventually, type SmtpStandIn } from "./stand-ins";

let n: NotificationsTest;
let ctx: TestContext;
let smtp: SmtpStandIn;
let root: Actor;

// A slow pacing interval: a second alert to an address is held by the worker for the next slot, 8 s on.
const DIGEST_MS = 8000;

beforeAll(async () => {
  n = await startNotificationsTest({ NOTIFY_DIGEST_MS: String(DIGEST_MS) });
  ({ ctx, smtp, root } = n);
});
afterAll(() => n?.close());

const PREFS = "/api/me/notification-preferences";
const HOUR = 3_600_000;

async function withEmail(a: Actor, email: string): Promise<Actor> {
  const token = ctx.tokens.sign({ ...a, email } as Principal);
  return { ...a, email, token, auth: { Authorization: `Bearer ${token}` } };
}

/** "HH:MM" in UTC, `ms` from now. */
const utcClock = (ms: number) => new Date(Date.now() + ms).toISOString().slice(11, 16);
/** Quiet hours (UTC) that started 5 minutes ago and end `hours` from now. */
const quietFor = (hours: number) => ({
  from: utcClock(-5 * 60_000),
  to: utcClock(hours * HOUR),
  timeZone: "UTC",
});

async function setQuietHours(user: Actor, quietHours: unknown) {
  const res = await request(ctx.app).put(PREFS).set(user.auth).send({ quietHours });
  expect(res.status).toBe(200);
  expect(res.body.quietHours).toEqual(quietHours);
}

/** A ticket of `shop`'s, resolved by an admin: the shop's users get a "resolved" alert. */
async function resolvedTicket(shop: Actor, subject: string) {
  const t = await n.fileTicket(shop, subject);
  await request(ctx.app)
    .patch(`/api/tickets/${t.id}`)
    .set(root.auth)
    .send({ status: "resolved" })
    .expect(200);
  return t;
}

/** The ticket's email delivery to `address` (its own or a shared admin email's) once `ok` holds for it. */
const emailTo = (ticketId: string, address: string, ok: (d: DeliveryDto) => boolean, what: string) =>
  eventually(
    async () =>
      (await n.deliveriesOf(ticketId, "email")).find(
        (d) => (d.target === address || (d.recipients ?? []).includes(address)) && ok(d),
      ),
    what,
    30_000,
  );

/** The next time after now that the UTC clock reads `hhmm`. */
function nextUtc(hhmm: string): Date {
  const at = new Date();
  at.setUTCHours(Number(hhmm.slice(0, 2)), Number(hhmm.slice(3, 5)), 0, 0);
  if (at.getTime() <= Date.now()) at.setUTCDate(at.getUTCDate() + 1);
  return at;
}

const mailTo = (address: string, subject: string) =>
  smtp.mails.find((m) => m.to.includes(address) && m.raw.includes(subject));

const notBeforeOf = async (id: string) =>
  new Date(
    (await ctx.database.knex("notification_deliveries").where({ id }).first<{ not_before: Date }>())!
      .not_before,
  );

/** A shop user with an address, in quiet hours for `hours` more, whose ticket's resolution alert they hold. */
async function heldResolution(hours: number) {
  const tag = randomUUID().slice(0, 8);
  const shop = await withEmail(await ctx.shopUser(), `quiet-${tag}@example.test`);
  await setQuietHours(shop, quietFor(hours));
  const t = await resolvedTicket(shop, `Held ${tag}`);
  const held = await emailTo(t.id, shop.email!, (d) => d.status === "pending", "the held resolution alert");
  return { shop, t, held };
}

describe("held alerts follow the reader's current quiet hours", () => {
  it("when a user turns their quiet hours off while an alert waits for their end, then it is sent at once", async () => {
    const { shop, t } = await heldResolution(3);
    expect(mailTo(shop.email!, t.subject)).toBeUndefined();

    await setQuietHours(shop, null);
    await eventually(() => mailTo(shop.email!, t.subject), "the resolution email", 30_000);
    const sent = await emailTo(t.id, shop.email!, (d) => d.status === "sent", "the delivery sent");
    expect(sent.attempts).toBe(1);
  });

  it("when a user moves their quiet hours so that now is outside them, then the waiting alert is sent at once", async () => {
    const { shop, t } = await heldResolution(3);
    await setQuietHours(shop, { from: utcClock(HOUR), to: utcClock(2 * HOUR), timeZone: "UTC" });
    await eventually(() => mailTo(shop.email!, t.subject), "the resolution email", 30_000);
    const sent = await emailTo(t.id, shop.email!, (d) => d.status === "sent", "the delivery sent");
    expect(sent.attempts).toBe(1);
  });

  it("when a user lengthens their quiet hours, then the waiting alert waits for the new end, not the old one", async () => {
    const { shop, t, held } = await heldResolution(2);
    const longer = quietFor(5);
    await setQuietHours(shop, longer);
    // The new end, about five hours from now.
    expect((await notBeforeOf(held.id)).toISOString()).toBe(nextUtc(longer.to).toISOString());
    const [d] = (await n.deliveriesOf(t.id, "email")).filter((x) => x.id === held.id);
    expect(d).toMatchObject({ status: "pending", attempts: 0 });
    expect(mailTo(shop.email!, t.subject)).toBeUndefined();
  });

  it("when one of two admins who share a held email turns quiet hours off, then only they get it now, and the other's still waits", async () => {
    const tag = randomUUID().slice(0, 8);
    const quiet = quietFor(3);
    const [early, late] = await Promise.all(
      ["early", "late"].map(async (who) => {
        const a = await withEmail(await ctx.admin(), `${who}-${tag}@example.test`);
        await setQuietHours(a, quiet);
        return a;
      }),
    );
    const t = await n.fileTicket(await ctx.shopUser(), `Shared held ${tag}`);
    const shared = await emailTo(
      t.id,
      early!.email!,
      (d) => d.status === "pending" && (d.recipients ?? []).includes(late!.email!),
      "one held email to both admins",
    );

    await setQuietHours(early!, null);
    await eventually(
      () => mailTo(early!.email!, t.subject),
      "the email to the admin out of quiet hours",
      30_000,
    );
    // Split off for the admin whose quiet hours changed; the shared one keeps the other's address, waiting.
    await emailTo(
      t.id,
      early!.email!,
      (d) => d.target === early!.email && d.status === "sent",
      "early's own delivery sent",
    );
    const ds = await n.deliveriesOf(t.id, "email");
    expect(ds.find((d) => d.id === shared.id)).toMatchObject({
      status: "pending",
      recipients: [late!.email],
    });
    expect(mailTo(late!.email!, t.subject)).toBeUndefined();
  });

  it("when a user sets quiet hours while the worker already holds an alert for them, then it is not sent but waits for their end", async () => {
    const tag = randomUUID().slice(0, 8);
    const shop = await withEmail(await ctx.shopUser(), `late-quiet-${tag}@example.test`);
    await request(ctx.app).get(PREFS).set(shop.auth).expect(200);
    // The first alert to the address goes at once and opens its slot; the second is held for the next one.
    const first = await resolvedTicket(shop, `First ${tag}`);
    await eventually(() => mailTo(shop.email!, first.subject), "the first email", 30_000);
    const second = await resolvedTicket(shop, `Second ${tag}`);
    const held = await emailTo(
      second.id,
      shop.email!,
      (d) => d.status === "pending" && d.attempts === 1,
      "the second alert held for the address's next slot",
    );

    const quiet = quietFor(3);
    await setQuietHours(shop, quiet);
    // At its slot the worker judges it again: handed back (no attempt counted) for the quiet hours' end.
    const after = await emailTo(
      second.id,
      shop.email!,
      (d) => d.status === "sent" || (d.status === "pending" && d.attempts === 0),
      "the held alert sent or handed back",
    );
    expect(after).toMatchObject({ id: held.id, status: "pending", attempts: 0 });
    expect((await notBeforeOf(held.id)).toISOString()).toBe(nextUtc(quiet.to).toISOString());
    expect(mailTo(shop.email!, second.subject)).toBeUndefined();
  }, 60_000);
});

describe("a URL on port 0 is refused", () => {
  it("when an admin registers a webhook on port 0, then it is 400 VALIDATION_FAILED naming url, and nothing is stored", async () => {
    for (const url of ["http://127.0.0.1:0/hook", "https://127.0.0.1:000/hook"]) {
      const res = await request(ctx.app)
        .post("/api/webhooks")
        .set(root.auth)
        .send({ url, events: ["ticket.created"] });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_FAILED");
      expect(res.body.error.details).toEqual([{ path: "url", message: expect.stringMatching(/Port 0/) }]);
    }
    const list = await request(ctx.app).get("/api/webhooks").set(root.auth).expect(200);
    expect((list.body.items as Array<{ url: string }>).some((w) => /:0+\//.test(w.url))).toBe(false);
  });

  it("when a browser registers a push endpoint on port 0, then it is 400 VALIDATION_FAILED naming endpoint", async () => {
    const user = await ctx.shopUser();
    const keys = {
      p256dh: createECDH("prime256v1").generateKeys().toString("base64url"),
      auth: randomBytes(16).toString("base64url"),
    };
    const res = await request(ctx.app)
      .post("/api/me/push-subscriptions")
      .set(user.auth)
      .send({ endpoint: "http://127.0.0.1:0/push/abc", keys });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.details).toEqual([{ path: "endpoint", message: expect.stringMatching(/Port 0/) }]);
  });
});
