/* global getComputedStyle, document -- page.evaluate() callbacks run in the browser */
// Visitor chat (issue 18): a public page on a second local origin loads Parley's widget.js with one script
// tag. A visitor opens the sticky help button, searches the FAQ and reads an answer, then writes to
// support. The admin, in Parley's queue filtered to Visitors, sees the conversation and replies; the
// visitor's widget shows the reply live (socket), and after a reload the conversation is still there
// (the visitor token in local storage). Keyboard use (audit 7, finding 7): focus follows every view and
// never falls to <body>, Escape and Close hand it back to the launcher, the fields have real labels, and only
// new replies from support are read out, not the history shown on reopening. Audit 12 (F4, F5): a refused
// message says what is wrong (the email only when the server names it, a too-long text with the limit), links
// in replies are links, Enter sends and Shift+Enter breaks the line, and every message shows its time.
// Visitor attachments: the visitor attaches a screenshot from the keyboard ("Attach a file"); it uploads at
// once while Send waits, a program is refused with the server's reason, and the message goes with the
// screenshot, which the visitor sees in its thread and the admin on the ticket.
import http from "node:http";
import { api, apiLogin, DEMO, watchErrors } from "../harness.mjs";

export const name = "visitor chat widget";

/** A 24×16 red PNG: the customer's "screenshot". */
const SCREENSHOT = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAABgAAAAQCAIAAACDRijCAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAIElEQVQ4jWO4o6ZGFcQwatCd0TC6M5qO1EaziBr56QAAMPq8EJVHK/EAAAAASUVORK5CYII=",
  "base64",
);

/** The start of a Windows program ("MZ", then the PE header at 0x80): the server refuses it (415). */
function windowsProgram() {
  const b = Buffer.alloc(1024);
  b.write("MZ", 0, "latin1");
  b.writeUInt32LE(0x80, 0x3c);
  b.write("PE\0\0", 0x80, "latin1");
  return b;
}

