/* global document, window, getComputedStyle */
import { AxeBuilder } from "@axe-core/playwright";
import { DEMO, api, apiLogin, ensureBuild, launchBrowser, startServer } from "./harness.mjs";

ensureBuild();
const server = await startServer();
const { url } = server;
const browser = await launchBrowser();
try {
  const shopToken = await apiLogin(url, DEMO.acme.email);
  const ticket = await api(url, shopToken, "POST", "/api/tickets", { subject: "Probe", message: "hello" });
  for (let i = 0; i < 12; i++) await api(url, shopToken, "POST", `/api/tickets/${ticket.id}/messages`, { body: `message ${i} with some text to fill the thread up a little` });

  const ctx = await browser.newContext({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  page.on("console", (m) => m.type() === "error" && console.log("console:", m.text()));
  await page.goto(`${url}/login`);
  await page.getByRole("button", { name: `Sign in as ${DEMO.admin.name}` }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  await page.goto(`${url}/admin?ticket=${ticket.id}`);
  await page.getByRole("list", { name: "Conversation" }).waitFor();
  const measure = () => page.evaluate(() => {
    const t = document.querySelector('[data-testid="thread-scroller"]');
    const box = document.querySelector('textarea');
    const r = t.getBoundingClientRect();
    const b = box.getBoundingClientRect();
    const vh = window.visualViewport?.height ?? window.innerHeight;
    // visible part of the thread: not covered by a fixed sheet
    const sheet = document.querySelector('aside[role="dialog"]');
    const sheetTop = sheet ? sheet.getBoundingClientRect().top : Infinity;
    const visible = Math.max(0, Math.min(r.bottom, vh, sheetTop) - Math.max(r.top, 0));
    const over = [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().bottom > document.documentElement.clientHeight + 5 && getComputedStyle(e).position !== "fixed").slice(0, 4).map((e) => e.tagName + "." + String(e.className).slice(0, 60) + ":" + Math.round(e.getBoundingClientRect().bottom));
    return { over, thread: [Math.round(r.top), Math.round(r.bottom)], visible: Math.round(visible), box: [Math.round(b.top), Math.round(b.bottom)], vh, sheetTop, active: document.activeElement?.tagName, docH: document.documentElement.scrollHeight };
  });
  console.log("667 closed", await measure());
  await page.getByRole("textbox", { name: "Reply" }).focus();
  await page.setViewportSize({ width: 375, height: 367 });
  await page.waitForTimeout(300);
  console.log("367 closed", await measure());
  await page.setViewportSize({ width: 375, height: 667 });
  await page.getByRole("button", { name: "Details" }).click();
  await page.waitForTimeout(300);
  console.log("667 open", await measure());
  await page.getByRole("textbox", { name: "Reply" }).focus().catch((e) => console.log("focus failed", e.message));
  await page.setViewportSize({ width: 375, height: 367 });
  await page.waitForTimeout(300);
  console.log("367 open", await measure());
  await page.screenshot({ path: "/tmp/probe-367-open.png" });
  await ctx.close();

  // Tab count to the reply box, desktop
  for (const who of process.env.PART ? [] : ["admin", "acme"]) {
    const c = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const p = await c.newPage();
    await p.goto(`${url}/login`);
    await p.getByRole("button", { name: `Sign in as ${DEMO[who].name}` }).click();
    await p.waitForURL((u) => !u.pathname.startsWith("/login"));
    await p.goto(`${url}/${who === "admin" ? "admin" : "shop"}?ticket=${ticket.id}`);
    await p.getByRole("list", { name: "Conversation" }).waitFor();
    await p.evaluate(() => document.activeElement?.blur());
    await p.locator("body").click({ position: { x: 1, y: 1 } });
    let n = 0;
    for (; n < 60; n++) {
      await p.keyboard.press("Tab");
      const label = await p.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? document.activeElement?.textContent?.slice(0, 30));
      if (n < 3) console.log(who, "tab", n + 1, label);
      if (label === "Reply" || (await p.evaluate(() => document.activeElement?.tagName === "TEXTAREA"))) break;
    }
    console.log(who, "tabs to reply box:", n + 1);
    // hover time
    const time = p.locator("time").first();
    console.log(who, "time title:", await time.getAttribute("title"), "text:", await time.textContent());
    const pages = who === "admin" ? ["/admin", "/admin/faq", "/admin/analytics", "/admin/sla", "/admin/team", "/admin/replies", "/admin/notifications"] : ["/shop", "/shop/faq", "/shop/notifications"];
    for (const path of pages) {
      await p.goto(url + path);
      await p.waitForLoadState("networkidle");
      await p.waitForTimeout(500);
      const r = await new AxeBuilder({ page: p }).withTags(["wcag2a", "wcag2aa"]).analyze();
      const bad = r.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      console.log("axe", path, bad.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((x) => x.target.join(" ")).join(" | ")}`), "h1:", await p.locator("h1").count());
    }
    await c.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
