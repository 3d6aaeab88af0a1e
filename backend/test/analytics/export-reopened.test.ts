import request from "supertest";
import { createTestContext, type Actor, type TestContext } from "../support/test-context";
import { ticketApi } from "../tickets/helpers";
import { ALWAYS_OPEN, FLAT_TARGETS, putPolicy } from "./helpers";

/**
 * The export's resolution time belongs to a resolution: a reopened ticket has neither a resolvedAt nor a
 * resolutionBusinessSeconds (its clock still remembers what the earlier resolution took), and gets both
 * back when it is resolved again.
 */

let ctx: TestContext;
let api: ReturnType<typeof ticketApi>;
let lead: Actor;

beforeAll(async () => {
  ctx = await createTestContext();
  api = ticketApi(ctx);
  lead = await ctx.admin({ name: "Lead" });
  expect((await putPolicy(ctx.app, lead, { calendar: ALWAYS_OPEN, targets: FLAT_TARGETS })).status).toBe(200);
});
afterAll(() => ctx.close());

/** The export's row of one ticket, by column name (the cells here hold no comma or quote). */
async function exportedRow(shop: Actor, id: string): Promise<Record<string, string>> {
  const res = await request(ctx.app)
    .get("/api/analytics/export.csv")
    .query({ shopId: shop.shopId! })
    .set(lead.auth);
  expect(res.status).toBe(200);
  const [header, ...rows] = res.text
    .trim()
    .split("\r\n")
    .map((l) => l.split(","));
  const row = rows.find((r) => r[1] === id);
  expect(row).toBeDefined();
  return Object.fromEntries(header!.map((name, i) => [name, row![i]!]));
}

describe("GET /api/analytics/export.csv of a reopened ticket", () => {
  test("when reopened by the shop, then its row has no resolution time; resolved again, it has one", async () => {
    const shop = await ctx.shopUser();
    const admin = await ctx.admin({ name: "Agent" });
    const t = await api.ticket(shop, { subject: "Reopened" });
    expect((await api.post(admin, t.id, { body: "Try again now" })).status).toBe(201);
    expect((await api.patch(admin, t.id, { status: "resolved" })).status).toBe(200);
    const resolved = await exportedRow(shop, t.id);
    expect(resolved.resolvedAt).not.toBe("");
    expect(Number(resolved.resolutionBusinessSeconds)).toBeGreaterThan(0);

    expect((await api.patch(shop, t.id, { status: "open" })).status).toBe(200);
    const reopened = await exportedRow(shop, t.id);
    expect(reopened).toMatchObject({ status: "open", resolvedAt: "", resolutionBusinessSeconds: "" });
    expect(reopened.firstResponseBusinessSeconds).toBe(resolved.firstResponseBusinessSeconds);

    expect((await api.patch(admin, t.id, { status: "resolved" })).status).toBe(200);
    const again = await exportedRow(shop, t.id);
    expect(again.resolvedAt).not.toBe("");
    expect(Number(again.resolutionBusinessSeconds)).toBeGreaterThan(0);
  });
});
