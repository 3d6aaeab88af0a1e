// The agent's inbox (issue 15): search by number, a saved reply with placeholders, drafts that survive a
// reload, keyboard shortcuts, a ticket link kept through sign-in, a long URL and an RTL message on a
// 375 px phone, the admin's thread at 375x667 with the keyboard up and a 200-character subject cut to two
// lines there, relevance search, skip links, and
// axe-core with no serious or critical violation on /login, /help and every signed-in page.
/* global document, window, getComputedStyle, HTMLTextAreaElement -- in page.evaluate callbacks, which run in the browser */
import { AxeBuilder } from "@axe-core/playwright";
import { DEMO, api, apiLogin, watchErrors } from "../harness.mjs";

export const name = "inbox";

const LONG_URL =
  "https://tracking.example-carrier.com/parcel/status?id=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz&ref=shop-acme-outfitters-october";
const ARABIC = "مرحبا، لم يصل الطلب بعد. هل يمكنكم المساعدة؟";

/** Runs axe-core (WCAG 2 A and AA) and fails on any serious or critical violation. */
async function axe(page, where, step) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  if (bad.length) {
    const detail = bad
      .map(
        (v) =>
          `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(" "))
            .join("\n    ")}`,
      )
      .join("\n  ");
    throw new Error(`axe on ${where}: ${bad.length} serious/critical violation(s)\n  ${detail}`);
  }
  step(
    `axe on ${where}: 0 serious/critical (${result.violations.length} minor/moderate, ${result.passes.length} rules passed)`,
  );
}

