/**
 * One user id, both roles (a host may mint both for the same person), on two Parley processes sharing one
 * database. Each process remembers the last token it saw per user and writes (and so checks) the users row
 * only when the token says something new; only admin tokens read `active` on every request. Process A
 * remembered the user as a shop, so after an admin deactivated them (the row had turned admin through B)
 * A kept accepting the shop token: nothing made it read the row again. Deactivation now tells every
 * process to forget the user; a request already being recorded when the message arrives passes once but
 * is not remembered; and a process that lost its listening connection (the message may be lost with it)
 * forgets everyone. Runs only with DATABASE_URL (the embedded database serves one process).
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import request from "supertest";
import { createTestServer, type TestServer } from "../support/test-server";
import type { Actor } from "../support/test-context";

const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

/** Until `probe` resolves true, or `timeoutMs` passes (the other process hears of it asynchronously). */
async function eventually(probe: () => Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

onPostgres("a deactivated admin's id with a shop token, on two processes", () => {
  let a: TestServer;
  let b: TestServer;
  let lead: Actor;
  /** The test's own connection: what A and B do not see through their own code. */
  let dba: pg.Client;
  /** A's adapter's listening connection(s): the ones that appeared when A started. */
  let listenersOfA: number[] = [];
  const listeners = async () =>
    (
      await dba.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE application_name = 'parley-listen' AND datname = current_database()",
      )
    ).rows.map((r) => r.pid);
  // A server-side event reaches only a process whose adapter listens already.
  const listening = (t: TestServer) => () => Promise.resolve(!!t.server.realtime.listener?.listening);

  beforeAll(async () => {
    dba = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await dba.connect();
    const before = new Set(await listeners());
    a = await createTestServer();
    if (!(await eventually(listening(a)))) throw new Error("A's adapter never listened");
    listenersOfA = (await listeners()).filter((pid) => !before.has(pid));
    b = await createTestServer();
    if (!(await eventually(listening(b)))) throw new Error("B's adapter never listened");
    lead = await b.admin({ name: "Lead" });
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await dba?.end();
  });

  /** The same host user as a shop and as an admin, each token signed by the host. */
  const bothRoles = () => {
    const userId = `host-user-${randomUUID()}`;
    const sign = (p: Parameters<TestServer["tokens"]["sign"]>[0]) => ({
      Authorization: `Bearer ${a.tokens.sign(p)}`,
    });
    return {
      userId,
      asShop: sign({ userId, role: "shop", shopId: `shop-${randomUUID()}`, name: "Dual" }),
      asAdmin: sign({ userId, role: "admin", shopId: null, name: "Dual" }),
    };
  };

  /** A remembers the user as a shop; B's admin request turns the row into an admin's. */
  const rememberedAsShopOnA = async (user: ReturnType<typeof bothRoles>) => {
    expect((await request(a.app).get("/api/tickets").set(user.asShop)).status).toBe(200);
    expect((await request(b.app).get("/api/tickets").set(user.asAdmin)).status).toBe(200);
  };

  const deactivate = async (on: TestServer, userId: string) => {
    const res = await request(on.app).patch(`/api/admins/${userId}`).set(lead.auth).send({ active: false });
    expect(res.status).toBe(200);
  };

  const refusedOnA = (user: ReturnType<typeof bothRoles>) => async () =>
    (await request(a.app).get("/api/tickets").set(user.asShop)).status === 401;

  test("when the admin is deactivated through the other process, then the shop token is refused on the first too", async () => {
    const user = bothRoles();
    await rememberedAsShopOnA(user);
    await deactivate(b, user.userId);

    expect(await eventually(refusedOnA(user))).toBe(true);
    expect((await request(b.app).get("/api/tickets").set(user.asShop)).status).toBe(401);
    expect((await request(b.app).get("/api/tickets").set(user.asAdmin)).status).toBe(401);
  });

  test("when the admin is deactivated through the process that remembers the shop token, then it is refused there at once", async () => {
    const user = bothRoles();
    await rememberedAsShopOnA(user);
    await deactivate(a, user.userId);

    expect(await refusedOnA(user)()).toBe(true);
  });

  test("when the deactivation reaches the first process while it is still recording the shop token, then only that request passes", async () => {
    const user = bothRoles();
    const knex = a.database.knex;
    const roleOfRow = async () =>
      (await knex("users").where({ id: user.userId }).first<{ role: string } | undefined>("role"))?.role;
    // The forget message as it reaches A (a namespace's server-side event; server.ts's listener ran first).
    const forgotten = new Promise<void>((resolve) =>
      (a.server.realtime.support.on as (e: string, l: (...args: unknown[]) => void) => void)(
        "identity:forget",
        (id) => {
          if (id === user.userId) resolve();
        },
      ),
    );
    // Holds the user's alert-recipient row, written right after the users row: A's request has written
    // the users row and waits here, between that write and remembering the token.
    const holder = await knex.transaction();
    try {
      await holder.raw(
        "INSERT INTO notification_users (user_id, role, shop_id, email) VALUES (?, 'admin', NULL, NULL)",
        [user.userId],
      );
      const firstOnA = request(a.app)
        .get("/api/tickets")
        .set(user.asShop)
        .then((r) => r.status);
      expect(await eventually(async () => (await roleOfRow()) === "shop")).toBe(true);
      const adminOnB = request(b.app)
        .get("/api/tickets")
        .set(user.asAdmin)
        .then((r) => r.status);
      expect(await eventually(async () => (await roleOfRow()) === "admin")).toBe(true);
      await deactivate(b, user.userId);
      await forgotten;
      await holder.rollback();

      // The window the message cannot close: a request already past the users row passes, once.
      expect(await firstOnA).toBe(200);
      expect(await adminOnB).toBe(401);
    } finally {
      if (!holder.isCompleted()) await holder.rollback();
    }
    expect(await refusedOnA(user)()).toBe(true);
  });

  test("when the first process listens again after losing its connection, then a deactivation it may have missed counts", async () => {
    const user = bothRoles();
    await rememberedAsShopOnA(user);
    // The deactivation's message lost: written straight to the row, as if A had not been listening.
    await dba.query("UPDATE users SET active = false, deactivated_at = now() WHERE id = $1", [user.userId]);
    expect((await request(a.app).get("/api/tickets").set(user.asShop)).status).toBe(200);

    const state = a.server.realtime.listener!;
    const reconnects = state.reconnects;
    expect(listenersOfA).toHaveLength(1);
    await dba.query("SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid", [listenersOfA]);
    expect(await eventually(() => Promise.resolve(state.reconnects > reconnects && state.listening))).toBe(
      true,
    );

    expect(await refusedOnA(user)()).toBe(true);
  });
});
