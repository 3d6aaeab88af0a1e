/* global document, history, window -- page.evaluate() callbacks run in the browser */
// The public help centre has addresses (audit12 F2, F3): a category, an opened answer and a search are in
// the URL and Back steps back through them; a link to one answer opens it (scrolled to, focused) and can be
// copied; a link to an answer that is gone says so; a search that finds nothing offers the categories and
// common questions; /embed/help keeps its state in the frame's URL without adding history entries.
import { watchErrors } from "../harness.mjs";

export const name = "help centre addresses";

export default async function help({ browser, url, step, errors, eventually }) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  ctx.setDefaultTimeout(15_000);
  await ctx.grantPermissions(["clipboard-read", "clipboard-write"], { origin: url });
  const page = await ctx.newPage();
  watchErrors(page, "customer", errors);
  const here = () => new URL(page.url());
  const until = (what, check) => eventually(async () => check(here()), what);

  await page.goto(`${url}/help`);
  // The header's one link is a finger's target too: at least 24 px high (a bare line of text was 20).
  const signIn = await page.getByRole("link", { name: "Sellers: sign in" }).boundingBox();
  if (!signIn || signIn.height < 24)
    throw new Error(`"Sellers: sign in" is ${signIn?.height} px high, under 24`);
  const categories = page.getByRole("navigation", { name: "FAQ categories" });
  await categories.getByRole("button", { name: /^Returns/ }).click();
  await until("the category is in the URL", (u) => u.searchParams.get("category") === "Returns");
  const refund = page.getByRole("button", { name: "When will I get my refund?" });
  await refund.click();
  await until("the article is in the URL", (u) => !!u.searchParams.get("article"));
  const articleId = here().searchParams.get("article");
  const search = page.getByRole("searchbox", { name: "Search the FAQ" });
  await search.fill("shipping");
  await until("the search is in the URL", (u) => u.searchParams.get("q") === "shipping");
  step(`category, article and search are addressable: ${here().search}`);

  await page.goBack();
  await until(
    "Back reopens the article",
    (u) => u.searchParams.get("article") === articleId && !u.searchParams.get("q"),
  );
  await eventually(
    async () => (await refund.getAttribute("aria-expanded")) === "true",
    "the answer is open again",
  );
  if ((await search.inputValue()) !== "") throw new Error("Back left the search's words in the box");
  await page.goBack();
  await until("Back closes the article", (u) => u.search === "?category=Returns");
  await page.goBack();
  await until("Back shows every category", (u) => u.pathname === "/help" && u.search === "");
  step("Back steps back through search, article and category within /help");

  // A link to one answer, as support would send it.
  await page.goto(`${url}/help?article=${articleId}`);
  await eventually(
    async () => (await refund.getAttribute("aria-expanded")) === "true",
    "the linked answer is open",
  );
  await eventually(
    () => page.evaluate(() => document.activeElement?.textContent?.trim() === "When will I get my refund?"),
    "the linked answer's question has the focus",
  );
  const box = await refund.boundingBox();
  if (!box || box.y < 0 || box.y > 800) throw new Error(`the linked answer is not on screen (y=${box?.y})`);
  await page.getByRole("button", { name: "Copy link" }).click();
  await page.getByText(/Link copied\.|Copy this link:/).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText().catch(() => null));
  if (copied !== null && copied !== `${url}/help?article=${articleId}`) throw new Error(`copied ${copied}`);
  step(
    `a link opens its answer, focused and on screen; Copy link gave ${copied ?? "(clipboard not readable)"}`,
  );

  await page.goto(`${url}/help?article=00000000-0000-4000-8000-000000000000`);
  await page.getByRole("alert").filter({ hasText: "This answer is not available." }).waitFor();
  await page.getByRole("button", { name: "How do I track my order?" }).waitFor();
  step("an unknown answer says it is not available, above the list");

  await page.goto(`${url}/help?q=xyzzy%20plugh`);
  await page.getByText("No answers found for “xyzzy plugh”").waitFor();
  const common = page.getByRole("region", { name: "Common questions" });
  await common.getByRole("button").first().waitFor();
  // The ways on are one-line text buttons stacked in lists: each at least 24 px high, a finger's target.
  const ways = page
    .getByRole("region", { name: /^(Common questions|Browse a category)$/ })
    .getByRole("button");
  for (const way of await ways.all()) {
    const size = await way.boundingBox();
    if (!size || size.height < 24)
      throw new Error(`"${await way.textContent()}" is ${size?.height} px high, under 24`);
  }
  await page
    .getByRole("region", { name: "Browse a category" })
    .getByRole("button", { name: "Orders" })
    .click();
  await until("the category replaced the search", (u) => u.search === "?category=Orders");
  await page.goBack();
  await page.getByRole("button", { name: "Clear search" }).click();
  await until("the search is cleared", (u) => u.search === "");
  if (!(await search.evaluate((el) => el === document.activeElement)))
    throw new Error("Clear search left the focus");
  await page.goto(`${url}/help?q=refnud`);
  await page.getByRole("button", { name: "refund", exact: true }).click();
  await until("the corrected search is in the URL", (u) => u.searchParams.get("q") === "refund");
  await page.getByRole("button", { name: "When will I get my refund?" }).waitFor();
  step("a search that finds nothing offers a spelling, categories, common questions and Clear search");

  // In a host's frame the state is in the frame's URL, but the host's Back must not step through it.
  await page.goto(`${url}/embed/help?article=${articleId}`);
  await eventually(
    async () => (await refund.getAttribute("aria-expanded")) === "true",
    "the embedded answer is open",
  );
  const before = await page.evaluate(() => history.length);
  await page
    .getByRole("navigation", { name: "FAQ categories" })
    .getByRole("button", { name: /^Orders/ })
    .click();
  await until("the frame's URL follows", (u) => u.search === "?category=Orders");
  if ((await page.evaluate(() => history.length)) !== before)
    throw new Error("/embed/help added a history entry");
  if (await page.evaluate(() => window.scrollY !== 0)) throw new Error("/embed/help scrolled as it loaded");
  step("/embed/help keeps its state in its URL without history entries");

  await ctx.close();
}
