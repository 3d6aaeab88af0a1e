import fs from "node:fs";
import { randomUUID } from "node:crypto";
import request from "supertest";
import { ATTACHMENTS_PER_MESSAGE_MAX, VISITOR_TOKEN_AUDIENCE } from "@parley/contract";
import { useVisitorServer, visitorSocket } from "./helpers";
import { nextEvent } from "../support/test-server";
import type { Actor } from "../support/test-context";
import { expectError } from "../tickets/helpers";
import { inOneHour, rawToken } from "../support/tokens";
import { attachmentApi, binary, elf, md5, png, randomFile } from "../attachments/helpers";

/**
 * A website visitor sends files (a customer's screenshot): it uploads with its visitor token and names the
 * uploads in attachmentIds, under the rules of a shop's message. Real HTTP, PGlite, folder storage.
 */

const LIMIT = 512 * 1024; // UPLOAD_MAX_BYTES here: small, so the 413 moves little data
const { srv, api } = useVisitorServer({ UPLOAD_MAX_BYTES: String(LIMIT) });
// attachmentApi holds the app it is given, which exists once the fixture's beforeAll (declared first) ran.
let files: ReturnType<typeof attachmentApi>;
beforeAll(() => {
  files = attachmentApi(srv.app);
});

type Visitor = { token: string; auth: { Authorization: string } };
type Upload = Awaited<ReturnType<ReturnType<typeof attachmentApi>["uploaded"]>>;
type Listed = { id: string; ticketId: string; body: string; attachments: Upload[] };

async function visitor(name = "Screenshot Sender"): Promise<Visitor> {
  const res = await request(srv.app).post("/api/visitor/sessions").send({ name });
  expect(res.status).toBe(201);
  const token = res.body.visitorToken as string;
  return { token, auth: { Authorization: `Bearer ${token}` } };
}

/** The attachment helpers take an Actor for its `auth` header only. */
const as = (v: Visitor) => ({ auth: v.auth }) as unknown as Actor;
const say = (v: Visitor, body: Record<string, unknown>) =>
  request(srv.app).post("/api/visitor/messages").set(v.auth).send(body);
const conversation = async (v: Visitor) => {
  const res = await request(srv.app).get("/api/visitor/messages").set(v.auth);
  expect(res.status).toBe(200);
  return res.body.items as Listed[];
};
const storedFiles = () =>
  fs.existsSync(srv.config.uploads.dir)
    ? fs.readdirSync(srv.config.uploads.dir).filter((f) => !f.startsWith("."))
    : [];

test("when a visitor uploads a screenshot and sends it with its first message, then it lists it, downloads it and the admin sees it on the ticket", async () => {
  const v = await visitor("Pia");
  const admin = await srv.admin();
  const adminSocket = await srv.connect(admin);

  const up = await files.upload(as(v), await png(), "checkout-error.png");
  expect(up.status).toBe(201);
  expect(up.body).toEqual({
    id: expect.any(String),
    name: "checkout-error.png",
    contentType: "image/png",
    size: expect.any(Number),
    url: `/api/attachments/${up.body.id}`,
    thumbnailUrl: `/api/attachments/${up.body.id}/thumbnail`,
  });
  const screenshot = up.body as Upload;
  // Before it is attached, the uploader (the visitor) may already fetch it, as a shop may its own.
  expect((await files.download(as(v), screenshot.url)).status).toBe(200);

  const arrived = nextEvent<Listed>(adminSocket, "message:created", (m) =>
    m.attachments.some((a) => a.id === screenshot.id),
  );
  const first = await say(v, { body: "The checkout shows this error", attachmentIds: [screenshot.id] });
  expect(first.status).toBe(201);
  expect(first.body.attachments).toEqual([screenshot]);
  expect((await arrived).attachments).toEqual([screenshot]);

  const [listed] = await conversation(v);
  expect(listed).toMatchObject({ id: first.body.id, attachments: [screenshot] });
  const got = await files.download(as(v), listed!.attachments[0]!.url);
  expect(got.status).toBe(200);
  expect(got.headers["content-type"]).toBe("image/png");
  expect(binary(got).length).toBe(screenshot.size);
  expect((await files.download(as(v), screenshot.thumbnailUrl!)).status).toBe(200);
  // What the widget uses for a link: signed URLs that work without the token.
  const link = await request(srv.app).get(`/api/attachments/${screenshot.id}/link`).set(v.auth);
  expect(link.status).toBe(200);
  const signed = await request(srv.app)
    .get(link.body.url as string)
    .buffer(true);
  expect(signed.status).toBe(200);
  expect(md5(binary(signed))).toBe(md5(binary(got)));
  expect((await request(srv.app).get(link.body.thumbnailUrl as string)).status).toBe(200);

  // The admin: the file on the ticket's message, and the same bytes.
  const ticketId = first.body.ticketId as string;
  expect((await api.get(admin, ticketId)).body).toMatchObject({ source: "visitor", shopId: null });
  const thread = (await api.messages(admin, ticketId)).body.items as Listed[];
  expect(thread.find((m) => m.id === first.body.id)?.attachments).toEqual([screenshot]);
  const asAdmin = await files.download(admin, screenshot.url);
  expect(asAdmin.status).toBe(200);
  expect(md5(binary(asAdmin))).toBe(md5(binary(got)));
});

