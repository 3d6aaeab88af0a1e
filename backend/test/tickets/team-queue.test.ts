import request from "supertest";
import { randomUUID } from "node:crypto";
import { createTestContext, type TestContext } from "../support/test-context";
import { teamApi } from "../team/helpers";
import { expectError, ticketApi } from "./helpers";

/** The team endpoints where they meet the queue: bulk filters, saved views, admin skills. */

let ctx: TestContext;
let api: ReturnType<typeof ticketApi>;
let team: ReturnType<typeof teamApi>;
beforeAll(async () => {
  ctx = await createTestContext();
  api = ticketApi(ctx);
  team = teamApi(ctx);
});
afterAll(() => ctx.close());

describe("a bulk or view filter's q means what the queue's q means", () => {
  test("when q is #N, a bare N or text, then the queue, a view's count and a bulk change name the same tickets", async () => {
    const admin = await ctx.admin();
    const shop = await ctx.shopUser();
    const tag = `q-${randomUUID().slice(0, 8)}`;
    const word = `zq${randomUUID().slice(0, 8)}`;
    const target = await api.ticket(shop, { subject: "Parcel never arrived", message: "Where is it?" });
    const n = target.number;
    // Two tickets whose text has the number (an order number, say), and one whose internal note has a word.
    const mentions = [
      await api.ticket(shop, { subject: `Refund for order ${n}`, message: "Please." }),
      await api.ticket(shop, { subject: "Another one", message: `It is about ${n} again.` }),
    ];
    const noted = await api.ticket(shop, { subject: "Quiet", message: "Nothing here." });
    expect((await api.post(admin, noted.id, { body: `${word} seen`, internal: true })).status).toBe(201);
    const all = [target, ...mentions, noted];
    await team.bulk(admin, { ids: all.map((t) => t.id), set: { addTags: [tag] } });

    const ids = (items: Array<{ id: string }>) => items.map((t) => t.id).sort();
    for (const q of [`#${n}`, ` ${n} `, word, `${word} ${n}`, "!!!"]) {
      const listed = ids((await api.list(admin, { tag, q, limit: 100 })).body.items);
      const view = await request(ctx.app)
        .post("/api/views")
        .set(admin.auth)
        .send({ name: `q ${q}`, filters: { tag, q } });
      expect(view.status).toBe(201);
      expect({ q, count: view.body.count }).toEqual({ q, count: listed.length });
    }
    expect(ids((await api.list(admin, { tag, q: `#${n}` })).body.items)).toEqual([target.id]);
    expect(ids((await api.list(admin, { tag, q: `${n}` })).body.items)).toEqual(ids([target, ...mentions]));

    const res = await team.bulk(admin, { filter: { tag, q: `#${n}` }, set: { priority: "urgent" } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ updated: 1, skipped: [] });
    expect((await api.get(admin, target.id)).body.priority).toBe("urgent");
    for (const t of [...mentions, noted]) expect((await api.get(admin, t.id)).body.priority).toBe("medium");

    const byNote = await team.bulk(admin, { filter: { tag, q: word }, set: { priority: "low" } });
    expect(byNote.body).toMatchObject({ updated: 1 });
    expect((await api.get(admin, noted.id)).body.priority).toBe("low");

    // Text with nothing searchable in it matches nothing: not the whole queue, in the list or in a bulk change.
    expect((await api.list(admin, { tag, q: "!!!" })).body.items).toEqual([]);
    const none = await team.bulk(admin, { filter: { tag, q: "' & | ! :* (" }, set: { priority: "high" } });
    expect(none.body).toMatchObject({ updated: 0 });
    for (const t of all) expect((await api.get(admin, t.id)).body.priority).not.toBe("high");
  });
});

describe("DELETE /api/views/:id", () => {
  test("when the id is not a UUID, then 404 like an unknown view, never a 500", async () => {
    const admin = await ctx.admin();
    for (const id of ["-".repeat(36), "0".repeat(36), "not-a-view", randomUUID()]) {
      expectError(
        await request(ctx.app)
          .delete(`/api/views/${encodeURIComponent(id)}`)
          .set(admin.auth),
        404,
        "NOT_FOUND",
      );
    }
  });
});

