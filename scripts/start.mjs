// `npm start`. With NODE_ENV=production it runs the compiled server (backend/dist, what the Docker image
// runs), compiling it first when it is missing or older than its sources: no TypeScript transpiler in the
// serving process. Otherwise (development) it runs the TypeScript sources through tsx. Both build the web
// app first when frontend/dist is missing or stale. WEB_CONCURRENCY=N (with DATABASE_URL) makes main
// fork N server processes (node:cluster) in either mode.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.resolve(import.meta.dirname, "..");
execFileSync(process.execPath, [path.join(root, "scripts", "ensure-frontend-build.mjs")], {
  cwd: root,
  stdio: "inherit",
});

if (process.env.NODE_ENV === "production") {
  const main = path.join(root, "backend", "dist", "backend", "src", "main.js");
  const newest = (p) => {
    const stat = fs.statSync(p);
    if (!stat.isDirectory()) return stat.mtimeMs;
    return fs.readdirSync(p).reduce((max, name) => Math.max(max, newest(path.join(p, name))), stat.mtimeMs);
  };
  const sources = [path.join(root, "backend", "src"), path.join(root, "migrations")]
    .concat(fs.readdirSync(path.join(root, "packages")).map((d) => path.join(root, "packages", d, "src")))
    .filter((p) => fs.existsSync(p));
  const built = fs.existsSync(main) ? fs.statSync(main).mtimeMs : 0;
  if (built < Math.max(...sources.map(newest))) {
    console.log("Compiling the server (backend/dist is missing or older than its sources)...");
    execFileSync("npm", ["run", "build:server"], { cwd: root, stdio: "inherit" });
  }
  // In this process: cluster workers (WEB_CONCURRENCY) re-run main.js itself, not this script.
  await import(pathToFileURL(main).href);
} else {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "backend", "src", "main.ts")], {
    cwd: root,
    stdio: "inherit",
  });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