test("when a visitor writes again with files, then the later message carries them, also on its socket; a body is still required", async () => {
  const v = await visitor();
  const opened = await say(v, { body: "Hello" });
  expect(opened.status).toBe(201);
  const socket = await visitorSocket(srv, v.token);

  const shot = await files.uploaded(as(v), await png(32, 32), "cart.png");
  const log = await files.uploaded(as(v), randomFile(2_000), "console.log.bin");
  // As for a shop's message (POST /api/tickets/:id/messages): files do not stand in for the text.
  const shop = await srv.shopUser();
  const shopShot = await files.uploaded(shop, await png(), "shop.png");
  const shopBlank = await api.post(shop, (await api.ticket(shop)).id, {
    body: "  ",
    attachmentIds: [shopShot.id],
  });
  expectError(shopBlank, 400, "VALIDATION_FAILED");
  const blank = await say(v, { body: "  ", attachmentIds: [shot.id] });
  expectError(blank, 400, "VALIDATION_FAILED");
  expect(blank.body.error.details).toEqual(shopBlank.body.error.details);
  expect(blank.body.error.details).toContainEqual(expect.objectContaining({ path: "body" }));

  const live = nextEvent<Listed>(socket, "message:created", (m) => m.attachments.length > 0);
  const later = await say(v, { body: "Here is what I see", attachmentIds: [shot.id, log.id] });
  expect(later.status).toBe(201);
  expect(later.body.ticketId).toBe(opened.body.ticketId);
  expect(later.body.attachments).toEqual([shot, log]);
  expect((await live).attachments).toEqual([shot, log]);
  const items = await conversation(v);
  expect(items.map((m) => m.attachments.map((a) => a.name))).toEqual([[], ["cart.png", "console.log.bin"]]);
  expect((await files.download(as(v), log.url)).status).toBe(200);

  // An upload is attached once.
  const again = await say(v, { body: "Once more", attachmentIds: [shot.id] });
  expectError(again, 400, "VALIDATION_FAILED");
  expect(again.body.error.details).toEqual([expect.objectContaining({ path: "attachmentIds.0" })]);
});

test("when another visitor names a visitor's upload or asks for its file, then it is refused and sees nothing", async () => {
  const owner = await visitor("Owner");
  const other = await visitor("Other");
  const pending = await files.uploaded(as(owner), await png(), "private.png");

  // Not attached yet: only its uploader.
  expectError(await files.download(as(other), pending.url), 404, "NOT_FOUND");
  const taken = await say(other, { body: "Look at this", attachmentIds: [pending.id] });
  expectError(taken, 400, "VALIDATION_FAILED");
  expect(taken.body.error.details).toEqual([expect.objectContaining({ path: "attachmentIds.0" })]);
  // Refused whole: the other visitor's first message opened no conversation.
  expect(await conversation(other)).toEqual([]);

  // Attached: only who sees the owner's conversation.
  expect((await say(owner, { body: "Mine", attachmentIds: [pending.id] })).status).toBe(201);
  expectError(await files.download(as(other), pending.url), 404, "NOT_FOUND");
  expectError(await files.download(as(other), pending.thumbnailUrl!), 404, "NOT_FOUND");
  expectError(
    await request(srv.app).get(`/api/attachments/${pending.id}/link`).set(other.auth),
    404,
    "NOT_FOUND",
  );
  // Several links at once: the owner gets its own, the other visitor nothing.
  const batch = (v: typeof owner) =>
    request(srv.app)
      .post("/api/attachments/links")
      .set(v.auth)
      .send({ ids: [pending.id] });
  expect((await batch(owner)).body.items.map((l: { id: string }) => l.id)).toEqual([pending.id]);
  expect(await batch(other).then((r) => [r.status, r.body])).toEqual([200, { items: [] }]);
});

