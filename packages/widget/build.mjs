// Bundles src/widget.ts (with socket.io-client) into one minified IIFE: dist/widget.js, or the path given.
import path from "node:path";
import { build } from "esbuild";

const here = import.meta.dirname;
const outfile = path.resolve(process.argv[2] ?? path.join(here, "dist", "widget.js"));
await build({
  entryPoints: [path.join(here, "src", "widget.ts")],
  outfile,
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  platform: "browser",
  legalComments: "none",
  logLevel: "warning",
});
