/* global window, document -- page.evaluate() callbacks run in the browser */
// Parley inside a marketplace (issue 18): a host page on a second local origin embeds the shop's
// SupportTab and the customer FAQ through @parley/embed (served by Parley as /parley-embed.js). The host
// hands its seller's token over by postMessage; the seller clicks "Get help with this order" and files a
// ticket about it; the token never shows in the frame's URL; the frame follows the host's dark theme and
// reports its height; the admin sees the order in the ticket's sidebar with the link back; a page on an
// origin that is not allowed cannot frame Parley.
import { createHmac, randomBytes } from "node:crypto";
import http from "node:http";
import { DEMO, watchErrors } from "../harness.mjs";

export const name = "embedding in a marketplace";

const SECRET = `e2e-embed-${randomBytes(16).toString("hex")}`;

/** An HS256 JWT, as a host platform mints it for its seller. */
function jwt(claims) {
  const enc = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const body = `${enc({ alg: "HS256", typ: "JWT" })}.${enc({ ...claims, exp: Math.floor(Date.now() / 1000) + 3600 })}`;
  return `${body}.${createHmac("sha256", SECRET).update(body).digest("base64url")}`;
}

function hostPage(parley) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Marketplace</title>
<style>body{font-family:sans-serif;margin:0;padding:16px;background:#f4f4f5}</style></head><body>
<h1>Seller dashboard</h1>
<p>Order A-1001 · 2 items <button id="help-order">Get help with this order</button>
<button id="dark">Dark mode</button></p>
<div id="support"></div>
<h2>Help for buyers</h2>
<div id="help"></div>
<script type="module">
  import { mountSupport, mountHelp } from ${JSON.stringify(`${parley}/parley-embed.js`)};
  window.heights = [];
  window.addEventListener("message", (e) => {
    if (e.origin === ${JSON.stringify(parley)} && e.data && e.data.type === "parley:height") window.heights.push(e.data.height);
  });
  const support = mountSupport(document.getElementById("support"), {
    origin: ${JSON.stringify(parley)},
    getToken: () => fetch("/seller-token").then((r) => r.text()),
    title: "Marketplace support",
  });
  mountHelp(document.getElementById("help"), { origin: ${JSON.stringify(parley)}, title: "Buyer help" });
  document.getElementById("help-order").onclick = () =>
    support.openNewTicket({ type: "order", id: "A-1001", title: "Order A-1001", url: location.origin + "/orders/A-1001" });
  document.getElementById("dark").onclick = () => support.setTheme("dark");
</script></body></html>`;
}

/** The host's server; `parley` is read per request, as Parley starts after the host's origin is known. */
function startHost(state) {
  const server = http.createServer((req, res) => {
    if (req.url === "/seller-token") return res.end(state.sellerToken);
    if (req.url === "/favicon.ico") {
      res.statusCode = 204;
      return res.end();
    }
    if (req.url === "/" || req.url === "/index.html") {
      res.setHeader("content-type", "text/html");
      return res.end(hostPage(state.parley));
    }
    res.statusCode = 404;
    res.end("not found");
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** @param {import("../run.mjs").ScenarioContext} t */
export default async function embed(t) {
  const { browser, step, errors, eventually, signIn } = t;
  const sellerToken = jwt({
    sub: `seller-${Date.now()}`,
    role: "shop",
    shopId: "market-shop-7",
    name: "Mia (Market shop 7)",
    contexts: ["order:A-1001"],
  });
  const state = { sellerToken, parley: "" };
  const host = await startHost(state);
  const hostPort = host.address().port;
  const hostOrigin = `http://127.0.0.1:${hostPort}`;
  const parley = await t.startServer({
    EMBED_ALLOWED_ORIGINS: hostOrigin,
    JWT_SECRET: SECRET,
    SEED_DEMO: "true",
  });
  state.parley = parley.url;
  step(`Parley at ${parley.url}, host page at ${hostOrigin}`);

  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  ctx.setDefaultTimeout(15_000);
  const page = await ctx.newPage();
  // The blocked frame of the last step is refused on purpose; Chromium reports that as a console error.
  let expectBlocked = false;
  let sawRefusal = false;
  watchErrors(page, "host", errors, (text) => {
    if (!expectBlocked || !/frame-ancestors/i.test(text)) return false;
    sawRefusal = true;
    return true;
  });
  try {
    await page.goto(hostOrigin);
    const frame = page.frameLocator('iframe[title="Marketplace support"]');
    await frame.getByRole("button", { name: "New ticket", exact: true }).waitFor();
    step("the host's seller is signed in inside the frame (token by postMessage)");

    await page.getByRole("button", { name: "Get help with this order" }).click();
    await frame.getByTestId("ticket-context").getByText("Order A-1001").waitFor();
    const subject = `Order A-1001 arrived damaged ${Date.now() % 10000}`;
    await frame.getByLabel("Subject").fill(subject);
    await frame.getByLabel("Message").fill("One of the two items was broken in the box.");
    await frame.getByRole("button", { name: "Create ticket" }).click();
    await frame.getByRole("heading", { name: subject }).waitFor();
    step("the seller filed a ticket about order A-1001 from the host's deep link");

    const supportFrame = page.frames().find((f) => f.url().includes("/embed/support"));
    if (!supportFrame) throw new Error("no support frame");
    for (const f of page.frames()) {
      if (f.url().includes(sellerToken.slice(-20)))
        throw new Error(`the token is in a frame URL: ${f.url()}`);
    }
    const stored = await supportFrame.evaluate(
      () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
    );
    if (stored.includes(sellerToken)) throw new Error("the embedded frame stored the host's token");
    step("the token is in no frame URL and not in the frame's storage");

    await eventually(() => page.evaluate(() => window.heights.length > 0), "the frames report their height");
    await page.getByRole("button", { name: "Dark mode" }).click();
    await eventually(
      async () => (await supportFrame.evaluate(() => document.documentElement.dataset.embedTheme)) === "dark",
      "the support frame follows the host's dark theme",
    );
    const helpFrame = page.frameLocator('iframe[title="Buyer help"]');
    await helpFrame.getByRole("searchbox").first().waitFor();
    const helpHeight = await page
      .locator('iframe[title="Buyer help"]')
      .evaluate((el) => el.getBoundingClientRect().height);
    if (helpHeight < 250) throw new Error(`the help frame was not sized to its content (${helpHeight}px)`);
    step(
      `the frame went dark on the host's message; the FAQ frame sized itself to ${Math.round(helpHeight)}px`,
    );

    // The admin, in Parley itself, sees the order and the link back to the host.
    const adminToken = jwt({ sub: "e2e-admin", role: "admin", name: "E2E Admin" });
    const list = await fetch(`${parley.url}/api/tickets?contextId=A-1001`, {
      headers: { Authorization: `Bearer ${adminToken}` },
    }).then((r) => r.json());
    const ticket = list.items.find((x) => x.subject === subject);
    if (!ticket || ticket.context?.type !== "order" || ticket.shopId !== "market-shop-7") {
      throw new Error(`the queue's contextId filter did not find the ticket: ${JSON.stringify(list)}`);
    }
    const adminPage = await ctx.newPage();
    watchErrors(adminPage, "admin", errors);
    await signIn(adminPage, parley.url, DEMO.admin.name);
    await adminPage.waitForURL(`${parley.url}/admin`);
    await adminPage.goto(`${parley.url}/admin?ticket=${ticket.id}`);
    const about = adminPage.getByRole("region", { name: "About" });
    const link = about.getByRole("link", { name: "Order A-1001" });
    await link.waitFor();
    const href = await link.getAttribute("href");
    if (href !== `${hostOrigin}/orders/A-1001`) throw new Error(`unexpected link back: ${href}`);
    step("the admin sees 'About order A-1001' with the link back to the host");
    await adminPage.close();

    // A page on an origin that is not allowed (localhost is not 127.0.0.1) cannot frame Parley.
    expectBlocked = true;
    await page.goto(`http://localhost:${hostPort}/`);
    await eventually(async () => sawRefusal, "Chromium refuses to frame Parley for a foreign origin");
    const blocked = page.frames().find((f) => f.url().includes("/embed/support"));
    const content = blocked
      ? await blocked.evaluate(() => document.body?.innerText ?? "").catch(() => "")
      : "";
    if (/New ticket/.test(content)) throw new Error("a page on a foreign origin framed Parley");
    step("a page on another origin is refused by frame-ancestors");
  } finally {
    await ctx.close();
    await new Promise((r) => host.close(r));
  }
}
