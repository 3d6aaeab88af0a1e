import { createNotificationRepository } from "../../src/domains/notifications/repository/notification.repository";
import { createTestContext, type TestContext } from "../support/test-context";

let ctx: TestContext;

beforeAll(async () => {
  // Its own database: no other file's worker may claim these deliveries.
  ctx = await createTestContext({}, { ownDatabase: true });
});
afterAll(() => ctx.close());

it("when a claim is handed back after its lease passed to another worker, then the other worker's claim stands", async () => {
  const knex = ctx.database.knex;
  const repo = createNotificationRepository(knex);
  const [event] = await knex("notification_events")
    .insert({ type: "test", payload: JSON.stringify({ note: "claims" }) })
    .returning<Array<{ id: string }>>("id");
  const [delivery] = await knex("notification_deliveries")
    .insert({ event_id: event!.id, event_type: "test", channel: "telegram", target: "chat-1" })
    .returning<Array<{ id: string }>>("id");
  const row = () => knex("notification_deliveries").where({ id: delivery!.id }).first();

  const ours = (await repo.claimDue(10, 30)).find((d) => d.id === delivery!.id)!;
  expect(ours.attempts).toBe(1);
  await new Promise((r) => setTimeout(r, 80)); // our lease runs out before we started the call
  const theirs = (await repo.claimDue(10, 60_000)).find((d) => d.id === delivery!.id)!;
  expect(theirs.attempts).toBe(2);

  // Ours is stale: handing it back must not unlock the delivery the other worker is sending.
  await repo.releaseClaims([{ id: ours.id, attempts: ours.attempts }]);
  expect(await row()).toMatchObject({ attempts: 2, status: "pending" });
  expect((await row()).locked_until).not.toBeNull();
  expect((await repo.claimDue(10, 60_000)).some((d) => d.id === delivery!.id)).toBe(false);

  // The other worker's own hand-back does release it, due again at once.
  await repo.releaseClaims([{ id: theirs.id, attempts: theirs.attempts }]);
  expect(await row()).toMatchObject({ attempts: 1, locked_until: null });
  expect((await repo.claimDue(10, 60_000)).some((d) => d.id === delivery!.id)).toBe(true);
});