describe("PUT /api/admins/:id/skills", () => {
  const skills = (
    as: { auth: Record<string, string> },
    id: string,
    body: unknown = { skills: ["billing"] },
  ) =>
    request(ctx.app)
      .put(`/api/admins/${encodeURIComponent(id)}/skills`)
      .set(as.auth)
      .send(body as object);

  test("when the id is not an existing admin, then 404 and nothing is stored; an admin's skills are set", async () => {
    const admin = await ctx.admin();
    const colleague = await ctx.admin();
    const shop = await ctx.shopUser();
    const presence = () => ctx.database.knex("admin_presence").count({ c: "*" }).first();
    const before = await presence();
    for (const id of ["x".repeat(300), `admin-${randomUUID()}`, shop.userId, "-".repeat(36)]) {
      expectError(await skills(admin, id), 404, "NOT_FOUND");
    }
    expect(await presence()).toEqual(before);

    expect((await skills(admin, colleague.userId)).status).toBe(204);
    const row = await ctx.database.knex("admin_presence").where({ user_id: colleague.userId }).first();
    expect(row.skills).toEqual(["billing"]);
    expectError(await skills(shop, colleague.userId), 403, "FORBIDDEN");
  });

  test("when skills are set, then GET /api/admins lists each admin's (normalised), and a shop still gets 403", async () => {
    const admin = await ctx.admin();
    const colleague = await ctx.admin();
    const skillsOf = async (id: string) => {
      const list = await team.listAdmins(admin);
      expect(list.status).toBe(200);
      return (list.body.items as Array<{ id: string; skills: unknown }>).find((a) => a.id === id)?.skills;
    };
    // Never set: an empty list, not a missing field.
    expect(await skillsOf(colleague.userId)).toEqual([]);

    const body = { skills: [" Billing ", "shipping", "billing"] };
    expect((await skills(admin, colleague.userId, body)).status).toBe(204);
    expect(await skillsOf(colleague.userId)).toEqual(["billing", "shipping"]);
    // The others' are their own.
    expect(await skillsOf(admin.userId)).toEqual([]);

    // Emptied again: back to none.
    expect((await skills(admin, colleague.userId, { skills: [] })).status).toBe(204);
    expect(await skillsOf(colleague.userId)).toEqual([]);

    // The one-admin answers carry the field too: PATCH (with the skills kept) and POST (none yet).
    expect((await skills(admin, colleague.userId, { skills: ["returns"] })).status).toBe(204);
    const patched = await team.setActive(admin, colleague.userId, false);
    expect(patched.body).toMatchObject({ id: colleague.userId, skills: ["returns"] });
    const created = await team.createAdmin(admin, { email: `skills-${randomUUID()}@team.test`, name: "Sam" });
    expect(created.status).toBe(201);
    expect(created.body.skills).toEqual([]);

    const shop = await ctx.shopUser();
    expectError(await team.listAdmins(shop), 403, "FORBIDDEN");
    expectError(await skills(shop, colleague.userId, { skills: ["billing"] }), 403, "FORBIDDEN");
  });

  test("when the OpenAPI document is generated, then an Admin has skills: a required list of strings", async () => {
    const doc = (await request(ctx.app).get("/api/docs/openapi.json")).body;
    const admin = doc.components.schemas.Admin;
    expect(admin.required).toContain("skills");
    expect(admin.properties.skills).toMatchObject({ type: "array", items: { type: "string" } });
  });

  test("when a skill is blank or too long, then 400 VALIDATION_FAILED names it and nothing changes", async () => {
    const admin = await ctx.admin();
    const colleague = await ctx.admin();
    expect((await skills(admin, colleague.userId, { skills: ["orders"] })).status).toBe(204);
    for (const bad of [{ skills: ["   "] }, { skills: ["x".repeat(65)] }, { skills: "orders" }, {}]) {
      const res = await skills(admin, colleague.userId, bad);
      expectError(res, 400, "VALIDATION_FAILED");
      expect(res.body.error.details[0].path).toMatch(/^skills/);
    }
    const list = await team.listAdmins(admin);
    const row = (list.body.items as Array<{ id: string; skills: string[] }>).find(
      (a) => a.id === colleague.userId,
    );
    expect(row?.skills).toEqual(["orders"]);
  });

  test("when the admin is deactivated, then their skills can still be set", async () => {
    const admin = await ctx.admin();
    const leaving = await ctx.admin();
    expect((await team.setActive(admin, leaving.userId, false)).status).toBe(200);
    expect((await skills(admin, leaving.userId, { skills: ["returns"] })).status).toBe(204);
  });
});
