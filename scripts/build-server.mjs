// `npm run build:server`: compiles the backend, the migrations and the workspace packages it imports
// (@parley/contract, @parley/faq-content) to JavaScript under backend/dist, in the repository's layout:
//   backend/dist/backend/src/main.js      the server (`npm run start:prod`, the image's CMD)
//   backend/dist/migrations/*.js          what knex runs at start
//   backend/dist/node_modules/@parley/*   the packages, compiled, found by Node before the TypeScript
//                                         sources that the workspace links point to
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const dist = path.join(root, "backend", "dist");

fs.rmSync(dist, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "backend/tsconfig.build.json"],
  { cwd: root, stdio: "inherit" },
);

for (const dir of fs.readdirSync(path.join(root, "packages"))) {
  const compiled = path.join(dist, "packages", dir);
  if (!fs.existsSync(compiled)) continue; // not imported by the server
  const manifest = JSON.parse(fs.readFileSync(path.join(root, "packages", dir, "package.json"), "utf8"));
  const target = path.join(dist, "node_modules", ...manifest.name.split("/"));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.renameSync(compiled, target);
  const main = manifest.main.replace(/\.ts$/, ".js");
  fs.writeFileSync(
    path.join(target, "package.json"),
    JSON.stringify({ name: manifest.name, version: manifest.version, private: true, main }, null, 2) + "\n",
  );
}
fs.rmSync(path.join(dist, "packages"), { recursive: true, force: true });
console.log(`compiled the server to ${path.relative(root, dist)}`);
