import { Router } from "express";
import { z } from "zod";
import { OpenAPIRegistry, OpenApiGeneratorV3 } from "@asteasolutions/zod-to-openapi";
import {
  embedConfigSchema,
  errorBodySchema,
  loginBodySchema,
  loginResponseSchema,
  meSchema,
  personListSchema,
} from "@parley/contract";

/**
 * The API description, generated from the zod schemas the controllers parse with. Each domain exports
 * a registrar, `(registry) => void`, that adds its routes; app.ts hands them all to createDocsRouter.
 */
export type OpenApiRegistrar = (registry: OpenAPIRegistry) => void;
export { OpenAPIRegistry };

/** Shorthand for a JSON response in registerPath. */
export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** Shorthand for a JSON request body in registerPath's `request`. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { "application/json": { schema } } },
});

/** Shorthand for error responses in registerPath. */
export function errorResponses(...statuses: Array<400 | 401 | 403 | 404 | 409 | 413 | 429>) {
  const text: Record<number, string> = {
    400: "VALIDATION_FAILED (details lists {path, message}) or MALFORMED_JSON (a body that does not parse as JSON, or is sent as another type than JSON)",
    401: "UNAUTHENTICATED: no valid bearer token",
    403: "FORBIDDEN: valid token, wrong role for this",
    404: "NOT_FOUND: no such resource, or another shop's",
    409: "INVALID_TRANSITION or CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    429: "RATE_LIMITED (Retry-After set)",
  };
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: text[s] ?? "Error", content: { "application/json": { schema: errorBodySchema } } },
    ]),
  );
}

/** Health, login and the people routes that the identity domain serves. */
export const registerCoreDocs: OpenApiRegistrar = (registry) => {
  registry.registerPath({
    method: "get",
    path: "/api/health",
    tags: ["Platform"],
    summary: "Liveness and database reachability",
    security: [],
    responses: {
      200: {
        description: "Up",
        content: {
          "application/json": { schema: z.object({ status: z.literal("ok"), db: z.literal("ok") }) },
        },
      },
      503: {
        description: "Database unreachable (Retry-After set): the health fields and the error object",
        content: {
          "application/json": {
            schema: errorBodySchema.extend({ status: z.literal("error"), db: z.literal("down") }),
          },
        },
      },
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/embed/config",
    tags: ["Platform"],
    summary: "The host origins an embedded frame accepts postMessage from (EMBED_ALLOWED_ORIGINS)",
    security: [],
    responses: { 200: jsonResponse(embedConfigSchema, "The allowed host origins") },
  });
  registry.registerPath({
    method: "post",
    path: "/api/auth/login",
    tags: ["Identity"],
    summary: "Log in with email and password",
    security: [],
    request: {
      body: {
        content: {
          "application/json": {
            schema: loginBodySchema,
          },
        },
      },
    },
    responses: {
      200: {
        description: "A bearer token and the user",
        content: { "application/json": { schema: loginResponseSchema } },
      },
      ...errorResponses(400, 401, 429),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/me",
    tags: ["Identity"],
    summary: "The caller, as the token names it",
    responses: {
      200: {
        description: "The caller",
        content: {
          "application/json": {
            schema: meSchema,
          },
        },
      },
      ...errorResponses(401),
    },
  });
  for (const [path, summary] of [
    ["/api/admins", "Admin users (assignee picker)"],
    ["/api/shops", "Shops (queue filter)"],
  ] as const) {
    registry.registerPath({
      method: "get",
      path,
      tags: ["Identity"],
      summary: `${summary}. Admins only.`,
      responses: {
        200: {
          description: "The list",
          content: { "application/json": { schema: personListSchema } },
        },
        ...errorResponses(401, 403),
      },
    });
  }
};

export function buildOpenApiDocument(registrars: OpenApiRegistrar[]) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "HS256 JWT with sub, role (shop | admin), shopId for shops, exp.",
  });
  for (const register of registrars) register(registry);
  const doc = new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: "3.0.3",
    info: {
      title: "Parley API",
      version: "2",
      description: "Support desk for marketplaces: shops file tickets, admins triage one queue.",
    },
    servers: [{ url: "/" }],
    security: [{ bearerAuth: [] }],
  });
  addCommonResponses(doc);
  return doc;
}

const ERROR_REF = { $ref: "#/components/schemas/Error" };

/**
 * The answers every operation may give whatever its own registration lists, added once here rather than
 * in each registrar: 503 while the database (or a peer process) is away; 413 and 400 for any JSON body;
 * 429 from the per-user read and write limits on every authenticated route.
 */
