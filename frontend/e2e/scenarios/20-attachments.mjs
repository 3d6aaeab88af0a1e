// Attachments (issue 13): the shop pastes a screenshot into a reply and sends it; the admin, who has the
// ticket open, sees its thumbnail arrive without a reload (a signed URL, so <img> needs no token), opens
// it in the lightbox and closes it with Escape; focus returns to the thumbnail.
/* global document, window, DataTransfer, ClipboardEvent -- the page.evaluate callbacks run in the browser */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { api, apiLogin, DEMO, watchErrors } from "../harness.mjs";

export const name = "attachments: paste a screenshot, the admin sees it live";

/**
 * On the shared server (embedded database, folder storage), then, when CI hands over a PostgreSQL
 * database in E2E_DATABASE_URL, on a second server with that database and S3 storage (s3rver).
 * @param {import("../run.mjs").ScenarioContext} t
 */
export default async function attachments(t) {
  await pasteAndSee(t, t.url);
  await removeOnAPhone(t, t.url);
  const databaseUrl = process.env.E2E_DATABASE_URL;
  if (!databaseUrl) {
    t.step("E2E_DATABASE_URL unset: the PostgreSQL + S3 pass is skipped");
    return;
  }
  const bucket = "parley-e2e";
  const s3rver = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory: fs.mkdtempSync(path.join(os.tmpdir(), "parley-e2e-s3-")),
  });
  const { port } = await s3rver.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const s3 = new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const server = await t.startServer({
      DATABASE_URL: databaseUrl,
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_REGION: "us-east-1",
      S3_ACCESS_KEY_ID: "S3RVER",
      S3_SECRET_ACCESS_KEY: "S3RVER",
    });
    t.step(`second server on PostgreSQL with S3 storage at ${server.url}`);
    await pasteAndSee(t, server.url);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    if (!listed.KeyCount) throw new Error("the screenshot did not land in the S3 bucket");
    t.step(`the screenshot is stored in S3 (${listed.KeyCount} objects: file and thumbnail)`);
  } finally {
    s3.destroy();
    await s3rver.close();
  }
}

/**
 * On a 375 px phone, a file attached to a new ticket can be removed with a finger: its Remove button is at
 * least 24 x 24 px (WCAG 2.5.8; the bare "×" was 15 x 16), and the chip does not widen the page.
 * @param {import("../run.mjs").ScenarioContext} t
 * @param {string} url the server to run against
 */
async function removeOnAPhone(t, url) {
  const { browser, step, errors, signIn } = t;
  const ctx = await browser.newContext({
    viewport: { width: 375, height: 667 },
    hasTouch: true,
    isMobile: true,
  });
  ctx.setDefaultTimeout(15_000);
  const shop = await ctx.newPage();
  watchErrors(shop, "shop (phone)", errors);
  await signIn(shop, url, DEMO.acme.name);
  await shop.waitForURL(`${url}/shop`);
  await shop.goto(`${url}/shop?new=1`);
  await shop.getByLabel("Subject").waitFor();
  // An 8 x 8 PNG, made on a canvas as in pasteAndSee.
  const png = await shop.evaluate(async () => {
    const canvas = document.createElement("canvas");
    canvas.width = 8;
    canvas.height = 8;
    canvas.getContext("2d").fillRect(0, 0, 8, 8);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
    return Array.from(new Uint8Array(await blob.arrayBuffer()));
  });
  await shop
    .locator('input[type="file"]')
    .first()
    .setInputFiles({ name: "label.png", mimeType: "image/png", buffer: Buffer.from(png) });
  const remove = shop.getByRole("button", { name: "Remove label.png" });
  await remove.waitFor();
  const box = await remove.boundingBox();
  if (!box || box.width < 24 || box.height < 24) {
    throw new Error(`the Remove button is ${box?.width} x ${box?.height} px: under 24 x 24 to tap`);
  }
  const sideways = await shop.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  if (sideways) throw new Error("the new-ticket form scrolls sideways at 375 px with a file attached");
  await remove.tap();
  await remove.waitFor({ state: "detached" });
  step(`at 375 px the attached file's Remove button is ${box.width} x ${box.height} px and removes it`);
  await ctx.close();
}

/**
 * @param {import("../run.mjs").ScenarioContext} t
 * @param {string} url the server to run against
 */
