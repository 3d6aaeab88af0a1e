/**
 * Layer rules, checked in CI by `npm run lint:deps` (docs/architecture.md explains them).
 * Each rule says why it exists. Backend and packages are cruised with backend/tsconfig.json;
 * the frontend with .dependency-cruiser.frontend.cjs (its own tsconfig).
 */
const path = require("node:path");

const DOMAIN = "^backend/src/domains/([^/]+)/";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "not-to-unresolvable",
      comment: "An import that cannot be resolved is a broken alias or a missing package: fail loudly.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: "no-circular",
      comment: "Cycles make initialisation order matter and layers meaningless.",
      severity: "error",
      from: {},
      to: { circular: true, dependencyTypesNot: ["type-only"] },
    },
    {
      name: "domain-is-pure",
      comment:
        "domain/ holds types and pure rules: it imports only its own domain folder, backend/src/shared and the contract.",
      severity: "error",
      from: { path: `${DOMAIN}domain/` },
      to: {
        path: "^(backend|frontend|packages)/",
        // A workspace's own node_modules (a library installed beside it) is a library, not a layer.
        pathNot: [
          "^backend/src/domains/$1/domain/",
          "^backend/src/shared/",
          "^packages/contract/",
          "^(backend|frontend|packages/[^/]+)/node_modules/",
        ],
      },
    },
    {
      name: "domain-no-infrastructure",
      comment: "Pure rules never reach the database, HTTP or sockets.",
      severity: "error",
      from: { path: `${DOMAIN}domain/` },
      to: { path: "node_modules/(knex|knex-pglite|pg|@electric-sql|express|socket\\.io)/" },
    },
    {
      name: "knex-only-in-repositories",
      comment:
        "Repositories are the only domain code that runs SQL; services may name knex's types to pass a transaction down.",
      severity: "error",
      from: { path: `${DOMAIN}(domain|service|controller)/` },
      to: {
        path: "node_modules/(knex|knex-pglite|pg|@electric-sql)/",
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "repository-below-service",
      comment: "Imports point one way: controller → service → repository → domain.",
      severity: "error",
      from: { path: `${DOMAIN}repository/` },
      to: { path: "^backend/src/domains/[^/]+/(service|controller)/" },
    },
    {
      name: "service-below-controller",
      comment: "Imports point one way: controller → service → repository → domain.",
      severity: "error",
      from: { path: `${DOMAIN}service/` },
      to: { path: "^backend/src/domains/[^/]+/controller/" },
    },
    {
      name: "domains-meet-through-services",
      comment:
        "One domain reaches another only through that domain's exported service (or its composition root), never its repositories or tables.",
      severity: "error",
      from: { path: DOMAIN },
      to: {
        path: "^backend/src/domains/",
        pathNot: ["^backend/src/domains/$1/", "^backend/src/domains/[^/]+/service/[^/]+\\.service\\.ts$"],
      },
    },
    {
      name: "platform-knows-no-domain",
      comment: "platform/ is infrastructure the domains use; it must work without knowing them.",
      severity: "error",
      from: { path: "^backend/src/(platform|shared|config)/" },
      to: { path: "^backend/src/domains/" },
    },
    {
      name: "backend-not-frontend",
      comment: "The backend never imports the web app; shared facts live in packages/.",
      severity: "error",
      from: { path: "^backend/" },
      to: { path: "^frontend/" },
    },
    {
      name: "frontend-not-backend",
      comment: "The web app talks to the backend over HTTP and sockets only; shared facts live in packages/.",
      severity: "error",
      from: { path: "^frontend/" },
      to: { path: "^backend/" },
    },
    {
      name: "packages-stand-alone",
      comment: "Shared packages are imported by both apps, so they import neither.",
      severity: "error",
      from: { path: "^packages/" },
      to: { path: "^(backend|frontend)/" },
    },
    {
      name: "hooks-not-components",
      comment: "Hooks hold state and data; components render. A hook importing a component inverts that.",
      severity: "error",
      from: { path: ["^frontend/src/hooks/", "^frontend/src/features/[^/]+/hooks/"] },
      to: { path: ["^frontend/src/components/", "^frontend/src/features/[^/]+/components/"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(dist|coverage)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: path.join(__dirname, "backend/tsconfig.json") },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
      mainFields: ["module", "main", "types", "typings"],
    },
    skipAnalysisNotInRules: false,
  },
};
