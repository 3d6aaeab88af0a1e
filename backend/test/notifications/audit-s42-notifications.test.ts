/**
 * Session 42's audit of the notification preferences, through the public API on a real database.
 *
 * 1. The document GET answers, sent back whole by PUT (a read-modify-write client, or a checker's "same
 *    document back"), is accepted, although it names the other role's triggers: they say what GET showed,
 *    so they change nothing. One that says something else is still refused (preference-roles.test.ts).
 * 2. Two quiet-hours changes of one user at the same moment: the alert they hold waits by the quiet hours
 *    stored last, not by a change the second request did not see. PostgreSQL only: the embedded database
 *    has one connection, so there its requests never overlap.
 */
import request from "supertest";
import { randomUUID } from "node:crypto";
import type { Principal } from "../../src/shared/principal";
import type { Actor, TestContext } from "../support/test-context";
import { startNotificationsTest, type NotificationsTest } from "./notifications-test";
import { eventually } from "./stand-ins";

let n: NotificationsTest;
let ctx: TestContext;

beforeAll(async () => {
  n = await startNotificationsTest({});
  ({ ctx } = n);
});
afterAll(() => n?.close());

const PREFS = "/api/me/notification-preferences";
const HOUR = 3_600_000;

describe.each([
  ["an admin", () => ctx.admin(), "slaAlerts", "ticketResolved"],
  ["a shop", () => ctx.shopUser(), "adminReply", "newTicket"],
] as const)("when %s sends back what GET answered", (_who, makeUser, ownKey, otherKey) => {
  let user: Actor;
  beforeAll(async () => {
    user = await makeUser();
  });

  it("as it was, then 200 with the same preferences", async () => {
    const read = await request(ctx.app).get(PREFS).set(user.auth);
    expect(read.status).toBe(200);
    const res = await request(ctx.app).put(PREFS).set(user.auth).send(read.body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(read.body);
    expect((await request(ctx.app).get(PREFS).set(user.auth)).body).toEqual(read.body);
  });

  it("with one of its own switches and its quiet hours changed, then 200 and both are saved", async () => {
    const read = await request(ctx.app).get(PREFS).set(user.auth);
    const quietHours = { from: "22:00", to: "07:00", timeZone: "Europe/Berlin" };
    const res = await request(ctx.app)
      .put(PREFS)
      .set(user.auth)
      .send({ ...read.body, [ownKey]: false, quietHours });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...read.body, [ownKey]: false, quietHours });
  });

  it("with the other role's switch turned off, then still 400 naming it, and nothing is stored", async () => {
    const read = await request(ctx.app).get(PREFS).set(user.auth);
    const res = await request(ctx.app)
      .put(PREFS)
      .set(user.auth)
      .send({ ...read.body, [ownKey]: !read.body[ownKey], [otherKey]: false });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: otherKey })]);
    expect((await request(ctx.app).get(PREFS).set(user.auth)).body).toEqual(read.body);
  });
});

/** "HH:MM" in UTC, `ms` from now. */
const utcClock = (ms: number) => new Date(Date.now() + ms).toISOString().slice(11, 16);
/** Quiet hours (UTC) that started 5 minutes ago and end `hours` from now. */
const quietFor = (hours: number) => ({
  from: utcClock(-5 * 60_000),
  to: utcClock(hours * HOUR),
  timeZone: "UTC",
});
/** The next time after now that the UTC clock reads `hhmm`. */
function nextUtc(hhmm: string): Date {
  const at = new Date();
  at.setUTCHours(Number(hhmm.slice(0, 2)), Number(hhmm.slice(3, 5)), 0, 0);
  if (at.getTime() <= Date.now()) at.setUTCDate(at.getUTCDate() + 1);
  return at;
}

/** How many of this database's sessions wait for a row lock of notification_users. */
async function waitersOnPreferences(): Promise<number> {
  const { rows } = await ctx.database.knex.raw<{ rows: Array<{ n: number | string }> }>(
    `SELECT count(*) AS n FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'
       AND query ILIKE '%notification_users%'`,
  );
  return Number(rows[0]!.n);
}

const onPostgres = process.env.DATABASE_URL ? it : it.skip;

onPostgres(
  "when a user lengthens their quiet hours and, at the same moment, sets them back, then the held alert waits for the end of the ones stored last",
  async () => {
    const tag = randomUUID().slice(0, 8);
    const plain = await ctx.shopUser();
    const email = `quiet-race-${tag}@example.test`;
    const token = ctx.tokens.sign({ ...plain, email } as Principal);
    const shop: Actor = { ...plain, email, token, auth: { Authorization: `Bearer ${token}` } };
    const short = quietFor(3);
    const long = quietFor(6);
    expect((await request(ctx.app).put(PREFS).set(shop.auth).send({ quietHours: short })).status).toBe(200);

    // A resolution alert the quiet hours hold (its email waits for their end).
    const t = await n.fileTicket(shop, `Held ${tag}`);
    await request(ctx.app)
      .patch(`/api/tickets/${t.id}`)
      .set(n.root.auth)
      .send({ status: "resolved" })
      .expect(200);
    const held = await eventually(
      async () =>
        (await n.deliveriesOf(t.id, "email")).find((d) => d.target === email && d.status === "pending"),
      "the held resolution alert",
      30_000,
    );

    // Another session holds the user's row, so both changes are in flight before either is applied; the
    // first to ask is the first served (PostgreSQL queues row-lock waiters in order).
    const knex = ctx.database.knex;
    const blocker = await knex.transaction();
    await blocker("notification_users").where({ user_id: shop.userId }).forUpdate().select("user_id");
    const lengthen = request(ctx.app)
      .put(PREFS)
      .set(shop.auth)
      .send({ quietHours: long })
      .then((r) => r);
    await eventually(async () => (await waitersOnPreferences()) >= 1, "the first change waiting", 10_000);
    const setBack = request(ctx.app)
      .put(PREFS)
      .set(shop.auth)
      .send({ quietHours: short })
      .then((r) => r);
    await eventually(async () => (await waitersOnPreferences()) >= 2, "the second change waiting", 10_000);
    await blocker.commit();
    expect((await lengthen).status).toBe(200);
    expect((await setBack).status).toBe(200);

    expect((await request(ctx.app).get(PREFS).set(shop.auth)).body.quietHours).toEqual(short);
    const row = await knex("notification_deliveries").where({ id: held.id }).first<{ not_before: Date }>();
    // Before the fix: the end of the six-hour quiet hours that are no longer stored.
    expect(new Date(row!.not_before).toISOString()).toBe(nextUtc(short.to).toISOString());
  },
);