async function pasteAndSee(t, url) {
  const { browser, step, errors, signIn, LIVE_TIMEOUT } = t;

  const shopToken = await apiLogin(url, DEMO.acme.email);
  const subject = `Error screen at checkout ${Date.now() % 100000}`;
  const created = await api(url, shopToken, "POST", "/api/tickets", {
    subject,
    message: "Checkout shows an error for some buyers.",
  });
  const ticketId = created.id ?? created.ticket?.id;
  if (!ticketId) throw new Error(`no ticket id in ${JSON.stringify(created)}`);
  step("shop filed a ticket (API)");

  const adminCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const shopCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  for (const ctx of [adminCtx, shopCtx]) ctx.setDefaultTimeout(15_000);
  const admin = await adminCtx.newPage();
  const shop = await shopCtx.newPage();
  watchErrors(admin, "admin", errors);
  watchErrors(shop, "shop", errors);

  await signIn(admin, url, DEMO.admin.name);
  await admin.waitForURL(`${url}/admin`);
  await admin.goto(`${url}/admin?ticket=${ticketId}`);
  await admin.getByRole("heading", { name: subject }).waitFor();
  await admin.getByText("Live", { exact: true }).waitFor({ timeout: LIVE_TIMEOUT });
  const adminThread = admin.getByRole("list", { name: "Conversation" });
  await adminThread.getByText("Checkout shows an error").waitFor();
  step("admin has the ticket open, socket live");

  await signIn(shop, url, DEMO.acme.name);
  await shop.waitForURL(`${url}/shop`);
  await shop.goto(`${url}/shop?ticket=${ticketId}`);
  await shop.getByRole("heading", { name: subject }).waitFor();
  const box = shop.getByRole("textbox", { name: "Reply" });
  await box.fill("Here is what the buyers see:");

  // A real PNG (drawn on a canvas) pasted from the clipboard, as a screenshot tool leaves it.
  await box.evaluate(async (textarea) => {
    const canvas = document.createElement("canvas");
    canvas.width = 320;
    canvas.height = 200;
    const g = canvas.getContext("2d");
    g.fillStyle = "#fee2e2";
    g.fillRect(0, 0, 320, 200);
    g.fillStyle = "#b91c1c";
    g.font = "20px sans-serif";
    g.fillText("Payment failed (E-402)", 40, 100);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
    const data = new DataTransfer();
    data.items.add(new File([blob], "image.png", { type: "image/png" }));
    textarea.focus();
    textarea.dispatchEvent(
      new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
    );
  });
  const chip = shop
    .getByRole("list", { name: "Files to send" })
    .getByRole("listitem", { name: /^screenshot-.*\.png$/ });
  await chip.waitFor();
  await chip.getByRole("progressbar").waitFor({ state: "detached", timeout: LIVE_TIMEOUT });
  if (await chip.getByRole("alert").count())
    throw new Error(`the upload was refused: ${await chip.textContent()}`);
  step("shop pasted a screenshot: it uploaded");

  await box.press("Enter");
  const shopThread = shop.getByRole("list", { name: "Conversation" });
  await shopThread.getByText("Here is what the buyers see:").waitFor();
  await shop.getByText("Sending…").waitFor({ state: "detached" });
  await shopThread.getByRole("button", { name: /^Open image screenshot-/ }).waitFor();
  step("shop sent the reply with the screenshot");

  // Live: the admin sees the message and its thumbnail without a reload; the image really loads.
  const thumbButton = adminThread.getByRole("button", { name: /^Open image screenshot-/ });
  await thumbButton.waitFor({ timeout: LIVE_TIMEOUT });
  const thumb = thumbButton.getByRole("img");
  await thumb.waitFor({ timeout: LIVE_TIMEOUT });
  await admin.waitForFunction((img) => img.complete && img.naturalWidth > 0, await thumb.elementHandle(), {
    timeout: LIVE_TIMEOUT,
  });
  const src = await thumb.getAttribute("src");
  if (!/\/thumbnail\?.*sig=/.test(src ?? "")) throw new Error(`the thumbnail is not a signed URL: ${src}`);
  step("admin saw the screenshot's thumbnail live (signed URL, loaded)");

  await thumbButton.click();
  const dialog = admin.getByRole("dialog", { name: /screenshot-/ });
  await dialog.waitFor();
  const full = dialog.getByRole("img");
  await full.waitFor();
  await admin.waitForFunction((img) => img.complete && img.naturalWidth === 320, await full.elementHandle(), {
    timeout: LIVE_TIMEOUT,
  });
  const focusInside = await dialog.evaluate((d) => d.contains(document.activeElement));
  if (!focusInside) throw new Error("the lightbox did not take focus");
  step("admin opened the lightbox: the full image (320 px) loaded, focus inside");

  await admin.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  const focusBack = await thumbButton.evaluate((b) => b === document.activeElement);
  if (!focusBack) throw new Error("focus did not return to the thumbnail after Escape");
  step("Escape closed the lightbox; focus went back to the thumbnail");

  for (const ctx of [adminCtx, shopCtx]) await ctx.close();
}
