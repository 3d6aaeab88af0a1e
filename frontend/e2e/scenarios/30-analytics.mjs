/* global document -- page.evaluate() callbacks run in the browser */
// Analytics: with the demo accounts and a few tickets filed and answered through the API, the admin opens
// Analytics, sees the key figures and the charts, switches a chart to its table, filters by shop (kept in
// the URL), drills down to the tickets behind a figure and opens one; the SLA page says what a change does.
import { DEMO, api, apiLogin, watchErrors } from "../harness.mjs";

export const name = "analytics";

/** @param {import("../run.mjs").ScenarioContext} t */
export default async function analytics(t) {
  const { browser, url, step, errors, signIn } = t;

  // Seed: Acme files three tickets, Bolt one; the admin answers and resolves one of Acme's.
  const adminToken = await apiLogin(url, DEMO.admin.email);
  const acmeToken = await apiLogin(url, DEMO.acme.email);
  const boltToken = await apiLogin(url, DEMO.bolt.email);
  const tag = Date.now() % 100000;
  const subjects = [0, 1, 2].map((i) => `Analytics check ${tag}-${i}`);
  const acme = [];
  for (const [i, subject] of subjects.entries()) {
    acme.push(
      await api(url, acmeToken, "POST", "/api/tickets", {
        subject,
        message: "Numbers, please.",
        priority: i === 0 ? "urgent" : "medium",
      }),
    );
  }
  await api(url, boltToken, "POST", "/api/tickets", { subject: `Bolt analytics ${tag}`, message: "Hello" });
  await api(url, adminToken, "POST", `/api/tickets/${acme[0].id}/messages`, { body: "On it." });
  await api(url, adminToken, "PATCH", `/api/tickets/${acme[0].id}`, { status: "resolved" });
  const before = await api(url, adminToken, "GET", "/api/analytics/summary");
  step(`seeded 4 tickets through the API (summary: ${before.created} created, ${before.resolved} resolved)`);

  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  ctx.setDefaultTimeout(15_000);
  const page = await ctx.newPage();
  watchErrors(page, "admin", errors);
  await signIn(page, url, DEMO.admin.name);
  await page.waitForURL(`${url}/admin`);
  await page.getByRole("link", { name: "Analytics" }).click();
  await page.waitForURL(/\/admin\/analytics/);
  await page.getByRole("heading", { name: "Analytics" }).waitFor();

  const figures = page.getByLabel("Key figures");
  const created = figures.getByRole("button", { name: /^Created: \d+/ });
  await created.waitFor();
  const createdText = Number(await created.textContent());
  if (createdText !== before.created)
    throw new Error(`Created shows ${createdText}, the API says ${before.created}`);
  await page.getByRole("heading", { name: "Created and resolved per day" }).waitFor();
  // recharts drew the series (an SVG line per measure)
  await page.locator(".recharts-line").first().waitFor();
  step(`Analytics shows Created ${createdText} and the per-day chart`);

  const perDay = page.getByRole("region", { name: "Created and resolved per day" });
  await perDay.getByRole("button", { name: "Show table" }).click();
  const table = perDay.getByRole("table", { name: "Created and resolved per day" });
  await table.waitFor();
  const rows = await table.getByRole("row").count();
  if (rows < 30) throw new Error(`expected a row per day of the last 30 days, got ${rows - 1}`);
  step(`table view lists ${rows - 1} days`);

  // Filter by shop: the URL keeps it, the figures narrow.
  const acmeShopId = acme[0].shopId;
  await page.getByLabel("Shop", { exact: true }).selectOption(acmeShopId);
  await page.waitForURL((u) => u.searchParams.get("shop") === acmeShopId);
  const narrowed = await api(
    url,
    adminToken,
    "GET",
    `/api/analytics/summary?shopId=${encodeURIComponent(acmeShopId)}`,
  );
  await figures.getByRole("button", { name: `Created: ${narrowed.created}, show the tickets` }).waitFor();
  step(`filtered by shop (in the URL): Created ${narrowed.created}`);

  // Reload keeps the filter.
  await page.reload();
  await figures.getByRole("button", { name: `Created: ${narrowed.created}, show the tickets` }).waitFor();
  step("reload kept the filter");

  // Drill down: the tickets behind "Created", each a link to the ticket.
  await figures.getByRole("button", { name: /^Created: / }).click();
  const list = page.getByRole("list", { name: "Tickets created" });
  await list.waitFor();
  for (const subject of subjects) await list.getByRole("link", { name: new RegExp(subject) }).waitFor();
  if (await list.getByText(`Bolt analytics ${tag}`).count())
    throw new Error("the drill-down ignored the shop filter");
  step("drill-down lists Acme's tickets and not Bolt's");

  await list.getByRole("link", { name: new RegExp(subjects[1]) }).click();
  await page.waitForURL((u) => u.pathname === "/admin" && u.searchParams.get("ticket") === acme[1].id);
  await page.getByRole("heading", { name: subjects[1] }).waitFor();
  step("a drilled-down ticket opens in the queue");

  // The queue row carries the SLA due badge; sorting by due is offered.
  const row = page
    .getByRole("list", { name: "Ticket queue" })
    .getByRole("button", { name: new RegExp(subjects[1]) });
  await row.getByText(/Due in|Due soon|SLA breached/).waitFor();
  await page.getByLabel("Sort by", { exact: true }).selectOption("due");
  step("queue row shows its due badge; sorted by Due soonest");

  await page.getByRole("link", { name: "SLA" }).click();
  await page.getByRole("form", { name: "SLA policy" }).waitFor();
  await page.getByText("Changes apply to tickets created after you save").waitFor();
  step("SLA policy editor says a change applies to new tickets");

  await ctx.close();

  // On a phone (375 px): no sideways scroll, and every control of the figures, the breakdown's "Group by"
  // and the SLA spans' Remove is a target of at least 24 × 24 px (a one-digit figure was 13 px wide, the
  // Group by buttons 20 px high, Remove 16 px high).
  const phone = await browser.newContext({ viewport: { width: 375, height: 667 } });
  phone.setDefaultTimeout(15_000);
  const small = await phone.newPage();
  watchErrors(small, "admin phone", errors);
  await signIn(small, url, DEMO.admin.name);
  await small.waitForURL(`${url}/admin`);
  const tooSmall = (selector) =>
    small.evaluate((sel) => {
      const out = [];
      for (const el of document.querySelectorAll(sel)) {
        const r = el.getBoundingClientRect();
        if (r.width < 24 || r.height < 24)
          out.push(`${el.getAttribute("aria-label") ?? el.textContent} ${r.width}×${r.height}`);
      }
      return { out, sideways: document.documentElement.scrollWidth > document.documentElement.clientWidth };
    }, selector);
  await small.goto(`${url}/admin/analytics`);
  await small
    .getByLabel("Key figures")
    .getByRole("button", { name: /^Created: / })
    .waitFor();
  const perShop = small.getByRole("region", { name: /^Per / });
  await perShop.getByRole("button", { name: "Category" }).waitFor();
  const figuresAndGroups = await tooSmall(
    '[aria-label="Key figures"] button, section[aria-labelledby] p button[aria-pressed]',
  );
  if (figuresAndGroups.out.length || figuresAndGroups.sideways)
    throw new Error(`Analytics at 375 px: ${JSON.stringify(figuresAndGroups)}`);
  await small.goto(`${url}/admin/sla`);
  await small.getByRole("form", { name: "SLA policy" }).waitFor();
  const spans = await tooSmall('[aria-label="Opening spans"] button');
  if (spans.out.length || spans.sideways) throw new Error(`SLA at 375 px: ${JSON.stringify(spans)}`);
  step("at 375 px: figures, Group by and Remove span are 24 px targets; nothing scrolls sideways");
  await phone.close();
}
