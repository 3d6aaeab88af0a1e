// Notifications: with TELEGRAM_API_URL at a local stand-in (started here), a shop's new ticket produces the
// Telegram sendMessage call within 5 s, carrying the subject and the deep link; the admin's Notifications
// page shows the delivery in its log.
import http from "node:http";
import { DEMO, api, apiLogin, watchErrors } from "../harness.mjs";

export const name = "notifications";

function telegramStandIn() {
  const calls = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      calls.push({ path: req.url, body: JSON.parse(raw || "{}"), at: Date.now() });
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ ok: true, result: { message_id: calls.length } }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}`, calls, close: () => server.close() }),
    ),
  );
}

/** @param {import("../run.mjs").ScenarioContext} t */
export default async function notifications(t) {
  const { browser, step, errors, eventually, signIn } = t;
  const telegram = await telegramStandIn();
  const server = await t.startServer({
    TELEGRAM_BOT_TOKEN: "1234:e2e-token",
    TELEGRAM_CHAT_ID: "-100",
    TELEGRAM_API_URL: telegram.url,
    PUBLIC_URL: "https://desk.example.test",
  });
  try {
    const shopToken = await apiLogin(server.url, DEMO.acme.email);
    const subject = `Label printer jammed ${Date.now() % 100000}`;
    const posted = Date.now();
    const ticket = await api(server.url, shopToken, "POST", "/api/tickets", {
      subject,
      message: "Every label comes out crumpled.",
    });
    step("shop filed a ticket");
    await eventually(
      async () => telegram.calls.some((c) => c.body.text?.includes(subject)),
      "the Telegram call",
      5000,
    );
    const call = telegram.calls.find((c) => c.body.text.includes(subject));
    if (call.path !== "/bot1234:e2e-token/sendMessage") throw new Error(`unexpected path ${call.path}`);
    if (!call.body.text.includes(`https://desk.example.test/admin?ticket=${ticket.id}`)) {
      throw new Error(`the alert lacks the deep link: ${call.body.text}`);
    }
    step(`Telegram sendMessage with subject and deep link after ${call.at - posted} ms`);

    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    ctx.setDefaultTimeout(15_000);
    const admin = await ctx.newPage();
    watchErrors(admin, "admin", errors);
    await signIn(admin, server.url, DEMO.admin.name);
    await admin.waitForURL(`${server.url}/admin`);
    await admin.getByRole("link", { name: "Notifications" }).click();
    const log = admin.getByRole("list", { name: "Delivery log" });
    await log.getByText("ticket.created").first().waitFor();
    await log.locator('[data-status="sent"]').first().waitFor();
    step("the admin's Notifications page shows the sent Telegram delivery");
    await ctx.close();
  } finally {
    await server.stop();
    telegram.close();
  }
}
