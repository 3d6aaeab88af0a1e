import request from "supertest";
import type { Express } from "express";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { migrateToLatest, openDatabase } from "../../src/platform/db";
import { createTestContext, type Actor, type TestContext } from "../support/test-context";

/** A calendar open around the clock, so business time is wall time and expectations are hand-computable. */
export const ALWAYS_OPEN = {
  timeZone: "UTC",
  hours: (["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const).map((day) => ({
    day,
    start: "00:00",
    end: "24:00",
  })),
  holidays: [],
};
/** First response 60 minutes, resolution 240 minutes, for every priority. */
export const FLAT_TARGETS = (["low", "medium", "high", "urgent"] as const).map((priority) => ({
  priority,
  firstResponseMinutes: 60,
  resolutionMinutes: 240,
}));

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

export function putPolicy(app: Express, admin: Actor, body: unknown) {
  return request(app)
    .put("/api/sla-policies")
    .set(admin.auth)
    .send(body as object);
}

export const ms = (iso: string) => new Date(iso).getTime();
export const isoAt = (t: number) => new Date(t).toISOString();

/**
 * A test context whose SLA policy no other test file sees. On PGlite every file has its own database
 * anyway; on a shared PostgreSQL (DATABASE_URL) the context gets a schema of its own (migrated, dropped by
 * `close`), so a file that changes the policy many times cannot disturb files running beside it.
 */
export async function isolatedTestContext(): Promise<TestContext> {
  const shared = process.env.DATABASE_URL;
  if (!shared) return createTestContext();
  const schema = `t_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: shared });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = `${shared}${shared.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const db = await openDatabase({ databaseUrl: url });
  try {
    await migrateToLatest(db.knex);
  } finally {
    await db.close();
  }
  process.env.DATABASE_URL = url;
  let ctx: TestContext;
  try {
    ctx = await createTestContext();
  } finally {
    process.env.DATABASE_URL = shared;
  }
  const close = ctx.close.bind(ctx);
  return {
    ...ctx,
    close: async () => {
      await close();
      const c = new pg.Client({ connectionString: shared });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

/**
 * A test context of its own (see isolatedTestContext) with a lead admin, one shop user, and the flat,
 * always-open policy: the set-up of the files that compare the daily summary with the live computation.
 */
export async function leadAndShopContext(): Promise<{
  ctx: TestContext;
  lead: Actor;
  shop: Actor & { shopId: string };
}> {
  const ctx = await isolatedTestContext();
  const lead = await ctx.admin({ name: "Lead" });
  const shop = (await ctx.shopUser()) as Actor & { shopId: string };
  const policy = await putPolicy(ctx.app, lead, { calendar: ALWAYS_OPEN, targets: FLAT_TARGETS });
  if (policy.status !== 200) throw new Error(`PUT /api/sla-policies: ${policy.status}`);
  return { ctx, lead, shop };
}
