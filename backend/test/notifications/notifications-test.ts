/**
 * The set-up both notification test files share: the provider and SMTP stand-ins, a test context on a
 * database of its own with every channel pointed at them, the outbox worker running and a root admin;
 * plus filing a ticket and reading a ticket's deliveries through the API.
 */
import type { Delivery } from "@parley/contract";
import request from "supertest";
import { randomUUID } from "node:crypto";
import { createTestContext, type Actor, type TestContext } from "../support/test-context";
import {
  eventually,
  startProviderStandIn,
  startSmtpStandIn,
  type ProviderStandIn,
  type SmtpStandIn,
} from "./stand-ins";

/** A delivery as the API answers it (the contract's shape). */
export type DeliveryDto = Delivery;

export type FiledTicket = { id: string; number: number; subject: string; createdAt: string };

export type NotificationsTest = {
  ctx: TestContext;
  provider: ProviderStandIn;
  smtp: SmtpStandIn;
  /** An admin to read the delivery log and manage webhooks with. */
  root: Actor;
  /** POST /api/tickets as `shop`; expects 201. */
  fileTicket(shop: Actor, subject?: string, message?: string): Promise<FiledTicket>;
  /** GET /api/notifications/deliveries (optionally one channel), only this ticket's. */
  deliveriesOf(ticketId: string, channel?: string): Promise<DeliveryDto[]>;
  /** Waits until the ticket's first delivery on `channel` has `status`, and returns it. */
  deliveryReaching(
    ticketId: string,
    channel: string,
    status: string,
    timeoutMs?: number,
  ): Promise<DeliveryDto>;
  /** Stops the worker, then closes the context and the stand-ins. */
  close(): Promise<void>;
};

/**
 * Starts the stand-ins and a test context whose Telegram, WhatsApp, SMTP and webhooks point at them, with
 * short polling and backoff; `env` adds the file's own tokens, ids and limits (and may override any of these).
 */
export async function startNotificationsTest(env: Record<string, string>): Promise<NotificationsTest> {
  const provider = await startProviderStandIn();
  const smtp = await startSmtpStandIn();
  const ctx = await createTestContext(
    {
      PUBLIC_URL: "https://desk.example.test",
      TELEGRAM_API_URL: provider.url,
      WHATSAPP_API_URL: provider.url,
      SMTP_URL: smtp.url,
      MAIL_FROM: "Parley <parley@example.test>",
      WEBHOOK_ALLOW_PRIVATE: "true",
      NOTIFY_POLL_MS: "50",
      NOTIFY_RETRY_BASE_MS: "100",
      ...env,
    },
    // Its own database (its own schema on PostgreSQL): the outbox worker plans every unplanned event it
    // sees with this file's provider stand-ins, so another file's worker must never see these events.
    { ownDatabase: true },
  );
  ctx.modules.notifications.startWorker();
  const root = await ctx.admin({ name: "Root" });
  const deliveriesOf = async (ticketId: string, channel?: string) => {
    const res = await request(ctx.app)
      .get(`/api/notifications/deliveries?limit=200${channel ? `&channel=${channel}` : ""}`)
      .set(root.auth);
    expect(res.status).toBe(200);
    return (res.body.items as DeliveryDto[]).filter((d) => d.ticketId === ticketId);
  };
  return {
    ctx,
    provider,
    smtp,
    root,
    async fileTicket(shop, subject = `Ticket ${randomUUID().slice(0, 8)}`, message = "Help.") {
      const res = await request(ctx.app).post("/api/tickets").set(shop.auth).send({ subject, message });
      expect(res.status).toBe(201);
      return res.body as FiledTicket;
    },
    deliveriesOf,
    async deliveryReaching(ticketId, channel, status, timeoutMs) {
      return eventually(
        async () => {
          const [d] = await deliveriesOf(ticketId, channel);
          return d?.status === status && d;
        },
        `the ${channel} delivery ${status}`,
        timeoutMs,
      );
    },
    async close() {
      await ctx.modules.notifications.stopWorker();
      await ctx.close();
      await provider.close();
      await smtp.close();
    },
  };
}
