// Regenerates docs/screenshots/*.png from the real app: starts the backend with demo users, seeds a few
// tickets through the API so no page is empty, then photographs each page in Debian's Chromium:
// sign-in, help centre, the shop's support tab (desktop, new ticket, phone), the admin's queue with a
// thread (desktop and phone) and the analytics page. Each PNG must stay under 300 kB.
import fs from "node:fs";
import path from "node:path";
import {
  api,
  apiLogin,
  DEMO,
  ensureBuild,
  launchBrowser,
  root,
  startServer,
  watchErrors,
} from "./harness.mjs";

const outDir = path.join(root, "docs", "screenshots");
const errors = [];

async function seed(url) {
  const acme = await apiLogin(url, DEMO.acme.email);
  const bolt = await apiLogin(url, DEMO.bolt.email);
  const admin = await apiLogin(url, DEMO.admin.email);
  const me = await api(url, admin, "GET", "/api/me");

  const rename = await api(url, acme, "POST", "/api/tickets", {
    subject: "How do I change my shop's display name?",
    message: "We rebranded last week. Where can I update the name customers see?",
    priority: "low",
    category: "account",
  });
  await api(url, admin, "POST", `/api/tickets/${rename.id}/messages`, {
    body: "Settings → Shop profile → Display name. It updates everywhere within a few minutes.",
  });
  await api(url, admin, "PATCH", `/api/tickets/${rename.id}`, { status: "resolved" });

  const csv = await api(url, bolt, "POST", "/api/tickets", {
    subject: "Bulk upload fails with a CSV error",
    message: 'Uploading our spring catalogue gives "row 14: invalid price". The price looks fine to us.',
    priority: "medium",
    category: "technical",
  });
  await api(url, admin, "POST", `/api/tickets/${csv.id}/messages`, {
    body: "Row 14 uses a comma as decimal separator; the importer expects a dot.",
    internal: true,
  });

  await api(url, bolt, "POST", "/api/tickets", {
    subject: "Customer says the parcel never arrived",
    message: "Order #58213 shows delivered but the customer has nothing. They want a refund today.",
    priority: "urgent",
    category: "shipping",
  });

  const payout = await api(url, acme, "POST", "/api/tickets", {
    subject: "Payout for October is missing",
    message: "Our October payout never reached the bank account ending 4417. Can you check?",
    priority: "high",
    category: "payouts",
  });
  await api(url, admin, "PATCH", `/api/tickets/${payout.id}`, { assigneeId: me.id });
  await api(url, admin, "POST", `/api/tickets/${payout.id}/messages`, {
    body: "Thanks for flagging this. I can see the transfer was returned by your bank on Nov 3. Could you confirm the IBAN in Settings → Payouts?",
  });
  await api(url, admin, "POST", `/api/tickets/${payout.id}/messages`, {
    body: "Finance confirms the return reason was 'account closed'. Re-send once the shop updates the IBAN.",
    internal: true,
  });
  await api(url, acme, "POST", `/api/tickets/${payout.id}/messages`, {
    body: "Ah, we switched banks in October. I've updated the IBAN just now.",
  });
  return { payout };
}

async function signIn(page, url, name) {
  await page.goto(`${url}/login`);
  await page.getByRole("button", { name: `Sign in as ${name}` }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  // Wait for the socket so the "reconnecting" banner isn't in the picture.
  await page
    .getByText("Live", { exact: true })
    .waitFor({ timeout: 10_000 })
    .catch(() => console.warn("  (the socket did not connect; the picture shows the reconnecting state)"));
}

/** Pictures stay small enough for the README (checked, not hoped for). */
const MAX_BYTES = 300_000;

async function shot(page, name) {
  await page.waitForTimeout(400); // let relative times and fonts settle
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file });
  const { size } = fs.statSync(file);
  if (size > MAX_BYTES) throw new Error(`${name}.png is ${size} bytes, over ${MAX_BYTES}`);
  console.log(`  wrote ${path.relative(root, file)} (${Math.round(size / 1024)} kB)`);
}

async function main() {
  ensureBuild();
  const server = await startServer();
  let browser;
  try {
    const { url } = server;
    const { payout } = await seed(url);
    fs.mkdirSync(outDir, { recursive: true });
    browser = await launchBrowser();
    // Each page at rest: charts drawn whole, no pulse or turning chevron caught half way.
    const desktop = { viewport: { width: 1280, height: 800 }, reducedMotion: "reduce" };
    const phone = { viewport: { width: 375, height: 760 }, reducedMotion: "reduce" };

    const anon = await browser.newPage(desktop);
    watchErrors(anon, "anonymous", errors);
    await anon.goto(`${url}/login`);
    await anon.getByRole("button", { name: `Sign in as ${DEMO.admin.name}` }).waitFor();
    await shot(anon, "login");
    await anon.goto(`${url}/help`);
    await anon.getByRole("heading", { name: "How can we help?" }).waitFor();
    await shot(anon, "help");
    await anon.close();

    const shop = await (await browser.newContext(desktop)).newPage();
    watchErrors(shop, "shop", errors);
    await signIn(shop, url, DEMO.acme.name);
    await shop.goto(`${url}/shop?ticket=${payout.id}`);
    await shop.getByRole("list", { name: "Conversation" }).waitFor();
    await shot(shop, "shop-support");
    await shop.getByRole("button", { name: "New ticket", exact: true }).click();
    await shop.getByLabel("Subject").fill("Refund for a returned order");
    await shop.getByLabel("Message").fill("A customer sent back order #60412. How do I refund them?");
    await shot(shop, "shop-new-ticket");

    const admin = await (await browser.newContext(desktop)).newPage();
    watchErrors(admin, "admin", errors);
    await signIn(admin, url, DEMO.admin.name);
    await admin.goto(`${url}/admin?ticket=${payout.id}`);
    await admin.getByRole("list", { name: "Conversation" }).waitFor();
    await admin.getByRole("list", { name: "Timeline" }).waitFor();
    await shot(admin, "admin-support");
    await admin.goto(`${url}/admin/analytics`);
    await admin.getByRole("heading", { name: "Analytics" }).waitFor();
    await admin.waitForLoadState("networkidle");
    await shot(admin, "admin-analytics");

    // An admin on a phone: the thread, with the composer and the details behind a button.
    const adminMobile = await (await browser.newContext(phone)).newPage();
    watchErrors(adminMobile, "admin mobile", errors);
    await signIn(adminMobile, url, DEMO.admin.name);
    await adminMobile.goto(`${url}/admin?ticket=${payout.id}`);
    await adminMobile.getByRole("list", { name: "Conversation" }).waitFor();
    await shot(adminMobile, "admin-support-mobile");

    const mobile = await (await browser.newContext(phone)).newPage();
    watchErrors(mobile, "mobile", errors);
    await signIn(mobile, url, DEMO.acme.name);
    await mobile.getByRole("list", { name: "Your tickets" }).waitFor();
    await shot(mobile, "shop-support-mobile-list");
    await mobile.goto(`${url}/shop?ticket=${payout.id}`);
    await mobile.getByRole("list", { name: "Conversation" }).waitFor();
    await shot(mobile, "shop-support-mobile");

    if (errors.length) throw new Error(`console errors:\n${errors.join("\n")}`);
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
  }
}

try {
  await main();
  console.log("screenshots: done");
} catch (err) {
  console.error(err.stack ?? err);
  console.error("screenshots: FAILED");
  process.exit(1);
}
