/**
 * Findings of an audit of the backend (session 35): a ticket's tags changed on their own sent no webhook,
 * and an admin's skill was lower-cased after its length was checked. Each test answered wrongly before its
 * fix. Real app, real PGlite, real HTTP: the webhooks reach a local receiver (the notifications stand-in).
 */
import request from "supertest";
import { CATEGORY_MAX } from "@parley/contract";
import type { Actor, TestContext } from "../support/test-context";
import { eventually, verifySignature, type ProviderStandIn } from "../notifications/stand-ins";
import { startNotificationsTest, type NotificationsTest } from "../notifications/notifications-test";
import { expectError } from "../tickets/helpers";

let n: NotificationsTest;
let ctx: TestContext;
let provider: ProviderStandIn;
let root: Actor;

beforeAll(async () => {
  n = await startNotificationsTest({});
  ({ ctx, provider, root } = n);
});
afterAll(() => n?.close());

type WebhookCall = {
  type: string;
  data: { ticket: { id: string }; changes: Array<{ type: string; from: string | null; to: string | null }> };
};

/** Registers a webhook for ticket.updated at `path` on the stand-in; returns its id and signing secret. */
async function hookTicketUpdates(path: string): Promise<{ id: string; secret: string }> {
  const created = await request(ctx.app)
    .post("/api/webhooks")
    .set(root.auth)
    .send({ url: `${provider.url}${path}`, events: ["ticket.updated"] });
  expect(created.status).toBe(201);
  return created.body as { id: string; secret: string };
}

/** The calls the receiver got on `path` about this ticket. */
const callsAbout = (path: string, ticketId: string) =>
  provider.on(path).filter((r) => (r.json as WebhookCall).data.ticket.id === ticketId);

describe("PUT /api/tickets/:id/tags", () => {
  it("when an admin changes a ticket's tags, then ticket.updated webhooks hear the new tags as a bulk change sends them, and a no-op sends nothing", async () => {
    const path = "/hook-tags";
    const hook = await hookTicketUpdates(path);
    try {
      const shop = await ctx.shopUser();
      const single = await n.fileTicket(shop, "Tagged alone");
      const bulked = await n.fileTicket(shop, "Tagged in bulk");

      const put = await request(ctx.app)
        .put(`/api/tickets/${single.id}/tags`)
        .set(root.auth)
        .send({ tags: ["VIP", "refund"] });
      expect(put.status).toBe(200);

      const [call] = await eventually(() => {
        const got = callsAbout(path, single.id);
        return got.length > 0 && got;
      }, "the tags change's webhook call");
      expect(verifySignature(hook.secret, call!.headers["x-parley-signature"] as string, call!.raw)).toBe(
        true,
      );
      const body = call!.json as WebhookCall;
      expect(body.type).toBe("ticket.updated");
      expect(body.data.ticket).toMatchObject({ id: single.id, subject: "Tagged alone" });
      expect(body.data.changes).toEqual([{ type: "tags", from: "", to: "refund,vip" }]);

      // The bulk endpoint's tag change: the single PUT's payload has the same shape, field for field.
      const bulk = await request(ctx.app)
        .post("/api/tickets/bulk")
        .set(root.auth)
        .send({ ids: [bulked.id], set: { addTags: ["refund", "vip"] } });
      expect(bulk.status).toBe(200);
      const [bulkCall] = await eventually(() => {
        const got = callsAbout(path, bulked.id);
        return got.length > 0 && got;
      }, "the bulk change's webhook call");
      const bulkBody = bulkCall!.json as WebhookCall;
      expect(bulkBody.data.changes).toEqual([{ type: "tags", from: "", to: "refund,vip" }]);
      expect(Object.keys(body).sort()).toEqual(Object.keys(bulkBody).sort());
      expect(Object.keys(body.data).sort()).toEqual(Object.keys(bulkBody.data).sort());
      expect(Object.keys(body.data.ticket).sort()).toEqual(Object.keys(bulkBody.data.ticket).sort());

      // The same tags again change nothing (as a bulk that changes nothing): no event. A real change after
      // it is the next and only other one; the worker plans events in order, so a no-op's would be listed.
      const same = await request(ctx.app)
        .put(`/api/tickets/${single.id}/tags`)
        .set(root.auth)
        .send({ tags: ["refund", "vip", "VIP"] });
      expect(same.status).toBe(200);
      const next = await request(ctx.app)
        .put(`/api/tickets/${single.id}/tags`)
        .set(root.auth)
        .send({ tags: ["vip"] });
      expect(next.status).toBe(200);
      await eventually(
        () => callsAbout(path, single.id).length >= 2,
        "the second tags change's webhook call",
      );
      const deliveries = await n.deliveriesOf(single.id, "webhook");
      expect(deliveries).toHaveLength(2);
      expect(callsAbout(path, single.id).map((c) => (c.json as WebhookCall).data.changes)).toEqual(
        expect.arrayContaining([[{ type: "tags", from: "refund,vip", to: "vip" }]]),
      );
    } finally {
      await request(ctx.app).delete(`/api/webhooks/${hook.id}`).set(root.auth).expect(204);
    }
  });
});

describe("PUT /api/admins/:id/skills", () => {
  /** The skills GET /api/admins lists for this admin (as stored). */
  async function skillsOf(admin: Actor): Promise<string[]> {
    const res = await request(ctx.app).get("/api/admins").set(root.auth).expect(200);
    const found = (res.body.items as Array<{ id: string; skills: string[] }>).find(
      (a) => a.id === admin.userId,
    );
    return found!.skills;
  }
  const putSkills = (admin: Actor, skills: string[]) =>
    request(ctx.app).put(`/api/admins/${admin.userId}/skills`).set(root.auth).send({ skills });

  it("when a skill is within the limit only before lower-casing, then it is refused with 400 and nothing is stored", async () => {
    const agent = await ctx.admin({ name: "Skilled" });
    expect(await putSkills(agent, ["billing"]).then((r) => r.status)).toBe(204);

    // "İ" lower-cases to "i" and a combining dot: 64 characters sent, 128 stored.
    const dotted = "İ".repeat(CATEGORY_MAX);
    expect(dotted.toLowerCase()).toHaveLength(2 * CATEGORY_MAX);
    const res = await putSkills(agent, ["shipping", dotted]);
    expectError(res, 400, "VALIDATION_FAILED");
    expect(res.body.error.details).toEqual([{ path: "skills.1", message: expect.any(String) }]);
    expect(await skillsOf(agent)).toEqual(["billing"]);
  });

  it("when skills are within the limit once trimmed and lower-cased, then they are stored that way", async () => {
    const agent = await ctx.admin({ name: "Also skilled" });
    // Half as many: exactly the limit once lower-cased.
    const dotted = "İ".repeat(CATEGORY_MAX / 2);
    const res = await putSkills(agent, ["  Billing ", "billing", dotted]);
    expect(res.status).toBe(204);
    const stored = await skillsOf(agent);
    expect([...stored].sort()).toEqual(["billing", dotted.toLowerCase()].sort());
    expect(Math.max(...stored.map((s) => s.length))).toBe(CATEGORY_MAX);
  });
});
