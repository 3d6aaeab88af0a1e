// `npm start` builds the React app when frontend/dist is missing or older than its sources.
import { execSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const frontend = path.join(root, "frontend");
const builtIndex = path.join(frontend, "dist", "index.html");

function newestMtime(p) {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs
    .readdirSync(p)
    .reduce((max, name) => Math.max(max, newestMtime(path.join(p, name))), stat.mtimeMs);
}

const inputs = ["src", "index.html", "vite.config.ts", "package.json", "public"]
  .map((p) => path.join(frontend, p))
  .filter((p) => fs.existsSync(p));
const sourceTime = Math.max(...inputs.map(newestMtime));
const builtTime = fs.existsSync(builtIndex) ? fs.statSync(builtIndex).mtimeMs : 0;

if (builtTime < sourceTime) {
  console.log("Building the web app (frontend/dist is missing or stale)...");
  execSync("npm run build -w frontend", { cwd: root, stdio: "inherit" });
}

// @parley/embed (packages/embed): the client host pages import, served as /parley-embed.js.
const embedPkg = path.join(root, "packages", "embed");
const embedBuilt = path.join(embedPkg, "dist", "index.js");
const embedSourceTime = newestMtime(path.join(embedPkg, "src"));
const embedBuiltTime = fs.existsSync(embedBuilt) ? fs.statSync(embedBuilt).mtimeMs : 0;
if (embedBuiltTime < embedSourceTime) {
  console.log("Building @parley/embed (packages/embed/dist is missing or stale)...");
  execSync("npm run build -w @parley/embed", { cwd: root, stdio: "inherit" });
}

// The visitor widget (packages/widget), served as /widget.js.
const widgetPkg = path.join(root, "packages", "widget");
const widgetBuilt = path.join(widgetPkg, "dist", "widget.js");
const widgetSourceTime = Math.max(
  newestMtime(path.join(widgetPkg, "src")),
  newestMtime(path.join(widgetPkg, "build.mjs")),
);
const widgetBuiltTime = fs.existsSync(widgetBuilt) ? fs.statSync(widgetBuilt).mtimeMs : 0;
if (widgetBuiltTime < widgetSourceTime) {
  console.log("Building the visitor widget (packages/widget/dist is missing or stale)...");
  execSync("npm run build -w @parley/widget", { cwd: root, stdio: "inherit" });
}
