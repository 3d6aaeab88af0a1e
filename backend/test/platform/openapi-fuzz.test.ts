/**
 * Property-based fuzz of every operation in the OpenAPI document, as a shop, as an admin and as a
 * foreign shop: whatever the path ids, query and body, the answer is never a 5xx, every error has the
 * contract's shape, and no body carries another shop's data. Runs are bounded (fast-check) so the
 * file costs seconds, and fast-check prints the failing request when a property breaks.
 */
import request from "supertest";
import fc from "fast-check";
import { errorBodySchema } from "@parley/contract";
import { createTestContext, type Actor, type TestContext } from "../support/test-context";

type Operation = {
  method: "get" | "post" | "patch" | "put" | "delete";
  path: string;
  queryNames: string[];
  bodyNames: string[];
};

type OpenApiDoc = {
  paths: Record<
    string,
    Record<string, { parameters?: Array<{ name: string; in: string }>; requestBody?: unknown }>
  >;
};

const METHODS = ["get", "post", "patch", "put", "delete"] as const;
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);

let ctx: TestContext;
let shop: Actor;
let foreign: Actor;
let admin: Actor;
let ticketId: string;
let messageId: string;
let articleId: string;
/** Written into shop A's ticket: it must never appear in a body the foreign shop receives. */
const SECRET = `secret-${Date.now()}-marker`;
const operations: Operation[] = [];

/** The property names a request body schema declares (one level deep is what the API has). */
function bodyNames(requestBody: unknown): string[] {
  const schema = (requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)?.content?.[
    "application/json"
  ]?.schema as { properties?: Record<string, unknown>; $ref?: string } | undefined;
  if (!schema) return [];
  if (schema.$ref) return refNames.get(schema.$ref) ?? [];
  return Object.keys(schema.properties ?? {});
}
const refNames = new Map<string, string[]>();

beforeAll(async () => {
  ctx = await createTestContext();
  shop = await ctx.shopUser();
  foreign = await ctx.shopUser();
  admin = await ctx.admin();
  const created = await request(ctx.app)
    .post("/api/tickets")
    .set(shop.auth)
    .send({ subject: `Parcel ${SECRET}`, message: `Details ${SECRET}` });
  ticketId = created.body.id;
  messageId = created.body.message.id;
  const article = await request(ctx.app).post("/api/faq").set(admin.auth).send({
    audience: "both",
    category: "Orders",
    question: "Fuzz target?",
    answer: "Yes.",
    published: true,
  });
  articleId = article.body.id;

  const doc = (await request(ctx.app).get("/api/docs/openapi.json")).body as OpenApiDoc & {
    components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
  };
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
    refNames.set(`#/components/schemas/${name}`, Object.keys(schema.properties ?? {}));
  }
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      operations.push({
        method,
        path,
        queryNames: (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name),
        bodyNames: bodyNames(op.requestBody),
      });
    }
  }
});
afterAll(() => ctx.close());

/** Values that have broken parsers and databases before: odd types, huge numbers, NUL, invisible text, dates out of range. */
const hostileScalar = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    -1,
    0,
    1e308,
    "",
    " ",
    "\u0000",
    "\u200B\u200B",
    "0000-01-01T00:00:00Z",
    "9999-99-99",
    "%E0%A4%A",
    "a".repeat(20_000),
    "🚀".repeat(100),
    "me",
    "unassigned",
    "open,closed",
    "urgent",
    "#1",
    "__proto__",
  ),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.uuid(),
);
const hostileValue = fc.oneof(
  { depthSize: "small" },
  hostileScalar,
  fc.array(hostileScalar, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), hostileScalar, { maxKeys: 3 }),
);

/** An id for a path parameter: a real one of either shop, an article, or junk. */
const pathId = () =>
  fc.oneof(
    fc.constant(() => ticketId),
    fc.constant(() => messageId),
    fc.constant(() => articleId),
    fc.uuid().map((u) => () => u),
    fc.string({ maxLength: 20 }).map((s) => () => encodeURIComponent(s) || "x"),
  );

function requestArb(op: Operation) {
  const names = (known: string[]) =>
    fc.oneof(fc.constantFrom(...known, "unknownField"), fc.string({ maxLength: 10 }));
  return fc.record({
    id: pathId(),
    // Query values stay under Node's 16 kB header limit: past it the HTTP server itself answers (413, server.ts),
    // which supertest's in-process server does not include.
    query: fc.dictionary(
      names(op.queryNames),
      hostileScalar.map((v) => String(v).slice(0, 2000)),
      { maxKeys: 4 },
    ),
    body: fc.oneof(fc.dictionary(names(op.bodyNames), hostileValue, { maxKeys: 5 }), hostileValue),
    as: fc.constantFrom<"shop" | "foreign" | "admin" | "anonymous">("shop", "foreign", "admin", "anonymous"),
  });
}

function actorOf(as: "shop" | "foreign" | "admin" | "anonymous"): Actor | null {
  return as === "shop" ? shop : as === "foreign" ? foreign : as === "admin" ? admin : null;
}

test("when any operation of the OpenAPI document gets hostile ids, queries and bodies from any role, then no 5xx, errors keep the contract's shape and no foreign data leaks", async () => {
  expect(operations.length).toBeGreaterThan(10);
  let requests = 0;
  for (const op of operations) {
    await fc.assert(
      fc.asyncProperty(requestArb(op), async (r) => {
        const url = op.path.replace(/\{[^}]+\}/g, () => r.id());
        let req = request(ctx.app)[op.method](url).query(r.query);
        const actor = actorOf(r.as);
        if (actor) req = req.set(actor.auth);
        const res =
          op.method === "get" || op.method === "delete"
            ? await req
            : await req.set("Content-Type", "application/json").send(JSON.stringify(r.body) ?? "null");
        requests += 1;
        const where = `${op.method.toUpperCase()} ${url} as ${r.as}`;
        if (res.status >= 500)
          throw new Error(`${where} answered ${res.status}: ${JSON.stringify(res.body)}`);
        if (res.status >= 400) {
          const parsed = errorBodySchema.safeParse(res.body);
          if (!parsed.success)
            throw new Error(`${where}: error body off contract: ${JSON.stringify(res.body)}`);
        }
        if (r.as === "foreign" && res.text.includes(SECRET)) {
          throw new Error(`${where} leaked shop A's ticket to another shop: ${res.text.slice(0, 300)}`);
        }
      }),
      { numRuns: RUNS },
    );
  }
  console.log(`openapi fuzz: ${operations.length} operations, ${requests} requests, no 5xx, no leak`);
}, 300_000);
