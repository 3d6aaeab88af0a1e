// Issue 18, the rough edges: Parley reached through a proxy that refuses WebSocket (as some corporate
// proxies do). The widget says when support usually answers while no admin is online, falls back to
// socket.io's long polling (CORS for the page's origin) and still gets the admin's reply live; with
// socket.io cut off entirely, the 15 s HTTP poll brings the next reply. The admin sees who the visitor is
// (name, email, the page) in the sidebar, and the buyer FAQ frame shrinks back when its content does.
import http from "node:http";
import zlib from "node:zlib";
import { DEMO, watchErrors } from "../harness.mjs";

export const name = "embedding fallbacks: polling, offline hours, visitor details, frame shrink";

const HOURS = "We usually answer weekdays between 9:00 and 17:00.";

function publicPage(parleyViaProxy) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Acme pricing</title></head><body>
<h1>Pricing</h1>
<div id="help" style="width:600px"></div>
<script type="module">
  import { mountHelp } from ${JSON.stringify(`${parleyViaProxy}/parley-embed.js`)};
  mountHelp(document.getElementById("help"), { origin: ${JSON.stringify(parleyViaProxy)}, title: "Buyer help" });
</script>
<script src="${parleyViaProxy}/widget.js" data-parley></script>
</body></html>`;
}

/** The page's own server. */
function startPage(state) {
  const server = http.createServer((req, res) => {
    if (req.url === "/favicon.ico") {
      res.statusCode = 204;
      return res.end();
    }
    if (req.url === "/" || req.url?.startsWith("/pricing")) {
      res.setHeader("content-type", "text/html");
      return res.end(publicPage(state.proxy));
    }
    res.statusCode = 404;
    res.end("not found");
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/**
 * A polling response as text. engine.io compresses one over 1 kB (its httpCompression threshold): on a busy
 * machine several packets wait for the next poll and go out together, gzipped.
 */
function decoded(body, encoding) {
  try {
    if (encoding === "gzip") return zlib.gunzipSync(body).toString("utf8");
    if (encoding === "deflate") return zlib.inflateSync(body).toString("utf8");
    if (encoding === "br") return zlib.brotliDecompressSync(body).toString("utf8");
  } catch {
    // recorded as it came
  }
  return body.toString("utf8");
}

/**
 * A proxy in front of Parley that refuses every WebSocket upgrade; with `state.cutSocketIo` it answers
 * 503 to socket.io's long polling too. It remembers what socket.io's polling responses carried.
 */
function startProxy(state) {
  const server = http.createServer((req, res) => {
    const isSocketIo = req.url?.startsWith("/socket.io/");
    if (isSocketIo && state.cutSocketIo) {
      // Readable by the page, so the browser reports the 503 itself rather than a CORS failure.
      res.setHeader("Access-Control-Allow-Origin", "*");
      res.statusCode = 503;
      return res.end("socket.io is down");
    }
    if (req.url?.startsWith("/api/visitor/messages") && req.method === "GET") state.httpPolls += 1;
    const upstream = http.request(
      `${state.parley}${req.url}`,
      { method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        if (!isSocketIo) return up.pipe(res);
        const chunks = [];
        up.on("data", (c) => {
          chunks.push(c);
          res.write(c);
        });
        up.on("end", () => {
          state.pollingBodies.push(decoded(Buffer.concat(chunks), up.headers["content-encoding"]));
          res.end();
        });
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) res.statusCode = 502;
      res.end();
    });
    req.pipe(upstream);
  });
  server.on("upgrade", (_req, socket) => socket.destroy());
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** @param {import("../run.mjs").ScenarioContext} t */
export default async function fallbacks(t) {
  const { browser, step, errors, signIn, eventually, LIVE_TIMEOUT } = t;
  const state = { parley: "", proxy: "", cutSocketIo: false, pollingBodies: [], httpPolls: 0 };
  const site = await startPage(state);
  const proxy = await startProxy(state);
  const pageOrigin = `http://127.0.0.1:${site.address().port}`;
  state.proxy = `http://127.0.0.1:${proxy.address().port}`;
  const parley = await t.startServer({
    EMBED_ALLOWED_ORIGINS: pageOrigin,
    SEED_DEMO: "true",
    VISITOR_HOURS_TEXT: HOURS,
  });
  state.parley = parley.url;
  step(`Parley at ${parley.url}, behind a WebSocket-refusing proxy at ${state.proxy}; page at ${pageOrigin}`);

  const visitorCtx = await browser.newContext({ viewport: { width: 1024, height: 800 } });
  const adminCtx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  for (const ctx of [adminCtx, visitorCtx]) ctx.setDefaultTimeout(15_000);
  const page = await visitorCtx.newPage();
  const admin = await adminCtx.newPage();
  // The refused WebSocket and socket.io's 503s are the point of this story: Chromium logs them as errors.
  watchErrors(page, "visitor", errors, (text) =>
    /WebSocket connection to .* failed|status of 503/.test(text),
  );
  watchErrors(admin, "admin", errors);
  try {
    await page.goto(`${pageOrigin}/pricing?plan=pro`);

    // The buyer FAQ frame: sized to its content, and smaller again when a search leaves little to show.
    const helpIframe = page.locator('iframe[title="Buyer help"]');
    const help = page.frameLocator('iframe[title="Buyer help"]');
    await help.getByRole("searchbox").first().waitFor();
    let full = 0;
    await eventually(async () => {
      full = await helpIframe.evaluate((el) => el.getBoundingClientRect().height);
      return full > 250;
    }, "the FAQ frame grows to its content");
    await help.getByRole("searchbox").first().fill("qqzzxv nothing matches this");
    let narrowed = full;
    await eventually(
      async () => {
        narrowed = await helpIframe.evaluate((el) => el.getBoundingClientRect().height);
        return narrowed < full - 50;
      },
      `the FAQ frame shrinks from ${Math.round(full)}px when its content does`,
    );
    step(
      `the FAQ frame grew to ${Math.round(full)}px and shrank to ${Math.round(narrowed)}px after a search`,
    );

    // No admin has Parley open: the widget says when support answers.
    await page.getByRole("button", { name: "Help", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Help and support" });
    await dialog.getByRole("button", { name: /Write to support/ }).click();
    await dialog.getByText(HOURS, { exact: false }).waitFor();
    step("with nobody online, the widget shows the support hours and asks for an email");

    await dialog.getByPlaceholder("Your name (optional)").fill("Pia Polling");
    await dialog.getByPlaceholder(/Email/).fill("pia@example.com");
    const text = `Does the pro plan include invoices? ${Date.now() % 100000}`;
    await dialog.getByPlaceholder("How can we help?").fill(text);
    await dialog.getByRole("button", { name: "Send" }).click();
    await dialog.getByRole("list").getByText(text).waitFor();
    await page
      .locator('[data-parley-widget][data-live="true"]')
      .waitFor({ state: "attached", timeout: LIVE_TIMEOUT });
    step("WebSocket refused by the proxy; the widget's socket is live over long polling");

    await signIn(admin, parley.url, DEMO.admin.name);
    await admin.waitForURL(`${parley.url}/admin`);
    await admin.goto(`${parley.url}/admin?source=visitor`);
    const row = admin
      .getByRole("list", { name: "Ticket queue" })
      .getByRole("button", { name: /Pia Polling/ });
    await row.waitFor({ timeout: LIVE_TIMEOUT });
    await row.click();
    const visitorBlock = admin.getByRole("region", { name: "Visitor" });
    await visitorBlock.getByText("Pia Polling").waitFor();
    await visitorBlock.getByRole("link", { name: "pia@example.com" }).waitFor();
    const pageLink = await visitorBlock
      .getByRole("link", { name: /\/pricing\?plan=pro/ })
      .getAttribute("href");
    if (pageLink !== `${pageOrigin}/pricing?plan=pro`) throw new Error(`unexpected page link: ${pageLink}`);
    step("the admin sees the visitor's name, email and page in the sidebar");

    const box = admin.getByRole("textbox", { name: "Reply" });
    const reply = "Yes, every plan comes with monthly invoices.";
    await box.fill(reply);
    await box.press("Enter");
    await dialog.getByText(reply).waitFor({ timeout: LIVE_TIMEOUT });
    // The widget's 15 s HTTP poll runs beside the socket, so on a busy machine it may show the reply first;
    // the socket's long-polling response still has to carry it.
    await eventually(
      async () => state.pollingBodies.some((b) => b.includes(reply)),
      "the reply comes through socket.io's long polling",
    );
    step("the reply reached the widget live through socket.io's long polling");

    // socket.io cut off entirely: the widget's 15 s HTTP poll brings the next reply.
    state.cutSocketIo = true;
    await page
      .locator('[data-parley-widget][data-live="false"]')
      .waitFor({ state: "attached", timeout: 60_000 });
    const pollsBefore = state.httpPolls;
    const second = "And you can download them as PDF.";
    await box.fill(second);
    await box.press("Enter");
    await dialog.getByText(second).waitFor({ timeout: 40_000 });
    if (state.httpPolls <= pollsBefore) throw new Error("the second reply did not come by the HTTP poll");
    step("with socket.io down, the 15 s HTTP poll brought the next reply");
  } finally {
    await adminCtx.close();
    await visitorCtx.close();
    site.close();
    proxy.close();
  }
}
