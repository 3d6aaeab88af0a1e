// End-to-end test in Debian's Chromium: a shop files a ticket; the admin sees it arrive without a reload,
// takes it and replies; the shop sees the reply live and closes the ticket; the admin drops offline and
// catches up on reconnect with nothing missed or doubled; a customer finds an answer on /help by
// searching. Fails on any console error. Exit code 0 = PASS.
import { DEMO, ensureBuild, launchBrowser, startServer, watchErrors } from "./harness.mjs";

const LIVE_TIMEOUT = 10_000;
const started = Date.now();
const errors = [];
let server;
let browser;

function step(text) {
  console.log(`  ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s  ${text}`);
}

/** Polls `check` until it is true (for values a locator cannot wait on, like a select's value). */
async function eventually(check, what, timeout = LIVE_TIMEOUT) {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function signIn(page, url, name) {
  await page.goto(`${url}/login`);
  await page.getByRole("button", { name: `Sign in as ${name}` }).click();
}

async function main() {
  ensureBuild();
  server = await startServer();
  const url = server.url;
  step(`server up at ${url}`);
  browser = await launchBrowser();

  const adminCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const shopCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  for (const ctx of [adminCtx, shopCtx]) ctx.setDefaultTimeout(15_000);
  const admin = await adminCtx.newPage();
  const shop = await shopCtx.newPage();
  // Only while we cut the admin's network on purpose may the browser report failed connections.
  let adminOffline = false;
  watchErrors(
    admin,
    "admin",
    errors,
    (text) => adminOffline && /WebSocket|ERR_INTERNET_DISCONNECTED/.test(text),
  );
  watchErrors(shop, "shop", errors);

  // The admin is already watching the queue before the ticket exists.
  await signIn(admin, url, DEMO.admin.name);
  await admin.waitForURL(`${url}/admin`);
  await admin.getByRole("region", { name: "Ticket queue" }).waitFor();
  await admin.getByText("Live", { exact: true }).waitFor({ timeout: LIVE_TIMEOUT });
  step("admin signed in, queue open, socket live");

  await signIn(shop, url, DEMO.acme.name);
  await shop.waitForURL(`${url}/shop`);
  await shop.getByText("Live", { exact: true }).waitFor({ timeout: LIVE_TIMEOUT });
  step("shop signed in");

  const subject = `Payout for order ${Date.now() % 100000} is missing`;
  await shop.getByRole("button", { name: "New ticket", exact: true }).click();
  // Deflection: while the subject is typed, the FAQ's payout article is suggested before sending.
  await shop.getByLabel("Subject").fill("my payout is late");
  const suggestions = shop.getByRole("region", { name: "Suggested answers" });
  await suggestions.getByRole("button").first().waitFor();
  const firstSuggestion = await suggestions.getByRole("button").first().textContent();
  if (!/payout is late/i.test(firstSuggestion ?? "")) {
    throw new Error(`expected the payout article first, got "${firstSuggestion}"`);
  }
  step("shop typing 'my payout is late' was shown the payout article first");
  await shop.getByLabel("Subject").fill(subject);
  await shop.getByLabel("Message").fill("The October payout never reached our bank account.");
  await shop.getByLabel("Priority").selectOption("high");
  await shop.getByLabel("Category").selectOption("payouts");
  await shop.getByRole("button", { name: "Create ticket" }).click();
  await shop.getByRole("heading", { name: subject }).waitFor();
  step("shop filed the ticket");

  // Live: the queue shows it without a reload.
  const queue = admin.getByRole("list", { name: "Ticket queue" });
  const row = queue.getByRole("button", { name: new RegExp(subject) });
  await row.waitFor({ timeout: LIVE_TIMEOUT });
  step("admin saw the new ticket appear without a reload");
  await row.click();
  await admin.getByRole("heading", { name: subject }).waitFor();
  await admin.getByRole("list", { name: "Conversation" }).getByText("The October payout").waitFor();
  // Opening the thread reads it: the shop gets a "Seen" receipt under its message.
  await shop.getByRole("list", { name: "Conversation" }).getByText("Seen").waitFor({ timeout: LIVE_TIMEOUT });
  step("shop saw the Seen receipt when the admin opened the ticket");

  await admin.getByRole("button", { name: "Assign to me" }).click();
  await queue.getByText("Assigned to you").waitFor({ timeout: LIVE_TIMEOUT });
  const assignee = await admin.getByLabel("Assignee", { exact: true }).inputValue();
  if (!assignee) throw new Error("the Assignee control is still empty after Assign to me");
  step("admin assigned the ticket to themself");

  const reply = "Thanks! The payout was delayed by the bank; it arrives tomorrow.";
  const box = admin.getByRole("textbox", { name: "Reply" });
  await box.pressSequentially("Thanks! ");
  await shop.getByText(`${DEMO.admin.name} is typing…`).waitFor({ timeout: LIVE_TIMEOUT });
  step("shop saw the admin typing");
  await box.fill(reply);
  await box.press("Enter");
  await admin.getByRole("list", { name: "Conversation" }).getByText(reply).waitFor();
  step("admin replied (Enter sends)");

  // The shop sees the reply arrive live, then closes the ticket.
  await shop.getByRole("list", { name: "Conversation" }).getByText(reply).waitFor({ timeout: LIVE_TIMEOUT });
  step("shop saw the reply arrive live");
  await shop.getByRole("button", { name: "Close ticket" }).click();
  await shop.getByText("This ticket is closed.", { exact: false }).waitFor();
  await shop.getByRole("button", { name: "Reopen ticket" }).waitFor();
  // ...and the admin's view follows.
  await admin.getByText("This ticket is closed.", { exact: false }).waitFor({ timeout: LIVE_TIMEOUT });
  step("shop closed the ticket; the admin's view updated live");

  // The admin's connection drops; the shop reopens and writes meanwhile; on reconnect the admin catches
  // up: the message shows exactly once and the status follows.
  adminOffline = true;
  await adminCtx.setOffline(true);
  await admin.getByText("Live updates are paused", { exact: false }).waitFor({ timeout: LIVE_TIMEOUT });
  step("admin offline: the reconnecting banner shows");
  await shop.getByRole("button", { name: "Reopen ticket" }).click();
  const followUp = "Sorry, one more thing: the September payout looks short too.";
  const shopBox = shop.getByRole("textbox", { name: "Reply" });
  await shopBox.fill(followUp);
  await shopBox.press("Enter");
  await shop.getByRole("list", { name: "Conversation" }).getByText(followUp).waitFor();
  await shop.getByText("Sending…").waitFor({ state: "detached" });
  await adminCtx.setOffline(false);
  const adminThread = admin.getByRole("list", { name: "Conversation" });
  await adminThread.getByText(followUp).waitFor({ timeout: 20_000 });
  await admin.getByText("Live", { exact: true }).waitFor({ timeout: LIVE_TIMEOUT });
  adminOffline = false;
  const copies = await adminThread.getByText(followUp).count();
  if (copies !== 1) throw new Error(`after reconnecting the admin sees the follow-up ${copies} times`);
  const statusControl = admin.getByLabel("Status", { exact: true });
  await eventually(
    async () => (await statusControl.inputValue()) === "open",
    "the admin's status shows open",
  );
  step("admin reconnected and caught up: the follow-up shows once, the ticket is open again");

  // A customer, signed out, finds an answer on /help.
  const customerCtx = await browser.newContext({ viewport: { width: 375, height: 800 } });
  customerCtx.setDefaultTimeout(15_000);
  const customer = await customerCtx.newPage();
  watchErrors(customer, "customer", errors);
  await customer.goto(`${url}/help`);
  await customer.getByRole("heading", { name: "How can we help?" }).waitFor();
  const search = customer.getByRole("searchbox").first();
  await search.fill("refund");
  await search.press("Enter");
  const answers = customer.getByRole("list", { name: /refund/i });
  const question = answers.getByRole("button", { name: /refund/i }).first();
  await question.waitFor({ timeout: LIVE_TIMEOUT });
  const questionText = (await question.textContent()).trim();
  await question.click();
  await eventually(
    async () => (await question.getAttribute("aria-expanded")) === "true",
    "the answer is expanded",
  );
  // The button controls the answer's region (aria-controls), which must now be on screen.
  const panelId = await question.getAttribute("aria-controls");
  const answer = customer.getByRole("region").and(customer.locator(`[id="${panelId}"]`));
  await answer.waitFor();
  if (!/\w{3,}/.test(await answer.textContent())) throw new Error("the expanded answer is empty");
  step(`customer searched "refund" on /help and read "${questionText}"`);

  if (errors.length) throw new Error(`console errors:\n${errors.join("\n")}`);
}

let failed = false;
try {
  await main();
} catch (err) {
  failed = true;
  console.error(`\n${err.stack ?? err}`);
  if (errors.length) console.error(`\nBrowser errors seen:\n${errors.join("\n")}`);
  if (server) console.error(`\nServer output (tail):\n${server.output().split("\n").slice(-30).join("\n")}`);
} finally {
  await browser?.close().catch(() => {});
  await server?.stop().catch(() => {});
}
const secs = ((Date.now() - started) / 1000).toFixed(1);
console.log(failed ? `E2E FAIL (${secs}s)` : `E2E PASS (${secs}s)`);
process.exit(failed ? 1 : 0);
