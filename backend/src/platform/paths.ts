import path from "node:path";

/**
 * Where Parley's files are, from source (tsx, jest) or compiled (`npm run build:server` writes the repo's
 * layout under backend/dist: backend/dist/backend/src/…, backend/dist/migrations/…). This file sits in
 * backend/src/platform either way, so the repository root is three or five folders up.
 */
const compiled = __filename.endsWith(".js");

export const REPO_ROOT = path.resolve(__dirname, compiled ? "../../../../.." : "../../..");
export const MIGRATIONS_DIR = compiled
  ? path.join(REPO_ROOT, "backend/dist/migrations")
  : path.join(REPO_ROOT, "migrations");
/** Compiled migrations are .js; from source knex loads the .ts files (through tsx or jest's transform). */
export const MIGRATION_EXTENSION = compiled ? ".js" : ".ts";
export const FRONTEND_DIST = path.join(REPO_ROOT, "frontend/dist");
/** @parley/embed's ES module (packages/embed, built by scripts/ensure-frontend-build.mjs), served as /parley-embed.js. */
export const EMBED_CLIENT_JS = path.join(REPO_ROOT, "packages/embed/dist/index.js");
/** The visitor widget (packages/widget, built the same way), served as /widget.js. */
export const WIDGET_JS = path.join(REPO_ROOT, "packages/widget/dist/widget.js");