/** @param {import("../run.mjs").ScenarioContext} t */
export default async function inbox(t) {
  const { browser, url, step, errors, eventually, signIn, LIVE_TIMEOUT } = t;

  // Seed through the API: two tickets from Acme, one with a long URL and an Arabic message; a saved reply.
  const shopToken = await apiLogin(url, DEMO.acme.email);
  const adminToken = await apiLogin(url, DEMO.admin.email);
  const stamp = Date.now() % 1_000_000;
  // Enough older tickets that the queue overflows its pane (the page itself must still not scroll).
  for (let i = 0; i < 24; i++) {
    await api(url, shopToken, "POST", "/api/tickets", {
      subject: `Inbox filler ${stamp} ${i}`,
      message: "An older ticket, so the queue is longer than the window.",
    });
  }
  const other = await api(url, shopToken, "POST", "/api/tickets", {
    subject: `Inbox other ${stamp}`,
    message: "A second ticket so j and k have somewhere to go.",
  });
  // A thread longer than its pane: its screen-reader text must not stretch the page either.
  for (let i = 0; i < 30; i++) {
    await api(url, shopToken, "POST", `/api/tickets/${other.id}/messages`, { body: `Follow-up ${i}` });
  }
  const ticket = await api(url, shopToken, "POST", "/api/tickets", {
    subject: `Inbox parcel ${stamp}`,
    message: `Where is my parcel? Tracking: ${LONG_URL}`,
  });
  await api(url, shopToken, "POST", `/api/tickets/${ticket.id}/messages`, { body: ARABIC });
  // A subject as long as the contract allows (200): on a phone its header must not eat the thread. (No
  // "parcel" and no stamp in it: the relevance search below must still rank "Inbox parcel" first.)
  const longSubject =
    `A very long subject: ${"the order never came though the courier says it was handed over ".repeat(4)}`
      .slice(0, 200)
      .trim();
  const longTicket = await api(url, shopToken, "POST", "/api/tickets", {
    subject: longSubject,
    message: "A ticket whose subject is as long as a subject may be.",
  });
  const cannedTitle = `Refund timing ${stamp}`;
  await api(url, adminToken, "POST", "/api/canned-responses", {
    title: cannedTitle,
    body: "Hi {{shop.name}}, about ticket #{{ticket.number}}: refunds take 5 days. {{admin.name}}",
  });
  step(`seeded tickets #${other.number} and #${ticket.number} and a saved reply`);

  // A ticket link opened while signed out comes back after sign-in.
  const adminCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  adminCtx.setDefaultTimeout(15_000);
  const admin = await adminCtx.newPage();
  watchErrors(admin, "admin", errors);
  await admin.goto(`${url}/admin?ticket=${ticket.id}`);
  await admin.waitForURL(/\/login\?next=/);
  await axe(admin, "/login", step);
  await admin.getByRole("button", { name: `Sign in as ${DEMO.admin.name}` }).click();
  await admin.waitForURL(`${url}/admin?ticket=${ticket.id}`);
  await admin.getByRole("heading", { name: ticket.subject }).waitFor();
  // Only the panes scroll, never the page (a screen-reader label positioned against the page once
  // stretched it to twice the window, and the wheel scrolled everything away).
  await admin
    .getByRole("button", { name: new RegExp(`Inbox filler ${stamp} 23`) })
    .waitFor({ state: "attached" });
  const page = await admin.evaluate(() => ({
    height: document.documentElement.scrollHeight,
    window: window.innerHeight,
  }));
  if (page.height > page.window + 1) {
    throw new Error(
      `the admin page is ${page.height} px tall in a ${page.window} px window: it scrolls away`,
    );
  }
  step("a ticket link opened signed out returned to /admin?ticket=… after sign-in");

  // Opening a ticket leaves focus alone (j/k keep stepping through the queue); "r" goes to the reply box.
  const box = admin.getByRole("textbox", { name: "Reply" });
  if (await box.evaluate((el) => el === document.activeElement))
    throw new Error("opening the ticket moved focus into the reply box");
  await admin.keyboard.press("r");
  await eventually(() => box.evaluate((el) => el === document.activeElement), "the reply box has focus");
  step("opening the ticket left focus alone; r put it in the reply box");

  // RTL: dir=auto resolves to rtl for the Arabic message; links are clickable and safe.
  const arabic = admin.getByTestId("message-body").filter({ hasText: "مرحبا" });
  const direction = await arabic.evaluate(
    (el) => getComputedStyle(el.querySelector("p > span") ?? el).direction,
  );
  if (direction !== "rtl") throw new Error(`the Arabic message is laid out ${direction}, expected rtl`);
  const link = admin.getByRole("link", { name: LONG_URL });
  if (
    (await link.getAttribute("rel")) !== "noopener noreferrer" ||
    (await link.getAttribute("target")) !== "_blank"
  ) {
    throw new Error("the autolinked URL lacks target=_blank rel=noopener noreferrer");
  }
  step("the Arabic message resolves to rtl (dir=auto); the tracking URL is a safe link");
  await axe(admin, "/admin (a ticket open)", step);

  // Drafts survive a reload.
  await box.fill("Half-written: checking with the carrier");
  await admin.reload();
  await admin.getByRole("heading", { name: ticket.subject }).waitFor();
  await eventually(
    async () =>
      (await admin.getByRole("textbox", { name: "Reply" }).inputValue()) ===
      "Half-written: checking with the carrier",
    "the draft is back after a reload",
  );
  step("the reply draft survived a reload");

  // A saved reply: "/" opens the picker; placeholders are filled and previewed, then sent.
  const reply = admin.getByRole("textbox", { name: "Reply" });
  await reply.fill("");
  await reply.pressSequentially("/refund");
  await admin
    .getByRole("listbox", { name: "Saved replies" })
    .getByRole("option", { name: new RegExp(cannedTitle) })
    .waitFor();
  await reply.press("Enter");
  const filled = `Hi Acme Outfitters, about ticket #${ticket.number}: refunds take 5 days. ${DEMO.admin.name}`;
  await eventually(async () => (await reply.inputValue()) === filled, `the reply box holds "${filled}"`);
  await admin.getByRole("region", { name: "Preview" }).getByText(filled).waitFor();
  await reply.press("Enter");
  await admin
    .getByRole("list", { name: "Conversation" })
    .getByText(filled)
    .waitFor({ timeout: LIVE_TIMEOUT });
  step("a saved reply was picked with /, its placeholders filled, previewed and sent");

  // Shortcuts: Esc leaves the box for the queue; ? opens help; a assigns; e resolves; j/k move; / searches.
  await reply.press("Escape");
  await eventually(
    () => admin.evaluate(() => !(document.activeElement instanceof HTMLTextAreaElement)),
    "Escape left the reply box",
  );
  await admin.keyboard.press("?");
  const help = admin.getByRole("dialog", { name: "Keyboard shortcuts" });
  await help.waitFor();
  await admin.keyboard.press("Escape");
  await help.waitFor({ state: "hidden" });
  await admin.keyboard.press("a");
  await eventually(
    async () => (await api(url, adminToken, "GET", `/api/tickets/${ticket.id}`)).assigneeId !== null,
    "a assigned the ticket",
  );
  await admin.keyboard.press("e");
  await eventually(
    async () => (await api(url, adminToken, "GET", `/api/tickets/${ticket.id}`)).status === "resolved",
    "e resolved the ticket",
  );
  step("Esc left the box, ? showed the shortcuts, a assigned, e resolved");

  await admin.goto(`${url}/admin?status=all`);
  await admin.getByRole("list", { name: "Ticket queue" }).getByRole("button").first().waitFor();
  await admin.locator("body").click({ position: { x: 5, y: 5 } });
  await admin.keyboard.press("j");
  await admin.waitForURL(/ticket=/);
  const first = new URL(admin.url()).searchParams.get("ticket");
  await admin.locator("body").click({ position: { x: 5, y: 5 } });
  await admin.keyboard.press("j");
  await eventually(
    async () => new URL(admin.url()).searchParams.get("ticket") !== first,
    "j moved to the next ticket",
  );
  await admin.locator("body").click({ position: { x: 5, y: 5 } });
  await admin.keyboard.press("k");
  await eventually(async () => new URL(admin.url()).searchParams.get("ticket") === first, "k moved back");
  step("j and k stepped through the queue (the open ticket is in the URL)");

  // Search by number: "/" focuses search; "#N" finds exactly that ticket, and the search is in the URL.
  await admin.locator("body").click({ position: { x: 5, y: 5 } });
  await admin.keyboard.press("/");
  await admin.getByRole("searchbox", { name: "Search tickets" }).pressSequentially(`#${ticket.number}`);
  await admin.waitForURL(new RegExp(`q=%23${ticket.number}`));
  const queue = admin.getByRole("list", { name: "Ticket queue" });
  await eventually(async () => (await queue.getByRole("button").count()) === 1, "the queue shows one ticket");
  await queue.getByRole("button", { name: new RegExp(ticket.subject) }).waitFor();
  step(`searching #${ticket.number} found exactly that ticket; the search lives in the URL`);

  // Relevance: offered while searching, kept in the URL; the subject match ranks first.
  const searchBox = admin.getByRole("searchbox", { name: "Search tickets" });
  await searchBox.fill(`parcel ${stamp}`);
  await admin.waitForURL(/q=parcel/);
  await admin.getByRole("combobox", { name: "Sort by" }).selectOption("relevance");
  await admin.waitForURL(/sort=relevance/);
  await eventually(
    async () => /Inbox parcel/.test((await queue.getByRole("button").first().textContent()) ?? ""),
    "the relevance-sorted queue lists the match",
  );
  step("Relevance is offered while searching; sort=relevance is in the URL and the queue lists the match");

  // Keyboard: two Tabs and Enter reach the reply box (skip links), from a fresh start of the page.
  await admin.goto(`${url}/admin?ticket=${other.id}`);
  await admin.getByRole("heading", { name: other.subject }).waitFor();
  await admin.getByText("Follow-up 29").waitFor();
  const withThread = await admin.evaluate(() => ({
    height: document.documentElement.scrollHeight,
    window: window.innerHeight,
  }));
  if (withThread.height > withThread.window + 1) {
    throw new Error(
      `with a 31-message thread open the page is ${withThread.height} px tall in a ${withThread.window} px window`,
    );
  }
  step("a thread longer than its pane scrolls inside it; the page does not");
  await admin.evaluate(() => {
    // Sequential focus navigation starts at the top of the document, as after a fresh load.
    document.body.tabIndex = -1;
    document.body.focus();
    document.body.removeAttribute("tabindex");
  });
  // Each skip link, once focused, is on screen as a target of at least 24 x 24 px (WCAG 2.5.8: it was
  // 20 px high, its padding reset by not-sr-only), and showing it moves nothing (the content's top stays).
  const mainTop = () => admin.evaluate(() => document.getElementById("main").getBoundingClientRect().top);
  const topBefore = await mainTop();
  const shownSkipLinks = [];
  for (let i = 0; i < 2; i++) {
    await admin.keyboard.press("Tab");
    const shown = await admin.evaluate(() => {
      const r = document.activeElement.getBoundingClientRect();
      return { text: document.activeElement.textContent, top: r.top, width: r.width, height: r.height };
    });
    const moved = (await mainTop()) !== topBefore;
    if (shown.width < 24 || shown.height < 24 || shown.top < 0 || moved)
      throw new Error(
        `a focused skip link is too small, off screen or moves the page: ${JSON.stringify({ ...shown, moved })}`,
      );
    shownSkipLinks.push(`${shown.text} ${Math.round(shown.width)} x ${Math.round(shown.height)}`);
  }
  const skip = await admin.evaluate(() => document.activeElement?.textContent);
  if (skip !== "Skip to the reply box")
    throw new Error(`the second Tab focused "${skip}", not the reply skip link`);
  step(`focused, the skip links show as ${shownSkipLinks.join(" and ")} px; the page does not move`);
  await admin.keyboard.press("Enter");
  await eventually(
    () => admin.getByRole("textbox", { name: "Reply" }).evaluate((el) => el === document.activeElement),
    "Enter on the skip link focused the reply box",
  );
  step("2 Tabs and Enter reach the admin's reply box (skip link)");

  // Times: relative on screen, absolute on hover (title).
  const time = admin.getByRole("list", { name: "Conversation" }).locator("time").first();
  await time.hover();
  const [shown, hoverTitle, iso] = await Promise.all([
    time.textContent(),
    time.getAttribute("title"),
    time.getAttribute("datetime"),
  ]);
  if (!/ago|just now/i.test(shown ?? "") || !hoverTitle || !/\d{4}/.test(hoverTitle) || !iso) {
    throw new Error(`message time: shown "${shown}", title "${hoverTitle}", datetime "${iso}"`);
  }
  step(`message times read "${shown}" and show "${hoverTitle}" on hover`);

  // axe on every other signed-in admin page.
  for (const path of ["faq", "analytics", "sla", "team", "replies", "notifications"]) {
    await admin.goto(`${url}/admin/${path}`);
    await admin.getByRole("heading", { level: 1 }).first().waitFor({ state: "attached" });
    await admin.waitForLoadState("networkidle");
    await axe(admin, `/admin/${path}`, step);
  }
  await adminCtx.close();

  // An admin on a phone with the on-screen keyboard up (375x667 shrunk to 375x367 once the reply box
  // has focus), details sheet closed and then open: the thread keeps a usable height and the box stays
  // in view. The sheet yields to the reply box; the frame follows visualViewport.
  const adminPhoneCtx = await browser.newContext({
    viewport: { width: 375, height: 667 },
    isMobile: true,
    hasTouch: true,
  });
  adminPhoneCtx.setDefaultTimeout(15_000);
  const adminPhone = await adminPhoneCtx.newPage();
  watchErrors(adminPhone, "admin phone", errors);
  await signIn(adminPhone, url, DEMO.admin.name);
  await adminPhone.waitForURL(`${url}/admin`);
  await adminPhone.goto(`${url}/admin?ticket=${ticket.id}`);
  await adminPhone.getByRole("list", { name: "Conversation" }).waitFor();
  // The sections bar scrolls sideways on one line; the page itself never does.
  const nav = await adminPhone.evaluate(() => {
    const links = [...document.querySelectorAll('nav[aria-label="Sections"] a')];
    return {
      page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
      heights: links.map((a) => Math.round(a.getBoundingClientRect().height)),
    };
  });
  if (nav.page[0] > nav.page[1] || nav.heights.some((h) => h > nav.heights[0] || h > 40)) {
    throw new Error(`the sections bar wraps or the page scrolls sideways at 375 px: ${JSON.stringify(nav)}`);
  }
  step(`the admin's ${nav.heights.length} sections sit on one line at 375 px (page ${nav.page.join("/")})`);
  const phoneReply = adminPhone.getByRole("textbox", { name: "Reply" });
  const usable = async (label) => {
    let last = null;
    const ok = await eventually(async () => {
      last = await adminPhone.evaluate(() => {
        const thread = document.querySelector('[data-testid="thread-scroller"]').getBoundingClientRect();
        const box = document.querySelector("#main form textarea").getBoundingClientRect();
        const height = window.visualViewport?.height ?? window.innerHeight;
        const sheet = document.querySelector('[role="dialog"][aria-label="Ticket details"]');
        const coveredFrom = sheet ? sheet.getBoundingClientRect().top : Infinity;
        const visible = Math.min(thread.bottom, height, coveredFrom) - Math.max(thread.top, 0);
        return { visible, boxTop: box.top, boxBottom: box.bottom, height, coveredFrom };
      });
      return (
        last.visible >= 150 &&
        last.boxTop >= 0 &&
        last.boxBottom <= last.height &&
        last.boxBottom <= last.coveredFrom
      );
    }, `${label}: the thread keeps >= 150 px and the reply box stays in view`).then(
      () => true,
      () => false,
    );
    if (!ok) throw new Error(`${label}: not usable: ${JSON.stringify(last)}`);
    step(
      `${label}: thread ${Math.round(last.visible)} px visible, reply box at ${Math.round(last.boxTop)}-${Math.round(last.boxBottom)} of ${last.height}`,
    );
  };
  await phoneReply.focus();
  await adminPhone.setViewportSize({ width: 375, height: 367 });
  await usable("375x367 keyboard up, details closed");
  await adminPhone.setViewportSize({ width: 375, height: 667 });
  await adminPhone.getByRole("button", { name: "Details" }).click();
  await adminPhone.getByRole("dialog", { name: "Ticket details" }).waitFor();
  await phoneReply.focus();
  await adminPhone.setViewportSize({ width: 375, height: 367 });
  await usable("375x367 keyboard up after opening details");
  await adminPhone.setViewportSize({ width: 375, height: 667 });
  await axe(adminPhone, "/admin (375 px, a ticket open)", step);
  // A 200-character subject: two lines in the header (it took some 240 px), all of it still in the
  // heading (its name, its title) and on screen after "more". At most 88 px: the two subject lines (48)
  // and one line of status, priority, number, shop and age under them and the buttons (20), the padding
  // and gap (it was 109 px while that line sat beside the subject, in two rows).
  await adminPhone.goto(`${url}/admin?ticket=${longTicket.id}`);
  const longHeading = adminPhone.getByRole("heading", { name: longSubject, exact: true });
  await longHeading.waitFor();
  const measureHeader = () =>
    longHeading.evaluate((h) => ({
      header: Math.round(h.closest("header").getBoundingClientRect().height),
      shown: h.clientHeight,
      full: h.scrollHeight,
      title: h.getAttribute("title"),
    }));
  const cut = await measureHeader();
  if (cut.header > 88 || cut.title !== longSubject || cut.full <= cut.shown) {
    throw new Error(
      `at 375 px a 200-character subject's header is over 88 px or not cut to two lines: ${JSON.stringify(cut)}`,
    );
  }
  await axe(adminPhone, "/admin (375 px, a 200-character subject cut)", step);
  await adminPhone.getByRole("button", { name: "Show more of the subject" }).click();
  const showLess = adminPhone.getByRole("button", { name: "Show less of the subject" });
  await showLess.waitFor();
  const opened = await measureHeader();
  if (opened.full > opened.shown + 1 || opened.shown <= cut.shown) {
    throw new Error(`"more" left the subject cut: ${JSON.stringify(opened)}`);
  }
  await axe(adminPhone, "/admin (375 px, a 200-character subject shown in full)", step);
  await showLess.click();
  await adminPhone.getByRole("button", { name: "Show more of the subject" }).waitFor();
  step(
    `at 375 px a 200-character subject's header is ${cut.header} px (subject cut to ${cut.shown} of ${cut.full} px); "more" shows all of it (${opened.header} px)`,
  );
  // A section at the far end of the bar, opened by its address: the bar shows it as current, in view.
  await adminPhone.goto(`${url}/admin/notifications`);
  const current = adminPhone.getByRole("navigation", { name: "Sections" }).locator('[aria-current="page"]');
  await current.waitFor();
  let inView = null;
  const inBar = await eventually(async () => {
    inView = await current.evaluate((a) => {
      const bar = a.parentElement.getBoundingClientRect();
      const link = a.getBoundingClientRect();
      return { bar: [bar.left, bar.right], link: [link.left, link.right] };
    });
    return inView.link[0] >= inView.bar[0] - 1 && inView.link[1] <= inView.bar[1] + 1;
  }, "the current section is in the bar's view").then(
    () => true,
    () => false,
  );
  if (!inBar) {
    throw new Error(`at 375 px the current section is scrolled out of the bar: ${JSON.stringify(inView)}`);
  }
  step("at 375 px /admin/notifications shows its own section in the bar's view");
  await adminPhoneCtx.close();

  // A phone: the long URL wraps, nothing scrolls sideways; the shop's pages pass axe.
  const phoneCtx = await browser.newContext({
    viewport: { width: 375, height: 667 },
    isMobile: true,
    hasTouch: true,
  });
  phoneCtx.setDefaultTimeout(15_000);
  const phone = await phoneCtx.newPage();
  watchErrors(phone, "phone", errors);
  await signIn(phone, url, DEMO.acme.name);
  await phone.waitForURL(`${url}/shop`);
  await axe(phone, "/shop (375 px)", step);
  await phone.goto(`${url}/shop?ticket=${ticket.id}`);
  const bubble = phone.getByTestId("message-body").filter({ hasText: "tracking.example-carrier.com" });
  await bubble.waitFor();
  const widths = await phone.evaluate(() => {
    const thread = document.querySelector('[data-testid="thread-scroller"]');
    return {
      doc: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
      thread: thread ? [thread.scrollWidth, thread.clientWidth] : null,
    };
  });
  const bubbleWidths = await bubble.evaluate((el) => [el.scrollWidth, el.clientWidth]);
  if (
    widths.doc[0] > widths.doc[1] ||
    !widths.thread ||
    widths.thread[0] > widths.thread[1] ||
    bubbleWidths[0] > bubbleWidths[1]
  ) {
    throw new Error(`horizontal overflow at 375 px: ${JSON.stringify({ ...widths, bubble: bubbleWidths })}`);
  }
  step(
    `the long URL wraps at 375 px (page ${widths.doc.join("/")}, thread ${widths.thread.join("/")}, bubble ${bubbleWidths.join("/")})`,
  );

  // The new-ticket draft survives a reload.
  await phone.goto(`${url}/shop`);
  await phone.getByRole("button", { name: "New ticket", exact: true }).click();
  await phone.getByLabel("Subject").fill("Draft subject that survives");
  await phone.getByLabel("Message").fill("Draft message that survives");
  await phone.reload();
  // The open form is in the URL (?new=1), so the reload shows it again.
  await phone.getByLabel("Subject").waitFor();
  await eventually(
    async () => (await phone.getByLabel("Subject").inputValue()) === "Draft subject that survives",
    "the new-ticket draft is back after a reload",
  );
  if ((await phone.getByLabel("Message").inputValue()) !== "Draft message that survives") {
    throw new Error("the new-ticket message draft was lost on reload");
  }
  step("the new-ticket draft survived a reload");

  // A subject like the shop's open tickets: each "similar ticket" offered is a target at least 24 px high
  // (WCAG 2.5.8; a line of text alone was 20 px), and the form with them passes axe.
  await phone.getByLabel("Subject").fill(`Inbox other ${stamp}`);
  const similar = phone.getByRole("region", { name: "Your similar open tickets" });
  await similar.getByRole("button", { name: new RegExp(`#${other.number} Inbox other ${stamp}`) }).waitFor();
  const similarSizes = await similar
    .getByRole("button")
    .evaluateAll((buttons) => buttons.map((b) => b.getBoundingClientRect()).map((r) => [r.width, r.height]));
  if (similarSizes.some(([w, h]) => w < 24 || h < 24))
    throw new Error(`a similar ticket's link is under 24 px at 375 px: ${JSON.stringify(similarSizes)}`);
  await axe(phone, "/shop?new=1 (375 px, similar tickets offered)", step);
  step(`at 375 px the ${similarSizes.length} similar tickets offered are each at least 24 px high`);

  for (const path of ["faq", "notifications"]) {
    await phone.goto(`${url}/shop/${path}`);
    await phone.getByRole("heading", { level: 1 }).first().waitFor({ state: "attached" });
    await phone.waitForLoadState("networkidle");
    await axe(phone, `/shop/${path} (375 px)`, step);
  }

  await phone.goto(`${url}/help`);
  await phone.getByRole("heading", { level: 1 }).first().waitFor();
  await axe(phone, "/help (375 px)", step);
  await phoneCtx.close();
}
