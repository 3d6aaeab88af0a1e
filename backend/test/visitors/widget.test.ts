import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import express from "express";
import request from "supertest";
import { embedClientHandler } from "../../src/platform/http/embed";
import { REPO_ROOT, WIDGET_JS } from "../../src/platform/paths";
import { useTicketContext } from "../tickets/helpers";

/** Issue 18: widget.js stays small (CI checks the real bundle) and is served to any page. */

const WIDGET_GZIP_BUDGET = 50 * 1024;

const { ctx } = useTicketContext();

test("when widget.js is bundled, then it is at most 50 kB gzipped", () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "parley-widget-")), "widget.js");
  execFileSync(process.execPath, [path.join(REPO_ROOT, "packages/widget/build.mjs"), out], { stdio: "pipe" });
  const bundle = fs.readFileSync(out);
  const gzipped = zlib.gzipSync(bundle, { level: 9 }).length;
  // A real bundle: it carries the socket.io client and the widget's own code.
  expect(bundle.length).toBeGreaterThan(10_000);
  expect(bundle.toString("utf8")).toContain("/api/visitor/messages");
  expect(gzipped).toBeLessThanOrEqual(WIDGET_GZIP_BUDGET);
});

test("when widget.js is built, then /widget.js serves it as JavaScript any origin may load", async () => {
  if (!fs.existsSync(WIDGET_JS)) {
    execFileSync(process.execPath, [path.join(REPO_ROOT, "packages/widget/build.mjs")], { stdio: "pipe" });
  }
  const res = await request(ctx.app).get("/widget.js");
  expect(res.status).toBe(200);
  expect(res.headers["content-type"]).toMatch(/javascript/);
  expect(res.headers["access-control-allow-origin"]).toBe("*");
  expect(res.headers["cross-origin-resource-policy"]).toBe("cross-origin");
});

test("when a script is not built, then its URL is 404, not the web app's HTML in its place", async () => {
  const app = express();
  app.get("/widget.js", embedClientHandler(path.join(os.tmpdir(), "parley-no-such-dir", "widget.js")));
  const res = await request(app).get("/widget.js");
  expect(res.status).toBe(404);
  expect(res.headers["content-type"]).toMatch(/^text\/plain/);
  expect(res.text).toContain("widget.js is not built");
});
