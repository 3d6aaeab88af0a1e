import { Router, type RequestHandler } from "express";
import {
  createWebhookBodySchema,
  deliveryListQuerySchema,
  pushSubscriptionBodySchema,
  pushUnsubscribeBodySchema,
  putNotificationPreferencesBodySchema,
  testAlertBodySchema,
  webhookDeliveryListQuerySchema,
  webhookIdParamsSchema,
  type CreatedWebhook,
  type Webhook,
} from "@parley/contract";
import { noQuery, parse } from "../../../platform/http/validate";
import { principalOf, requireRole } from "../../../platform/http/auth";
import type { NotificationsService } from "../service/notifications.service";
import type { StoredWebhook } from "../repository/notification.repository";
import { maskUrlCredentials } from "../domain/webhook-url";

export type NotificationsGuards = { authenticate: RequestHandler; writeRateLimit: RequestHandler };

/** The URL's password is a secret like `secret`, never shown back (as ***); deliveries use the stored URL. */
const toWebhookDto = (w: StoredWebhook): Webhook => ({
  id: w.id,
  url: maskUrlCredentials(w.url),
  events: w.events,
  createdAt: w.createdAt.toISOString(),
});

/** /api/webhooks, /api/notifications/*, /api/me/notification-preferences, /api/me/push-subscriptions. */
export function createNotificationsRouter(deps: {
  service: NotificationsService;
  guards: NotificationsGuards;
}) {
  const { service, guards } = deps;
  const router = Router();
  const auth = guards.authenticate;
  const write = [guards.authenticate, guards.writeRateLimit];
  // Role before input on the admins' routes: a shop hears 403 whatever it sends (the service refuses it too).
  const admin = [guards.authenticate, requireRole("admin")];
  const adminWrite = [...admin, guards.writeRateLimit];

  router.get("/me/notification-preferences", auth, noQuery, async (req, res) => {
    res.json(await service.getPreferences(principalOf(req)));
  });
  router.put("/me/notification-preferences", ...write, noQuery, async (req, res) => {
    const body = parse(putNotificationPreferencesBodySchema, req.body ?? {}, "preferences");
    res.json(await service.putPreferences(principalOf(req), body));
  });

  router.post("/me/push-subscriptions", ...write, noQuery, async (req, res) => {
    const body = parse(pushSubscriptionBodySchema, req.body ?? {}, "subscription");
    await service.subscribePush(principalOf(req), body);
    res.status(201).json({ endpoint: body.endpoint });
  });
  router.delete("/me/push-subscriptions", ...write, noQuery, async (req, res) => {
    const body = parse(pushUnsubscribeBodySchema, req.body ?? {}, "subscription");
    await service.unsubscribePush(principalOf(req), body.endpoint);
    res.status(204).end();
  });
  router.get("/notifications/vapid-public-key", auth, noQuery, (req, res) => {
    res.json({ publicKey: service.vapidPublicKey() });
  });

  router.get("/notifications/channels", ...admin, noQuery, async (req, res) => {
    res.json({ items: await service.channelStatus(principalOf(req)) });
  });
  router.get("/notifications/deliveries", ...admin, async (req, res) => {
    const q = parse(deliveryListQuerySchema, req.query, "query");
    res.json(await service.deliveries(principalOf(req), q));
  });
  router.post("/notifications/test", ...adminWrite, noQuery, async (req, res) => {
    const body = parse(testAlertBodySchema, req.body ?? {}, "test alert");
    res.status(202).json(await service.sendTest(principalOf(req), body.channel));
  });

  router.post("/webhooks", ...adminWrite, noQuery, async (req, res) => {
    const body = parse(createWebhookBodySchema, req.body ?? {}, "webhook");
    const w = await service.createWebhook(principalOf(req), body);
    const dto: CreatedWebhook = { ...toWebhookDto(w), secret: w.secret };
    res.status(201).json(dto);
  });
  router.get("/webhooks", ...admin, noQuery, async (req, res) => {
    res.json({ items: (await service.listWebhooks(principalOf(req))).map(toWebhookDto) });
  });
  router.delete("/webhooks/:id", ...adminWrite, noQuery, async (req, res) => {
    const { id } = parse(webhookIdParamsSchema, req.params, "params");
    await service.deleteWebhook(principalOf(req), id);
    res.status(204).end();
  });
  router.get("/webhooks/:id/deliveries", ...admin, async (req, res) => {
    const { id } = parse(webhookIdParamsSchema, req.params, "params");
    const q = parse(webhookDeliveryListQuerySchema, req.query, "query");
    res.json(await service.webhookDeliveries(principalOf(req), id, q));
  });

  return router;
}