function addCommonResponses(doc: ReturnType<OpenApiGeneratorV3["generateDocument"]>) {
  const error = (description: string) => ({
    description,
    content: { "application/json": { schema: ERROR_REF } },
  });
  for (const item of Object.values(doc.paths ?? {})) {
    for (const method of ["get", "post", "put", "patch", "delete"] as const) {
      const op = (item as Record<string, unknown>)[method] as
        | {
            responses: Record<string, unknown>;
            requestBody?: { content?: Record<string, unknown> };
            security?: unknown[];
          }
        | undefined;
      if (!op) continue;
      if (op.requestBody?.content?.["application/json"]) {
        op.responses["400"] ??= error("VALIDATION_FAILED or MALFORMED_JSON");
        op.responses["413"] ??= error("PAYLOAD_TOO_LARGE: the JSON body is over 1 MB");
      }
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      if (!isPublic) op.responses["429"] ??= error("RATE_LIMITED (Retry-After set)");
      op.responses["503"] ??= error(
        "SERVICE_UNAVAILABLE: the database, file storage or another server process is unavailable (Retry-After set)",
      );
    }
  }
}

type OpenApiDoc = ReturnType<typeof buildOpenApiDocument>;

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

/** A self-contained page (no scripts, no CDN: helmet's CSP and offline users), rendered on the server. */
export function renderDocsPage(doc: OpenApiDoc): string {
  const sections: string[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of ["get", "post", "put", "patch", "delete"] as const) {
      const op = (item as Record<string, unknown>)[method] as
        | {
            summary?: string;
            description?: string;
            tags?: string[];
            parameters?: Array<{
              name: string;
              in: string;
              required?: boolean;
              description?: string;
              schema?: unknown;
            }>;
            requestBody?: { content?: Record<string, { schema?: unknown }> };
            responses?: Record<string, { description?: string }>;
            security?: unknown[];
          }
        | undefined;
      if (!op) continue;
      const params = (op.parameters ?? [])
        .map(
          (p) =>
            `<li><code>${escapeHtml(p.name)}</code> <small>(${escapeHtml(p.in)}${p.required ? ", required" : ""})</small> ${escapeHtml(
              p.description ?? "",
            )}</li>`,
        )
        .join("");
      const body = op.requestBody?.content?.["application/json"]?.schema;
      const responses = Object.entries(op.responses ?? {})
        .map(([code, r]) => `<li><b>${escapeHtml(code)}</b> ${escapeHtml(r.description ?? "")}</li>`)
        .join("");
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      sections.push(`<section id="${escapeHtml(`${method}-${path}`)}">
  <h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code>${isPublic ? ' <small class="pub">no token</small>' : ""}</h3>
  ${op.summary ? `<p>${escapeHtml(op.summary)}</p>` : ""}${op.description ? `<p>${escapeHtml(op.description)}</p>` : ""}
  ${params ? `<h4>Parameters</h4><ul>${params}</ul>` : ""}
  ${body ? `<h4>Body</h4><pre>${escapeHtml(JSON.stringify(body, null, 2))}</pre>` : ""}
  <h4>Responses</h4><ul>${responses}</ul>
</section>`);
    }
  }
  const schemas = Object.entries(doc.components?.schemas ?? {})
    .map(
      ([name, schema]) =>
        `<details><summary><code>${escapeHtml(name)}</code></summary><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.info.title)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1f2933}
section{border-top:1px solid #e4e7eb;padding:.5rem 0}h3{margin:.5rem 0;font-size:1rem}
.m{display:inline-block;min-width:4.5em;font-size:.8rem;padding:.1rem .4rem;border-radius:4px;color:#fff;text-align:center}
.get{background:#2680c2}.post{background:#3f9142}.patch{background:#c99a2e}.put{background:#8a4baf}.delete{background:#ba2525}
pre{background:#f5f7fa;padding:.5rem;overflow:auto;font-size:.8rem}small.pub{color:#3f9142}
</style></head><body>
<h1>${escapeHtml(doc.info.title)} <small>v${escapeHtml(doc.info.version)}</small></h1>
<p>${escapeHtml(doc.info.description ?? "")}</p>
<p>Machine-readable: <a href="/api/docs/openapi.json">/api/docs/openapi.json</a> (OpenAPI ${escapeHtml(doc.openapi)}).
Every route without "no token" needs <code>Authorization: Bearer &lt;jwt&gt;</code>.</p>
${sections.join("\n")}
<h2>Schemas</h2>
${schemas}
</body></html>`;
}

/** GET /api/docs (HTML) and /api/docs/openapi.json. The document is built once, on first request. */
export function createDocsRouter(registrars: OpenApiRegistrar[]) {
  let doc: OpenApiDoc | undefined;
  let html: string | undefined;
  const build = () => {
    doc ??= buildOpenApiDocument(registrars);
    html ??= renderDocsPage(doc);
    return { doc, html };
  };
  const router = Router();
  router.get("/openapi.json", (_req, res) => {
    res.json(build().doc);
  });
  router.get("/", (_req, res) => {
    res.type("html").send(build().html);
  });
  return router;
}
