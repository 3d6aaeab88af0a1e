/**
 * A webhook whose host name does not resolve when an event is sent: each attempt is logged and retried with
 * backoff (a DNS failure passes, and nothing may be lost), while a name that resolves to a private address
 * is still refused for good. Real app, database and worker; the webhook receiver is the local stand-in.
 *
 * The outside resolver is stood in for (dns-stand-in.ts) for this file's own host names only: it answers a
 * public address while the webhook is registered (a typo is refused then), EAI_AGAIN as a resolver does
 * during an outage, or loopback once it recovers; any other name, and the `.invalid` one once it is "gone",
 * goes to the real resolver (RFC 6761: `.invalid` never resolves, a real NXDOMAIN).
 */
import request from "supertest";
import { randomUUID } from "node:crypto";
import { eventually } from "./stand-ins";
import { useDnsStandIn } from "./dns-stand-in";
import { startNotificationsTest, type DeliveryDto, type NotificationsTest } from "./notifications-test";

const answer = useDnsStandIn();

const MAX_ATTEMPTS = 4;

async function register(n: NotificationsTest, url: string): Promise<string> {
  const res = await request(n.ctx.app)
    .post("/api/webhooks")
    .set(n.root.auth)
    .send({ url, events: ["ticket.created"] });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** The ticket's delivery to this webhook once it has ended (sent or failed). */
function ended(n: NotificationsTest, ticketId: string, hookId: string): Promise<DeliveryDto> {
  return eventually(
    async () => {
      const d = (await n.deliveriesOf(ticketId, "webhook")).find((x) => x.target === hookId);
      return (d?.status === "sent" || d?.status === "failed") && d;
    },
    "the webhook delivery to end",
    30_000,
  );
}

describe("with private targets refused (the address check resolves the name before each send)", () => {
  let n: NotificationsTest;
  beforeAll(async () => {
    n = await startNotificationsTest({
      WEBHOOK_ALLOW_PRIVATE: "false",
      NOTIFY_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    });
  });
  afterAll(() => n?.close());

  it("when the webhook's host name stops resolving (a real NXDOMAIN), then every attempt is logged and retried until the attempts run out", async () => {
    const host = `gone-${randomUUID().slice(0, 8)}.invalid`;
    answer(host, ["public"]);
    const hookId = await register(n, `http://${host}/hook`);
    // The record is deleted: from now on the real resolver answers, and it never knows an `.invalid` name.
    answer(host, ["real"]);
    const ticket = await n.fileTicket(await n.ctx.shopUser());
    const d = await ended(n, ticket.id, hookId);
    expect(d.log.map((a) => a.outcome)).toEqual(["queued", "retried", "retried", "retried", "failed"]);
    for (const a of d.log.slice(1)) {
      // The resolver's own code: ENOTFOUND, or EAI_AGAIN on a machine with no DNS server at all.
      expect(a.detail).toMatch(/^unreachable: the host name did not resolve \((ENOTFOUND|EAI_AGAIN)\)$/);
    }
    // The waits between attempts are the usual backoff (domain/notification.test.ts). Not measured here: an
    // attempt's time is stamped after the real resolver answered, and its answer takes from 0 ms to a
    // timeout, so the stamps' gaps are not the waits (a busy CI machine showed 36 ms for a 50 ms wait).
    await request(n.ctx.app).delete(`/api/webhooks/${hookId}`).set(n.root.auth).expect(204);
  });

  it("when the resolver fails for a while (EAI_AGAIN) and then answers a loopback address, then the failures are retried and the private address is still refused for good", async () => {
    const host = `flaky-${randomUUID().slice(0, 8)}.example.test`;
    answer(host, ["public"]);
    const hookId = await register(n, `http://${host}/hook-private`);
    answer(host, ["EAI_AGAIN", "EAI_AGAIN", "loopback"]);
    const ticket = await n.fileTicket(await n.ctx.shopUser());
    const d = await ended(n, ticket.id, hookId);
    // Refused at the third attempt, with a fourth still allowed: the refusal is final, not the budget's end.
    expect(d.log.map((a) => [a.outcome, a.detail])).toEqual([
      ["queued", null],
      ["retried", "unreachable: the host name did not resolve (EAI_AGAIN)"],
      ["retried", "unreachable: the host name did not resolve (EAI_AGAIN)"],
      ["failed", "refused: the host is a private, loopback or link-local address"],
    ]);
    expect(n.provider.on("/hook-private")).toHaveLength(0);
    await request(n.ctx.app).delete(`/api/webhooks/${hookId}`).set(n.root.auth).expect(204);
  });
});

describe("with private targets allowed (the connection resolves the name)", () => {
  let n: NotificationsTest;
  beforeAll(async () => {
    n = await startNotificationsTest({
      WEBHOOK_ALLOW_PRIVATE: "true",
      NOTIFY_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    });
  });
  afterAll(() => n?.close());

  it("when the resolver fails for a while (EAI_AGAIN) and then recovers, then the event is retried and delivered once", async () => {
    const host = `flaky-${randomUUID().slice(0, 8)}.example.test`;
    const port = new URL(n.provider.url).port;
    const hookId = await register(n, `http://${host}:${port}/hook-recovers`);
    answer(host, ["EAI_AGAIN", "EAI_AGAIN", "loopback"]);
    const ticket = await n.fileTicket(await n.ctx.shopUser());
    const d = await ended(n, ticket.id, hookId);
    expect(d.log.map((a) => a.outcome)).toEqual(["queued", "retried", "retried", "sent"]);
    expect(d.log[1]!.detail).toMatch(/EAI_AGAIN/);
    const received = n.provider.on("/hook-recovers");
    expect(received).toHaveLength(1);
    expect((received[0]!.json as { data: { ticket: { id: string } } }).data.ticket.id).toBe(ticket.id);
    await request(n.ctx.app).delete(`/api/webhooks/${hookId}`).set(n.root.auth).expect(204);
  });
});
