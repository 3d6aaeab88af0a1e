// The core loop: a shop files a ticket; the admin sees it arrive without a reload, takes it and replies;
// the shop sees the reply live and closes the ticket; the admin drops offline and catches up on reconnect
// with nothing missed or doubled; a customer finds an answer on /help by searching.
import { DEMO, watchErrors } from "../harness.mjs";

export const name = "core loop";

/** @param {import("../run.mjs").ScenarioContext} t */
export default async function coreLoop(t) {
  const { browser, url, step, errors, eventually, signIn, LIVE_TIMEOUT } = t;
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

  for (const ctx of [adminCtx, shopCtx, customerCtx]) await ctx.close();
}