function publicPage(parley) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Acme pricing</title>
<style>body{font-family:serif;margin:0;padding:16px} button{background:red !important}</style></head><body>
<h1>Pricing</h1><p>Our plans, explained.</p>
<script src="${parley}/widget.js" data-parley></script>
</body></html>`;
}

/** What has focus, looking into the widget's shadow root: "tag name" or "<BODY>". */
function focused(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return "<BODY>";
    const name = el.getAttribute("aria-label") || el.labels?.[0]?.textContent || el.textContent?.trim() || "";
    return `${el.tagName.toLowerCase()} ${name}`;
  });
}

async function expectFocus(page, expected, when) {
  const actual = await focused(page);
  if (actual !== expected) throw new Error(`${when}: focus is on ${actual}, expected ${expected}`);
}

function startPage(state) {
  const server = http.createServer((req, res) => {
    if (req.url === "/favicon.ico") {
      res.statusCode = 204;
      return res.end();
    }
    if (req.url === "/" || req.url?.startsWith("/pricing")) {
      res.setHeader("content-type", "text/html");
      return res.end(publicPage(state.parley));
    }
    res.statusCode = 404;
    res.end("not found");
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Waits until the widget's link to `name` has its signed URL (fetched when the link is made). */
function eventuallyHref(page, name) {
  return page.waitForFunction(
    (file) =>
      [
        ...(document.querySelector("[data-parley-widget]")?.shadowRoot?.querySelectorAll("a.file") ?? []),
      ].some((a) => a.textContent.includes(file) && a.getAttribute("href")?.includes("sig=")),
    name,
  );
}

/** @param {import("../run.mjs").ScenarioContext} t */
export default async function visitor(t) {
  const { browser, step, errors, signIn, eventually, LIVE_TIMEOUT } = t;
  const state = { parley: "" };
  const site = await startPage(state);
  const pageOrigin = `http://127.0.0.1:${site.address().port}`;
  const parley = await t.startServer({ EMBED_ALLOWED_ORIGINS: pageOrigin, SEED_DEMO: "true" });
  state.parley = parley.url;
  step(`Parley at ${parley.url}, public page at ${pageOrigin}`);

  const adminCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const visitorCtx = await browser.newContext({ viewport: { width: 1024, height: 800 } });
  for (const ctx of [adminCtx, visitorCtx]) ctx.setDefaultTimeout(15_000);
  const admin = await adminCtx.newPage();
  const page = await visitorCtx.newPage();
  watchErrors(admin, "admin", errors);
  // The refused first messages (400s) and the refused program (415) are the point of two steps: Chromium
  // logs them as errors.
  let refusing = false;
  watchErrors(page, "visitor", errors, (text) => refusing && /status of (400|415)\b/.test(text));
  try {
    await signIn(admin, parley.url, DEMO.admin.name);
    await admin.waitForURL(`${parley.url}/admin`);
    await admin.getByText("Live", { exact: true }).waitFor({ timeout: LIVE_TIMEOUT });
    // Source is one of the filters behind the queue's Filters disclosure.
    await admin.getByRole("button", { name: /^Filters/ }).click();
    await admin.getByLabel("Filter by Source").selectOption("visitor");
    step("admin signed in, queue filtered to Visitors");

    await page.goto(`${pageOrigin}/pricing?plan=pro`);
    const launcher = page.getByRole("button", { name: "Help", exact: true });
    await launcher.waitFor();
    const launcherBg = await launcher.evaluate((el) => getComputedStyle(el).backgroundColor);
    if (launcherBg === "rgb(255, 0, 0)") throw new Error("the host page's styles leaked into the widget");
    await launcher.click();
    const dialog = page.getByRole("dialog", { name: "Help and support" });
    await dialog.getByRole("searchbox", { name: "Search" }).fill("refund");
    const result = dialog.getByRole("button", { name: /refund/i }).first();
    await result.waitFor({ timeout: LIVE_TIMEOUT });
    const question = (await result.textContent()).trim();
    await result.focus();
    await page.keyboard.press("Enter");
    // The panel's title is its <h2>, so the article's title is an <h3> whatever the host's headings are.
    await dialog.getByRole("heading", { name: "How can we help?", level: 2 }).waitFor();
    await dialog.getByRole("heading", { name: question, level: 3 }).waitFor();
    await expectFocus(page, `h3 ${question}`, "after opening an article");
    step(
      `visitor searched "refund" in the widget and read "${question}" (host styles kept out, focus on it)`,
    );

    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    await expectFocus(page, "button Help", "after Escape");
    await page.keyboard.press("Enter");
    await expectFocus(page, "input Search", "after reopening with Enter");
    step("Escape closed the panel and focused the launcher; Enter reopened it on the search box");

    await dialog.getByRole("button", { name: /Write to support/ }).click();
    await expectFocus(page, "textarea Message", "after Write to support");
    await dialog.getByLabel("Name (optional)").fill("Vera Visitor");
    const email = dialog.getByLabel(/^Email/);
    const message = dialog.getByLabel("Message");
    const status = dialog.getByRole("status");
    if ((await message.getAttribute("maxlength")) !== "10000") {
      throw new Error("the Message box has no maxlength");
    }
    // Over the limit anyway (maxlength stops typing, not a script), with an email the browser takes and the
    // server refuses: each refusal names its own field, and Enter sends.
    refusing = true;
    await email.fill("vera@example");
    await message.evaluate((el) => {
      el.value = "x".repeat(10_200);
      el.dispatchEvent(new Event("input", { bubbles: true }));
    });
    const counter = await dialog.getByText("10,200 of 10,000 characters").isVisible();
    if (!counter) throw new Error("no character counter near the limit");
    await message.press("End");
    await message.press("Enter");
    await status.getByText("Please check the email address.").waitFor();
    await email.fill("vera@example.com");
    await message.press("Enter");
    await status.getByText("Your message is too long: 10,000 characters at most.").waitFor();
    step("a refused first message named the real problem: the email, then the length (with a counter)");

    const text = `Can I pay yearly for the pro plan? ${Date.now() % 100000}`;
    await message.fill(text);
    await dialog.getByRole("button", { name: "Send" }).click();
    await dialog.getByRole("list", { name: "Conversation" }).getByText(text).waitFor();
    refusing = false;
    await expectFocus(page, "textarea Your message", "after sending the first message");
    // The reply must come by socket, not by the 15 s poll: wait until the widget's socket is connected.
    await page
      .locator('[data-parley-widget][data-live="true"]')
      .waitFor({ state: "attached", timeout: LIVE_TIMEOUT });
    step("visitor wrote to support; the conversation opened and the widget's socket is live");

    const queue = admin.getByRole("list", { name: "Ticket queue" });
    const row = queue.getByRole("button", { name: /Vera Visitor/ });
    await row.waitFor({ timeout: LIVE_TIMEOUT });
    await row.click();
    await admin.getByRole("list", { name: "Conversation" }).getByText(text).waitFor();
    step("admin saw the visitor's conversation arrive in the Visitors queue and opened it");

    const reply = "Yes: yearly billing is in Settings → Billing, with two months free.";
    const box = admin.getByRole("textbox", { name: "Reply" });
    await box.fill(reply);
    await box.press("Enter");
    await admin.getByRole("list", { name: "Conversation" }).getByText(reply).waitFor();
    await dialog.getByText(reply).waitFor({ timeout: LIVE_TIMEOUT });
    // The list is not a live region (its history is not read out); a separate one announces the reply.
    const live = page.locator("[data-parley-widget] [aria-live]");
    if ((await live.count()) !== 1) throw new Error("the widget should have exactly one live region");
    if ((await live.evaluate((el) => el.tagName)) === "OL") throw new Error("the message list is live");
    const said = await live.textContent();
    if (!said.includes(reply) || said.includes(text)) throw new Error(`the live region said: ${said}`);
    step("the visitor got the admin's reply live in the widget, and it was announced");

    // A file with a reply: the widget links it with a signed URL (a plain link cannot carry the token).
    const adminToken = await apiLogin(parley.url, DEMO.admin.email);
    const { items } = await api(parley.url, adminToken, "GET", "/api/tickets?source=visitor&limit=10");
    const visitorTicket = items.find((tk) => tk.subject.includes("Vera Visitor"));
    if (!visitorTicket) throw new Error("the visitor's ticket is not in the queue");
    const guide = `Sizes: S 36-38, M 40-42, L 44-46 (${Date.now()})\n`;
    const form = new FormData();
    form.append("file", new Blob([guide], { type: "text/plain" }), "size-guide.txt");
    const uploaded = await fetch(`${parley.url}/api/uploads`, {
      method: "POST",
      headers: { Authorization: `Bearer ${adminToken}` },
      body: form,
    });
    if (uploaded.status !== 201) throw new Error(`upload: ${uploaded.status} ${await uploaded.text()}`);
    const file = await uploaded.json();
    const shipping = "https://example.com/shipping?from=widget";
    await api(parley.url, adminToken, "POST", `/api/tickets/${visitorTicket.id}/messages`, {
      body: `Here is our size guide. Shipping times: ${shipping}.`,
      attachmentIds: [file.id],
    });
    const fileLink = dialog.getByRole("link", { name: /size-guide\.txt/ });
    await fileLink.waitFor({ timeout: LIVE_TIMEOUT });
    await page.waitForFunction(() =>
      document
        .querySelector("[data-parley-widget]")
        ?.shadowRoot?.querySelector("a.file")
        ?.getAttribute("href")
        ?.includes("sig="),
    );
    const href = await fileLink.getAttribute("href");
    const downloaded = await fetch(href);
    if (downloaded.status !== 200 || (await downloaded.text()) !== guide) {
      throw new Error(`the widget's file link answered ${downloaded.status}, not the file`);
    }
    step("the admin replied with a file; the visitor's widget links it, and the link downloads it");

    const link = dialog.getByRole("link", { name: shipping });
    const linkAttrs = await link.evaluate((a) => [a.getAttribute("href"), a.target, a.rel].join(" "));
    if (linkAttrs !== `${shipping} _blank noopener noreferrer`) {
      throw new Error(`the reply's link: ${linkAttrs}`);
    }
    const conversation = dialog.getByRole("list", { name: "Conversation" });
    const replyBox = dialog.getByLabel("Your message");
    await replyBox.fill("Thanks! And returns?");
    await replyBox.press("Shift+Enter");
    await replyBox.pressSequentially("Within 30 days?");
    await replyBox.press("Enter");
    await conversation.getByText("Within 30 days?").waitFor();
    // The box empties when the POST answers; the message may show a moment before, through the socket.
    await eventually(
      async () => (await replyBox.inputValue()) === "",
      "Enter sent the reply and emptied the box",
    );
    const sentText = await conversation.locator("li").last().locator("p").textContent();
    if (sentText !== "Thanks! And returns?\nWithin 30 days?") {
      throw new Error(`the reply was sent as ${JSON.stringify(sentText)}`);
    }
    const times = await conversation
      .locator("li")
      .evaluateAll((lis) => lis.map((li) => li.querySelector("time[datetime]")?.textContent ?? ""));
    if (times.length < 4 || times.some((x) => !/\d/.test(x))) throw new Error(`message times: ${times}`);
    step(`the URL in the reply is a link; Enter sent a two-line reply (Shift+Enter); times shown: ${times}`);

    // Waiting for the file chooser turns on its interception in the browser, which Playwright does not await:
    // a key pressed at once can reach the page first and open no chooser it sees (it timed out so on CI).
    // Starting the wait before the awaited route set-up below leaves it those round trips to take hold.
    const chooser = page.waitForEvent("filechooser", { timeout: 30_000 });
    // The upload is held until the step has seen Send wait for it.
    let release;
    const held = new Promise((resolve) => (release = resolve));
    await page.route(`${parley.url}/api/uploads`, async (route) => {
      await held;
      await route.continue();
    });
    const attach = dialog.getByRole("button", { name: "Attach a file" });
    await attach.focus();
    await expectFocus(page, "button Attach a file", "before opening the file chooser");
    await page.keyboard.press("Enter");
    refusing = true;
    await (
      await chooser
    ).setFiles([
      { name: "checkout-error.png", mimeType: "image/png", buffer: SCREENSHOT },
      { name: "fix-tool.exe", mimeType: "application/octet-stream", buffer: windowsProgram() },
    ]);
    const picked = dialog.getByRole("list", { name: "Files to send" });
    const shot = picked.getByRole("listitem").filter({ hasText: "checkout-error.png" });
    const program = picked.getByRole("listitem").filter({ hasText: "fix-tool.exe" });
    await shot.getByText("Uploading…").waitFor();
    const send = dialog.getByRole("button", { name: "Send" });
    if (!(await send.isDisabled())) throw new Error("Send is not held while a file is uploading");
    release();
    await shot.getByText("Ready").waitFor();
    await program
      .getByRole("alert")
      .getByText("Programs and scripts (.exe) cannot be attached.", { exact: true })
      .waitFor();
    if (await send.isDisabled()) throw new Error("Send stayed disabled after the uploads ended");
    await page.unroute(`${parley.url}/api/uploads`);
    refusing = false;
    await program.getByRole("button", { name: "Remove fix-tool.exe" }).click();
    await program.waitFor({ state: "detached" });
    await expectFocus(page, "button Attach a file", "after removing a refused file");
    step(
      "the visitor attached two files from the keyboard: Send waited for the upload; the program was refused",
    );

    const withShot = "This is what the checkout shows";
    await replyBox.fill(withShot);
    await send.click();
    const mine = conversation.locator("li").filter({ hasText: withShot });
    const shotLink = mine.getByRole("link", { name: /checkout-error\.png/ });
    await shotLink.waitFor();
    await eventuallyHref(page, "checkout-error.png");
    const shotHref = await shotLink.getAttribute("href");
    const shotFile = await fetch(shotHref);
    if (shotFile.status !== 200 || shotFile.headers.get("content-type") !== "image/png") {
      throw new Error(
        `the visitor's own file link answered ${shotFile.status} ${shotFile.headers.get("content-type")}`,
      );
    }
    if (await picked.isVisible()) throw new Error("the sent files stayed in the box");
    step("the visitor sent the screenshot: its own message links it (signed URL), and the link opens it");

    const adminThread = admin.getByRole("list", { name: "Conversation" });
    await adminThread.getByText(withShot).waitFor({ timeout: LIVE_TIMEOUT });
    const thumb = adminThread.getByRole("button", { name: /^Open image checkout-error\.png/ });
    await thumb.waitFor({ timeout: LIVE_TIMEOUT });
    await admin.waitForFunction(
      (img) => img.complete && img.naturalWidth > 0,
      await thumb.getByRole("img").elementHandle(),
      { timeout: LIVE_TIMEOUT },
    );
    step("the admin saw the visitor's screenshot on the ticket, live, its thumbnail loaded");

    // A new visitor whose first message is only a screenshot: the file opens the session (an upload needs
    // the visitor token), so the name typed so far goes with it and the field no longer changes it.
    const newcomer = await visitorCtx.browser().newContext({ viewport: { width: 1024, height: 800 } });
    try {
      const first = await newcomer.newPage();
      watchErrors(first, "newcomer", errors);
      await first.goto(`${pageOrigin}/pricing`);
      await first.getByRole("button", { name: "Help", exact: true }).click();
      const panel = first.getByRole("dialog", { name: "Help and support" });
      await panel.getByRole("button", { name: /Write to support/ }).click();
      await panel.getByLabel("Name (optional)").fill("Nina Newcomer");
      const picker = first.waitForEvent("filechooser");
      await panel.getByRole("button", { name: "Attach a file" }).click();
      await (await picker).setFiles({ name: "blank-page.png", mimeType: "image/png", buffer: SCREENSHOT });
      await panel
        .getByRole("list", { name: "Files to send" })
        .getByRole("listitem")
        .filter({ hasText: "blank-page.png" })
        .getByText("Ready")
        .waitFor();
      if (!(await panel.getByLabel("Name (optional)").evaluate((el) => el.readOnly))) {
        throw new Error("the name stayed editable after the session it went with was opened");
      }
      await panel.getByRole("button", { name: "Send" }).click();
      const thread = panel.getByRole("list", { name: "Conversation" });
      await thread.getByRole("link", { name: /blank-page\.png/ }).waitFor();
      const firstBody = await thread.locator("li").first().locator("p").textContent();
      if (firstBody !== "blank-page.png") throw new Error(`a files-only message read ${firstBody}`);
      const newcomerRow = queue.getByRole("button", { name: /Nina Newcomer/ });
      await newcomerRow.waitFor({ timeout: LIVE_TIMEOUT });
    } finally {
      await newcomer.close();
    }
    step(
      "a new visitor's first message was only a screenshot: it opened the conversation, named by the file",
    );

    await page.reload();
    await page.getByRole("button", { name: "Help", exact: true }).click();
    await page.getByRole("dialog", { name: "Help and support" }).getByText(reply).waitFor();
    await expectFocus(page, "textarea Your message", "after reopening the conversation");
    const reread = await page.locator("[data-parley-widget] [aria-live]").textContent();
    if (reread) throw new Error(`reopening read out the history: ${reread}`);
    step("after a reload the widget still shows the conversation (visitor token in local storage), silently");

    await dialog.getByRole("button", { name: "Close" }).click();
    await dialog.waitFor({ state: "hidden" });
    await expectFocus(page, "button Help", "after Close");
    step("Close handed focus back to the launcher");
  } finally {
    await adminCtx.close();
    await visitorCtx.close();
    site.close();
  }
}
