/**
 * WhatsApp delivers free text only within 24 hours of the number's last message to the business; outside
 * that window only an approved template gets through. With WHATSAPP_TEMPLATE every alert is sent as that
 * template; without it, Meta's "outside the window" answer says what to set. The Cloud API is a local
 * stand-in, the configuration the real one.
 */
import {
  renderAlert,
  renderDigest,
  type OutboxEvent,
} from "../../src/domains/notifications/domain/notification";
import { sendWhatsApp } from "../../src/domains/notifications/service/providers";
import request from "supertest";
import { createTestContext, testConfig } from "../support/test-context";
import { startProviderStandIn, type ProviderStandIn } from "./stand-ins";

let provider: ProviderStandIn;
beforeAll(async () => {
  provider = await startProviderStandIn();
});
afterAll(() => provider?.close());

const whatsApp = (env: Record<string, string> = {}) => {
  const c = testConfig({
    WHATSAPP_TOKEN: "wa-token",
    WHATSAPP_PHONE_ID: "phone-7",
    WHATSAPP_TO: "4915100000007",
    WHATSAPP_API_URL: provider.url,
    ...env,
  }).notify.whatsapp;
  if (!c) throw new Error("WhatsApp is not configured");
  return c;
};

const event = (subject: string, body: string): OutboxEvent => ({
  id: "e1",
  type: "message.created",
  createdAt: new Date(),
  payload: {
    ticket: {
      id: "7b1c3c2e-0000-4000-8000-000000000001",
      number: 42,
      shopId: "shop-1",
      shopName: "Acme Outfitters",
      subject,
      status: "open",
      priority: "high",
      assigneeId: null,
    },
    message: { id: "m1", senderType: "shop", senderName: "Sam", body, createdAt: new Date().toISOString() },
  },
});

type TemplateSend = {
  messaging_product: string;
  to: string;
  type: string;
  template?: {
    name: string;
    language: { code: string };
    components: Array<{ type: string; parameters: Array<{ type: string; text: string }> }>;
  };
  text?: unknown;
};

test("when WHATSAPP_TEMPLATE is set, then an alert goes as that template with its title, preview and link as the body's variables", async () => {
  const c = whatsApp({ WHATSAPP_TEMPLATE: "parley_alert", WHATSAPP_TEMPLATE_LANGUAGE: "de" });
  const alert = renderAlert(
    event("Refund for order 1042", "The parcel came back.\n\nCan we refund\tthe buyer?     Thanks"),
    "admin",
    "https://desk.example.test",
  );
  const before = provider.on("/phone-7/messages").length;
  const result = await sendWhatsApp(c, alert, 2000);
  expect(result).toMatchObject({ ok: true, statusCode: 200 });

  const sent = provider.on("/phone-7/messages").slice(before);
  expect(sent).toHaveLength(1);
  expect(sent[0]!.headers.authorization).toBe("Bearer wa-token");
  const json = sent[0]!.json as TemplateSend;
  expect(json).toMatchObject({
    messaging_product: "whatsapp",
    to: "4915100000007",
    type: "template",
    template: { name: "parley_alert", language: { code: "de" } },
  });
  expect(json.text).toBeUndefined();
  expect(json.template!.components).toEqual([
    {
      type: "body",
      parameters: [
        { type: "text", text: "New message from Acme Outfitters on #42: Refund for order 1042" },
        { type: "text", text: "The parcel came back. Can we refund the buyer? Thanks" },
        { type: "text", text: "https://desk.example.test/admin?ticket=7b1c3c2e-0000-4000-8000-000000000001" },
      ],
    },
  ]);
});

test("when a digest goes as the template, then its variables hold no line break Meta would refuse", async () => {
  const c = whatsApp({ WHATSAPP_TEMPLATE: "parley_alert" });
  const alerts = [1, 2, 3].map((n) =>
    renderAlert(event(`Parcel ${n}`, `Where is it ${n}?`), "admin", "https://desk.example.test"),
  );
  const before = provider.on("/phone-7/messages").length;
  expect((await sendWhatsApp(c, renderDigest(alerts, "admin", "https://desk.example.test"), 2000)).ok).toBe(
    true,
  );
  const json = provider.on("/phone-7/messages").slice(before)[0]!.json as TemplateSend;
  expect(json.template!.language.code).toBe("en_US");
  const texts = json.template!.components[0]!.parameters.map((p) => p.text);
  expect(texts[0]).toBe("3 new alerts in Parley");
  expect(texts[1]).toContain(" · ");
  for (const text of texts) expect(text).not.toMatch(/[\n\r\t]| {5}|^$/);
});

test("without a template, an alert goes as free text, and Meta's answer outside the 24-hour window says what to set", async () => {
  const c = whatsApp();
  const alert = renderAlert(event("Late parcel", "Where is it?"), "admin", "https://desk.example.test");
  const before = provider.on("/phone-7/messages").length;
  expect((await sendWhatsApp(c, alert, 2000)).ok).toBe(true);
  expect((provider.on("/phone-7/messages")[before]!.json as TemplateSend).type).toBe("text");

  provider.script("/phone-7/messages", [
    {
      status: 400,
      body: {
        error: {
          message: "(#131047) Re-engagement message",
          type: "OAuthException",
          code: 131047,
          error_data: {
            details:
              "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
          },
        },
      },
    },
  ]);
  const refused = await sendWhatsApp(c, alert, 2000);
  expect(refused).toMatchObject({ ok: false, retryable: false, statusCode: 400 });
  expect(refused.ok === false && refused.detail).toContain("set WHATSAPP_TEMPLATE");
  expect(refused.ok === false && refused.detail).toContain("Re-engagement message");
});

test("a template name or language Meta would not have is refused at start with the setting's name", () => {
  expect(() => whatsApp({ WHATSAPP_TEMPLATE: "Parley Alert" })).toThrow(/WHATSAPP_TEMPLATE/);
  expect(() =>
    whatsApp({ WHATSAPP_TEMPLATE: "parley_alert", WHATSAPP_TEMPLATE_LANGUAGE: "english" }),
  ).toThrow(/WHATSAPP_TEMPLATE_LANGUAGE/);
});

test("the admin's channel status says whether WhatsApp alerts go as a template or as free text", async () => {
  const env = {
    WHATSAPP_TOKEN: "wa-token",
    WHATSAPP_PHONE_ID: "phone-7",
    WHATSAPP_TO: "4915100000007",
    WHATSAPP_API_URL: provider.url,
  };
  const noteOf = async (extra: Record<string, string>) => {
    const ctx = await createTestContext({ ...env, ...extra });
    try {
      const admin = await ctx.admin();
      const res = await request(ctx.app).get("/api/notifications/channels").set(admin.auth);
      expect(res.status).toBe(200);
      const items = res.body.items as Array<{ channel: string; note?: string }>;
      // Only WhatsApp has a note.
      expect(items.filter((c) => c.note !== undefined).map((c) => c.channel)).toEqual(["whatsapp"]);
      return items.find((c) => c.channel === "whatsapp")!.note;
    } finally {
      await ctx.close();
    }
  };
  expect(await noteOf({ WHATSAPP_TEMPLATE: "parley_alert" })).toBe(
    "Sent as the template parley_alert (en_US).",
  );
  expect(await noteOf({})).toContain("set WHATSAPP_TEMPLATE");
});
