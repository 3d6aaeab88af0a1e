import request from "supertest";
import type { Express } from "express";
import { createApp } from "../../src/app";
import { createModules } from "../../src/modules";
import { createTokenService } from "../../src/platform/auth/token";
import {
  createTestContext,
  openTestDatabase,
  testConfig,
  testLogger,
  TEST_SECRET,
  type TestContext,
} from "../support/test-context";

/**
 * Issue 18: a visitor's first message opens its conversation. Two first messages of one session at once,
 * through two app instances (two processes' worth of state: own modules, own pool), must open exactly one
 * conversation: the guard is the session's row lock in the database, not anything in process memory.
 * With DATABASE_URL each instance has its own connection pool on the same PostgreSQL; on the embedded
 * database the two instances share its one connection.
 */

let apps: [Express, Express];
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  if (process.env.DATABASE_URL) {
    const a: TestContext = await createTestContext();
    const b: TestContext = await createTestContext();
    closers.push(a.close, b.close);
    apps = [a.app, b.app];
    return;
  }
  const database = await openTestDatabase();
  const instance = () => {
    const deps = {
      config: testConfig(),
      database,
      logger: testLogger(),
      tokens: createTokenService(TEST_SECRET),
    };
    return createApp({ ...deps, modules: createModules(deps) });
  };
  apps = [instance(), instance()];
  closers.push(() => database.close());
});
afterAll(async () => {
  for (const close of closers) await close();
});

const ROUNDS = 15;
const AT_ONCE = 4;

test(`when ${AT_ONCE} first messages of one session arrive at once through two instances, then exactly one conversation opens (${ROUNDS} rounds)`, async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const session = await request(apps[0])
      .post("/api/visitor/sessions")
      .send({ name: `Racer ${round}` });
    expect(session.status).toBe(201);
    const auth = { Authorization: `Bearer ${session.body.visitorToken as string}` };

    const sent = await Promise.all(
      Array.from({ length: AT_ONCE }, (_, i) =>
        request(apps[i % 2]!)
          .post("/api/visitor/messages")
          .set(auth)
          .send({ body: `message ${i}` }),
      ),
    );
    expect(sent.map((r) => r.status)).toEqual(Array(AT_ONCE).fill(201));
    const ticketIds = new Set(sent.map((r) => r.body.ticketId as string));
    expect({ round, conversations: ticketIds.size }).toEqual({ round, conversations: 1 });

    // Every message is in that one conversation, whichever instance reads it.
    const read = await request(apps[1]).get("/api/visitor/messages").set(auth);
    expect(read.status).toBe(200);
    const bodies = (read.body.items as Array<{ body: string; ticketId: string }>).map((m) => m.body).sort();
    expect(bodies).toEqual(Array.from({ length: AT_ONCE }, (_, i) => `message ${i}`));
  }
}, 120_000);