test("when a visitor names a shop's upload, then it is refused as a shop naming another's upload is", async () => {
  const shop = await srv.shopUser();
  const other = await srv.shopUser();
  const invoice = await files.uploaded(shop, randomFile(500), "invoice.bin");
  // The shop path's refusal, for comparison.
  const ticket = await api.ticket(other);
  const byShop = await api.post(other, ticket.id, { body: "x", attachmentIds: [invoice.id] });
  expectError(byShop, 400, "VALIDATION_FAILED");

  const v = await visitor();
  const first = await say(v, { body: "Is this my invoice?", attachmentIds: [invoice.id] });
  expectError(first, 400, "VALIDATION_FAILED");
  expect(first.body.error).toMatchObject({
    message: byShop.body.error.message,
    details: byShop.body.error.details,
  });
  expect(await conversation(v)).toEqual([]);
  expect((await say(v, { body: "Hello" })).status).toBe(201);
  const later = await say(v, { body: "And now?", attachmentIds: [invoice.id] });
  expectError(later, 400, "VALIDATION_FAILED");
  expect((await conversation(v)).map((m) => m.body)).toEqual(["Hello"]);
  expectError(await files.download(as(v), invoice.url), 404, "NOT_FOUND");
});

test("when the visitor token is bad, expired or its session is gone, then the upload is 401 and nothing is stored", async () => {
  const before = storedFiles().length;
  const visitorClaims = { aud: VISITOR_TOKEN_AUDIENCE, sub: randomUUID(), exp: inOneHour() };
  const bad = [
    "nonsense",
    rawToken(visitorClaims, {}, "another-secret-that-is-long-enough-000000"),
    rawToken({ ...visitorClaims, exp: Math.floor(Date.now() / 1000) - 60 }),
    // Well signed, but for a session that does not exist.
    srv.tokens.signVisitor(randomUUID()),
  ];
  for (const token of bad) {
    const res = await request(srv.app)
      .post("/api/uploads")
      .set("Authorization", `Bearer ${token}`)
      .attach("file", await png(), { filename: "x.png" });
    expectError(res, 401, "UNAUTHENTICATED");
  }
  expect(storedFiles().length).toBe(before);
});

test("when a visitor names more than the limit of files, then 400 before anything is posted", async () => {
  const v = await visitor();
  const ids = Array.from({ length: ATTACHMENTS_PER_MESSAGE_MAX + 1 }, () => randomUUID());
  const res = await say(v, { body: "Many files", attachmentIds: ids });
  expectError(res, 400, "VALIDATION_FAILED");
  expect(res.body.error.details).toEqual([
    expect.objectContaining({
      path: "attachmentIds",
      message: expect.stringContaining(`At most ${ATTACHMENTS_PER_MESSAGE_MAX} attachments`),
    }),
  ]);
  expect(await conversation(v)).toEqual([]);
});

test("when a visitor uploads a program or too big a file, then 415 and 413 as for anyone", async () => {
  const v = await visitor();
  const exe = await files.upload(as(v), elf(), "screenshot.png");
  expectError(exe, 415, "UNSUPPORTED_MEDIA_TYPE");
  const big = await files.upload(as(v), randomFile(LIMIT + 1), "recording.bin");
  expectError(big, 413, "PAYLOAD_TOO_LARGE");
  expect(big.body.error.details[0]).toMatchObject({ path: "file", limitBytes: LIMIT });
});

test("when the server's upload limit is set, then the widget can read it before it sends a file", async () => {
  const res = await request(srv.app).get("/api/visitor/availability");
  expect(res.status).toBe(200);
  expect(res.body.uploadMaxBytes).toBe(LIMIT);
});

describe("per-address rate limit", () => {
  const { srv: limited } = useVisitorServer({ RATE_LIMIT_VISITOR_MESSAGES_PER_MINUTE: "2" });

  test("when one address uploads too many files, then 429, counted apart from its messages and from users", async () => {
    const session = await request(limited.app).post("/api/visitor/sessions").send({});
    const auth = { Authorization: `Bearer ${session.body.visitorToken as string}` };
    const upload = async (who: Record<string, string>) =>
      request(limited.app)
        .post("/api/uploads")
        .set(who)
        .attach("file", await png(), { filename: "s.png" });
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await upload(auth);
      expect(res.status).toBe(201);
      ids.push(res.body.id as string);
    }
    const third = await upload(auth);
    expectError(third, 429, "RATE_LIMITED");
    expect(third.headers["retry-after"]).toMatch(/^\d+$/);
    // A new session from the same address is the same address.
    const fresh = await request(limited.app).post("/api/visitor/sessions").send({});
    expectError(
      await upload({ Authorization: `Bearer ${fresh.body.visitorToken as string}` }),
      429,
      "RATE_LIMITED",
    );

    // Its messages have their own count, and users theirs.
    const sent = await request(limited.app)
      .post("/api/visitor/messages")
      .set(auth)
      .send({ body: "Files", attachmentIds: ids });
    expect(sent.status).toBe(201);
    expect((await upload((await limited.shopUser()).auth)).status).toBe(201);
  });
});
