// Team operations (issue 16): an admin invites a colleague who sets a password through the one-time link
// and signs in; the admin bulk-resolves every ticket matching a search, merges a duplicate into another
// ticket of the same shop, and the shop answers "How did we do?" on a resolved ticket.
import { api, apiLogin, DEMO, watchErrors } from "../harness.mjs";

export const name = "team operations";

/** @param {import("../run.mjs").ScenarioContext} t */
export default async function team(t) {
  const { browser, url, step, errors, signIn, LIVE_TIMEOUT } = t;
  const run = Date.now() % 1_000_000;
  const adminCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const inviteeCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const shopCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  for (const ctx of [adminCtx, inviteeCtx, shopCtx]) ctx.setDefaultTimeout(15_000);

  const admin = await adminCtx.newPage();
  const invitee = await inviteeCtx.newPage();
  const shop = await shopCtx.newPage();
  watchErrors(admin, "admin", errors);
  watchErrors(invitee, "invitee", errors);
  watchErrors(shop, "shop", errors);

  // Invite: the Team screen hands out a one-time link; the invitee sets a password and is signed in.
  await signIn(admin, url, DEMO.admin.name);
  await admin.waitForURL(`${url}/admin`);
  await admin.getByRole("link", { name: "Team" }).click();
  await admin.getByRole("heading", { name: "Team", exact: true }).waitFor();
  const email = `eve-${run}@team.example`;
  await admin.getByLabel("Name").fill(`Eve ${run}`);
  await admin.getByLabel("Email").fill(email);
  await admin.getByRole("button", { name: "Invite" }).click();
  const link = await admin.getByLabel("Invite link").inputValue();
  if (!link.includes("/invite?token=")) throw new Error(`unexpected invite link ${link}`);
  step("admin invited a colleague and got a one-time link");
  await invitee.goto(link);
  await invitee.getByText(`Welcome, Eve ${run}.`).waitFor();
  await invitee.getByLabel(/Password/).fill("eve-chooses-this-1");
  await invitee.getByRole("button", { name: "Set password and sign in" }).click();
  await invitee.waitForURL(`${url}/admin`);
  await invitee.getByRole("region", { name: "Ticket queue" }).waitFor();
  step("the invitee set a password and landed in the admin queue");

  // Seed: three tickets sharing a word, and a duplicate pair, all from Acme.
  const adminToken = await apiLogin(url, DEMO.admin.email);
  const shopToken = await apiLogin(url, DEMO.acme.email);
  const word = `quokka${run}`;
  const outage = [];
  for (let i = 0; i < 3; i++) {
    outage.push(
      await api(url, shopToken, "POST", "/api/tickets", {
        subject: `Checkout down ${word} ${i}`,
        message: "Checkout fails.",
      }),
    );
  }
  const target = await api(url, shopToken, "POST", "/api/tickets", {
    subject: `Refund missing ${run}`,
    message: "Where is my refund?",
  });
  const duplicate = await api(url, shopToken, "POST", "/api/tickets", {
    subject: `Refund still missing ${run}`,
    message: "Asking again.",
  });

  // Bulk: search, select all matching, resolve.
  await admin.getByRole("link", { name: "Support" }).click();
  await admin.getByRole("searchbox", { name: "Search tickets" }).fill(word);
  // "All matching" means the filters the list shows: wait until the (debounced) search is applied.
  await admin.waitForURL(new RegExp(`[?&]q=${word}`));
  const queue = admin.getByRole("list", { name: "Ticket queue" });
  await queue.getByRole("button", { name: new RegExp(`Checkout down ${word} 2`) }).waitFor();
  await admin.getByRole("button", { name: "Select all matching" }).click();
  const bar = admin.getByRole("region", { name: "Bulk actions" });
  await bar.getByRole("combobox", { name: "Status" }).selectOption("resolved");
  await bar.getByRole("button", { name: "Apply" }).click();
  await bar.getByText("3 updated").waitFor();
  for (const tk of outage) {
    const now = await api(url, adminToken, "GET", `/api/tickets/${tk.id}`);
    if (now.status !== "resolved")
      throw new Error(`ticket ${tk.number} is ${now.status} after the bulk resolve`);
  }
  step("admin bulk-resolved the 3 tickets matching the search");

  // Row checkboxes: two of three new tickets ticked (a click, then a shift-click range), the bulk bar
  // changes exactly those.
  const word2 = `wombat${run}`;
  const picked = [];
  for (let i = 0; i < 3; i++) {
    picked.push(
      await api(url, shopToken, "POST", "/api/tickets", {
        subject: `Label printer ${word2} ${i}`,
        message: "The printer jams.",
      }),
    );
  }
  await admin.getByRole("searchbox", { name: "Search tickets" }).fill(word2);
  await admin.waitForURL(new RegExp(`[?&]q=${word2}`));
  for (const tk of picked) await queue.getByRole("button", { name: new RegExp(tk.subject) }).waitFor();
  // Newest first: rows are 2, 1, 0; tick 2, then shift-click 1 (the range 2..1).
  await queue.getByRole("checkbox", { name: `Select ticket #${picked[2].number}` }).click();
  await queue
    .getByRole("checkbox", { name: `Select ticket #${picked[1].number}` })
    .click({ modifiers: ["Shift"] });
  const pickedBar = admin.getByRole("region", { name: "Bulk actions" });
  await pickedBar.getByText("Change 2 selected tickets").waitFor();
  await pickedBar.getByRole("combobox", { name: "Priority" }).selectOption("urgent");
  await pickedBar.getByRole("button", { name: "Apply" }).click();
  await pickedBar.getByText("2 updated").waitFor();
  const priorities = [];
  for (const tk of picked)
    priorities.push((await api(url, adminToken, "GET", `/api/tickets/${tk.id}`)).priority);
  if (priorities.join(",") !== "medium,urgent,urgent") {
    throw new Error(`priorities after the bulk change of the ticked rows: ${priorities.join(",")}`);
  }
  step("admin ticked 2 of 3 rows (click, shift-click) and the bulk bar changed exactly those");
  await pickedBar.getByRole("button", { name: "Cancel" }).click();

  // Who is viewing: the invitee opens the refund ticket; its row in the admin's queue shows them.
  await admin.getByRole("searchbox", { name: "Search tickets" }).fill(`refund ${run}`);
  const targetRow = queue.locator(`li[data-ticket-id="${target.id}"]`);
  await targetRow.waitFor();
  await invitee.goto(`${url}/admin?ticket=${target.id}`);
  await invitee.getByRole("heading", { name: `Refund missing ${run}` }).waitFor();
  await targetRow.getByLabel(`Also viewing: Eve ${run}`).waitFor();
  step("the invitee opened a ticket and the admin's queue row shows them viewing it");
  await invitee.goto(`${url}/admin`);
  await targetRow.getByLabel(`Also viewing: Eve ${run}`).waitFor({ state: "detached" });
  step("the invitee left the ticket and the row's viewer mark went away");

  // Typing an internal note: the admin, in the same ticket, reads the colleague as writing a note, and as
  // replying once they switch to the reply box.
  await invitee.goto(`${url}/admin?ticket=${target.id}`);
  await admin.goto(`${url}/admin?ticket=${target.id}`);
  await admin.getByRole("heading", { name: `Refund missing ${run}` }).waitFor();
  await invitee.getByRole("heading", { name: `Refund missing ${run}` }).waitFor();
  // Both sockets live first: a typing start sent before the connection opens is not sent again.
  for (const page of [admin, invitee])
    await page.getByText("Live", { exact: true }).waitFor({ timeout: LIVE_TIMEOUT });
  await invitee.getByRole("button", { name: "Internal note" }).click();
  await invitee.getByRole("textbox", { name: "Internal note" }).pressSequentially("Refund approved ");
  await admin.getByText(`Eve ${run} is writing a note…`).waitFor({ timeout: LIVE_TIMEOUT });
  step("the admin saw the invitee writing a note");
  await invitee.getByRole("button", { name: "Reply to shop" }).click();
  await invitee.getByRole("textbox", { name: "Reply" }).pressSequentially("Hello ");
  await admin.getByText(`Eve ${run} is also replying…`).waitFor({ timeout: LIVE_TIMEOUT });
  await admin.getByText(`Eve ${run} is writing a note…`).waitFor({ state: "detached" });
  step("the invitee switched to a reply and the admin's indicator followed");

  // Merge the duplicate into the first refund ticket.
  await admin.goto(`${url}/admin?ticket=${duplicate.id}`);
  await admin.getByRole("button", { name: "Merge into another ticket…" }).click();
  const dialog = admin.getByRole("dialog", { name: "Merge ticket" });
  await dialog.getByRole("combobox").selectOption({ label: `#${target.number} Refund missing ${run}` });
  await dialog.getByRole("button", { name: "Merge" }).click();
  // The admin lands on the target, whose thread now holds the duplicate's message.
  await admin.getByRole("heading", { name: `Refund missing ${run}` }).waitFor();
  await admin.getByRole("list", { name: "Conversation" }).getByText("Asking again.").waitFor();
  const merged = await api(url, adminToken, "GET", `/api/tickets/${duplicate.id}`);
  if (merged.mergedIntoId !== target.id || merged.status !== "closed") {
    throw new Error(`the duplicate is ${merged.status}, mergedIntoId ${merged.mergedIntoId}`);
  }
  step("admin merged the duplicate; its message shows in the target's thread");

  // Satisfaction: the shop rates a resolved ticket in its thread.
  await signIn(shop, url, DEMO.acme.name);
  await shop.waitForURL(`${url}/shop`);
  await shop.goto(`${url}/shop?ticket=${outage[0].id}`);
  const prompt = shop.getByRole("region", { name: "How did we do?" });
  await prompt.getByRole("radio", { name: "4: Good" }).click();
  await prompt.getByRole("button", { name: "Send rating" }).click();
  await shop.getByText("you rated this 4 of 5").waitFor();
  const rating = await api(url, shopToken, "GET", `/api/tickets/${outage[0].id}/satisfaction`);
  if (rating.rating?.score !== 4) throw new Error(`stored rating ${JSON.stringify(rating)}`);
  step("shop rated the resolved ticket 4 of 5");

  for (const ctx of [adminCtx, inviteeCtx, shopCtx]) await ctx.close();
}
