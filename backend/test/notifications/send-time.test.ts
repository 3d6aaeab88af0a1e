/**
 * An alert to a person is judged again when it is sent, not only when it is planned: it may wait (a reply
 * alert for NOTIFY_UNREAD_AFTER_S, quiet hours, the next paced slot for its address) while its reader turns
 * it off or an admin is deactivated. Real app, database, worker and SMTP stand-in.
 */
import request from "supertest";
import { randomUUID } from "node:crypto";
import type { Actor, TestContext } from "../support/test-context";
import type { Principal } from "../../src/shared/principal";
import { eventually, type SmtpStandIn } from "./stand-ins";
import { startNotificationsTest, type NotificationsTest } from "./notifications-test";

let n: NotificationsTest;
let ctx: TestContext;
let smtp: SmtpStandIn;
let root: Actor;

beforeAll(async () => {
  // Replies wait 3 s for the shop to read them; an address emailed gets its next email 4 s later at most.
  n = await startNotificationsTest({ NOTIFY_UNREAD_AFTER_S: "3", NOTIFY_DIGEST_MS: "4000" });
  ({ ctx, smtp, root } = n);
});
afterAll(() => n?.close());

async function withEmail(a: Actor, email: string): Promise<Actor> {
  const token = ctx.tokens.sign({ ...a, email } as Principal);
  return { ...a, email, token, auth: { Authorization: `Bearer ${token}` } };
}

/** The ticket's email deliveries once none is pending any more. */
const settledEmails = (ticketId: string) =>
  eventually(
    async () => {
      const ds = await n.deliveriesOf(ticketId, "email");
      return ds.length > 0 && ds.every((d) => d.status !== "pending") && ds;
    },
    "the email deliveries' outcomes",
    30_000,
  );

test("when a shop turns email off while a reply alert waits, then the alert is suppressed and no email goes", async () => {
  const shop = await withEmail(await ctx.shopUser(), `turns-off-${randomUUID().slice(0, 8)}@example.test`);
  const t = await n.fileTicket(shop);
  await request(ctx.app)
    .post(`/api/tickets/${t.id}/messages`)
    .set(root.auth)
    .send({ body: "Here is your answer" })
    .expect(201);
  // Planned (for 3 s from now) before the shop changes its mind.
  await eventually(
    async () =>
      (await n.deliveriesOf(t.id, "email")).some(
        (d) => d.eventType === "message.created" && d.status === "pending",
      ),
    "the planned reply alert",
  );
  await request(ctx.app)
    .put("/api/me/notification-preferences")
    .set(shop.auth)
    .send({ email: false })
    .expect(200);
  const [d] = (await settledEmails(t.id)).filter((x) => x.eventType === "message.created");
  expect([d!.status, d!.target]).toEqual(["suppressed", shop.email]);
  expect(smtp.mails.some((m) => m.to.includes(shop.email!))).toBe(false);
});

test("when an admin is deactivated while an alert for them waits for its slot, then they get nothing and the others still do", async () => {
  const suffix = randomUUID().slice(0, 8);
  const created = await request(ctx.app)
    .post("/api/admins")
    .set(root.auth)
    .send({
      email: `leaving-${suffix}@example.test`,
      name: `Leaving ${suffix}`,
      password: "correct horse battery",
    });
  expect(created.status).toBe(201);
  const leaving = `leaving-${suffix}@example.test`;
  const staying = await withEmail(await ctx.admin(), `staying-${suffix}@example.test`);
  await request(ctx.app).get("/api/me/notification-preferences").set(staying.auth).expect(200);
  const shop = await ctx.shopUser();

  // The first alert takes both addresses' slots; the second waits up to 4 s for the next ones.
  const first = await n.fileTicket(shop, `First ${suffix}`);
  await eventually(
    () => smtp.mails.find((m) => m.to.includes(leaving) && m.raw.includes(first.subject)),
    "the first email",
    30_000,
  );
  const second = await n.fileTicket(shop, `Second ${suffix}`);
  await eventually(
    async () => (await n.deliveriesOf(second.id, "email")).some((d) => d.status === "pending"),
    "the second alert planned, waiting for its slot",
  );
  await request(ctx.app)
    .patch(`/api/admins/${encodeURIComponent(created.body.id as string)}`)
    .set(root.auth)
    .send({ active: false })
    .expect(200);
  await eventually(
    () => smtp.mails.find((m) => m.to.includes(staying.email!) && m.raw.includes(second.subject)),
    "the staying admin's second email",
    30_000,
  );
  await settledEmails(second.id);
  expect(smtp.mails.some((m) => m.to.includes(leaving) && m.raw.includes(second.subject))).toBe(false);
});
