/**
 * A webhook URL's password (`https://user:password@host/...`) is a secret like the webhook's own: answers
 * show it as `***`, while deliveries still go to the URL the admin typed, credentials and all (node:http
 * turns the userinfo into an `Authorization: Basic` header).
 */
import request from "supertest";
import type { Actor, TestContext } from "../support/test-context";
import { startNotificationsTest, type DeliveryDto, type NotificationsTest } from "./notifications-test";
import { eventually, type ProviderStandIn } from "./stand-ins";

let n: NotificationsTest;
let ctx: TestContext;
let provider: ProviderStandIn;
let root: Actor;

beforeAll(async () => {
  n = await startNotificationsTest({ NOTIFY_TIMEOUT_MS: "1000" });
  ({ ctx, provider, root } = n);
});

afterAll(() => n?.close());

/** The stand-in's URL with `userinfo@` put before its host. */
const withUserinfo = (userinfo: string, rest: string) =>
  provider.url.replace("://", `://${userinfo}@`) + rest;

type WebhookDto = { id: string; url: string; events: string[]; secret?: string };

async function listed(id: string): Promise<WebhookDto | undefined> {
  const res = await request(ctx.app).get("/api/webhooks").set(root.auth);
  expect(res.status).toBe(200);
  return (res.body.items as WebhookDto[]).find((w) => w.id === id);
}

/** Registers a webhook (expecting 201), runs `check` on the answer, and deletes it whatever happens. */
async function withWebhook(url: string, check: (created: WebhookDto) => Promise<void> | void) {
  const created = await request(ctx.app)
    .post("/api/webhooks")
    .set(root.auth)
    .send({ url, events: ["sla.breached"] });
  expect(created.status).toBe(201);
  try {
    await check(created.body as WebhookDto);
  } finally {
    await request(ctx.app)
      .delete(`/api/webhooks/${created.body.id as string}`)
      .set(root.auth)
      .expect(204);
  }
}

it("when an admin registers a webhook whose URL has a password, then answers show it as *** and the receiver still gets the real credentials", async () => {
  const url = withUserinfo("hook-user:s3cret-pw", "/hook-cred?token=abc");
  const created = await request(ctx.app)
    .post("/api/webhooks")
    .set(root.auth)
    .send({ url, events: ["ticket.created"] });
  expect(created.status).toBe(201);
  const masked = withUserinfo("hook-user:***", "/hook-cred?token=abc");
  expect(created.body.url).toBe(masked);
  expect(JSON.stringify(created.body)).not.toContain("s3cret-pw");
  const hook = created.body as WebhookDto;

  const list = await request(ctx.app).get("/api/webhooks").set(root.auth);
  expect(list.status).toBe(200);
  expect(JSON.stringify(list.body)).not.toContain("s3cret-pw");
  expect((await listed(hook.id))?.url).toBe(masked);

  try {
    const sent = await request(ctx.app)
      .post("/api/notifications/test")
      .set(root.auth)
      .send({ channel: "webhook" });
    expect(sent.status).toBe(202);
    const [call] = await eventually(() => {
      const got = provider.on("/hook-cred");
      return got.length > 0 && got;
    }, "the webhook call");
    // Query-string tokens are the receiver's business and travel as typed.
    expect(call!.path).toBe("/hook-cred?token=abc");
    expect(call!.headers.authorization).toBe(
      `Basic ${Buffer.from("hook-user:s3cret-pw").toString("base64")}`,
    );

    const deliveries = await eventually(async () => {
      const res = await request(ctx.app).get(`/api/webhooks/${hook.id}/deliveries`).set(root.auth);
      const items = res.body.items as DeliveryDto[];
      return items.length > 0 && items.every((d) => d.status === "sent") && res;
    }, "the webhook delivery");
    expect(JSON.stringify(deliveries.body)).not.toContain("s3cret-pw");
    const all = await request(ctx.app).get("/api/notifications/deliveries?channel=webhook").set(root.auth);
    expect(JSON.stringify(all.body)).not.toContain("s3cret-pw");
  } finally {
    await request(ctx.app).delete(`/api/webhooks/${hook.id}`).set(root.auth).expect(204);
  }
});

it("when a webhook URL has no password, then answers show it byte for byte as the admin typed it", async () => {
  // A username alone, an upper-case scheme and host, a default port, dot segments, an empty password:
  // none of it is a secret and none of it is rewritten.
  const port = new URL(provider.url).port;
  const urls = [
    withUserinfo("hook-user", "/hook-plain?b=2&a=1#frag"),
    `HTTP://LOCALHOST:${port}/a/../Hook-Plain/`,
    withUserinfo("hook-user:", "/hook-plain"),
    `http://127.0.0.1:80/hook-plain`,
  ];
  for (const url of urls) {
    await withWebhook(url, async (created) => {
      expect(created.url).toBe(url);
      expect((await listed(created.id))?.url).toBe(url);
    });
  }
});

it("when the username or password is percent-encoded or the userinfo holds an @, then only the password is masked", async () => {
  await withWebhook(withUserinfo("team%40shop:p%40ss:w0rd@x", "/hook-odd"), (created) => {
    // The password runs from the first ":" to the last "@" before the host (the URL standard's reading).
    expect(created.url).toBe(withUserinfo("team%40shop:***", "/hook-odd"));
    expect(JSON.stringify(created)).not.toMatch(/p%40ss|w0rd/);
  });
});

it("when an admin registers a URL copied from the list, its password still masked, then it is refused with what to do", async () => {
  const res = await request(ctx.app)
    .post("/api/webhooks")
    .set(root.auth)
    .send({ url: withUserinfo("hook-user:***", "/hook-copied"), events: ["ticket.created"] });
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe("VALIDATION_FAILED");
  expect(JSON.stringify(res.body.error.details)).toContain("type the real password");
});
