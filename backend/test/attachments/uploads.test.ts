import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import request from "supertest";
import sharp from "sharp";
import { ATTACHMENTS_PER_MESSAGE_MAX, fileTooLargeMessage, uploadLimitsSchema } from "@parley/contract";
import { createTestContext, type TestContext } from "../support/test-context";
import { expectError, ticketApi } from "../tickets/helpers";
import {
  attachmentApi,
  binary,
  elf,
  jpegWithGps,
  md5,
  png,
  randomFile,
  SECRET_PLACE,
  svgWithScript,
  windowsExe,
} from "./helpers";

/** Attachments end to end on folder storage (a temp DATA_DIR); s3.test.ts runs the storage part on S3. */

const LIMIT = 1024 * 1024; // UPLOAD_MAX_BYTES for this file: small, so the limit tests move little data
let ctx: TestContext;
let api: ReturnType<typeof ticketApi>;
let files: ReturnType<typeof attachmentApi>;
beforeAll(async () => {
  ctx = await createTestContext({ UPLOAD_MAX_BYTES: String(LIMIT) });
  api = ticketApi(ctx);
  files = attachmentApi(ctx.app);
});
afterAll(() => ctx.close());

const storedFiles = () =>
  fs.existsSync(ctx.config.uploads.dir)
    ? fs.readdirSync(ctx.config.uploads.dir).filter((f) => !f.startsWith("."))
    : [];

describe("upload and download", () => {
  test("when a shop uploads a file and attaches it to a new ticket, then the admin downloads the same bytes", async () => {
    const shop = await ctx.shopUser();
    const admin = await ctx.admin();
    const content = randomFile(300_000);
    const up = await files.upload(shop, content, "invoice-2026.bin");
    expect(up.status).toBe(201);
    expect(up.body).toEqual({
      id: expect.any(String),
      name: "invoice-2026.bin",
      contentType: "application/octet-stream",
      size: 300_000,
      url: `/api/attachments/${up.body.id}`,
    });
    const t = await api.ticket(shop, { attachmentIds: [up.body.id] });
    expect(t.message).toMatchObject({ attachments: [up.body] });

    const down = await files.download(admin, up.body.url);
    expect(down.status).toBe(200);
    expect(md5(binary(down))).toBe(md5(content));
    expect(down.headers["content-disposition"]).toMatch(/^attachment; filename="invoice-2026.bin"/);
    // CONTRACT.md: a non-public /api answer is no-store; a file's access follows its ticket.
    expect(down.headers["cache-control"]).toBe("no-store");
    expect(down.headers["x-content-type-options"]).toBe("nosniff");
    // The same file for the owner shop, and in the thread it reads (catch-up included).
    expect(md5(binary(await files.download(shop, up.body.url)))).toBe(md5(content));
    const thread = await api.messages(admin, t.id);
    expect(thread.body.items[0].attachments).toEqual([up.body]);
  });

  test("when a reply carries attachments, then they are on the message, in order, and a range request gets 206", async () => {
    const shop = await ctx.shopUser();
    const admin = await ctx.admin();
    const t = await api.ticket(shop);
    const a = await files.uploaded(admin, Buffer.from("first file\n"), "a.txt");
    const b = await files.uploaded(admin, randomFile(5000), "b.dat");
    const res = await api.post(admin, t.id, { body: "Here you go", attachmentIds: [b.id, a.id] });
    expect(res.status).toBe(201);
    expect(res.body.attachments).toEqual([b, a]);
    expect(a.contentType).toBe("text/plain");

    const after = await api.messages(shop, t.id, { after: t.message.id });
    expect(after.body.items[0].attachments.map((x: { id: string }) => x.id)).toEqual([b.id, a.id]);

    const part = await files.download(shop, a.url).set("Range", "bytes=6-9");
    expect(part.status).toBe(206);
    expect(binary(part).toString()).toBe("file");
    expect(part.headers["content-range"]).toBe(`bytes 6-9/${a.size}`);
    // Plain text may show inline: with nosniff it cannot become HTML.
    expect(part.headers["content-disposition"]).toMatch(/^inline;/);
  });

  test("when a Range starts at or past the end of the file, then 416 with Content-Range bytes */size and an error body, not the file", async () => {
    const shop = await ctx.shopUser();
    const content = randomFile(5000);
    const up = await files.uploaded(shop, content, "ranges.bin");
    for (const range of ["bytes=5000-", "bytes=5000-5100", "bytes=99999999999999999999-", "bytes=-0"]) {
      const res = await files.download(shop, up.url).set("Range", range);
      expectError(res, 416, "VALIDATION_FAILED");
      expect(res.headers["content-range"]).toBe("bytes */5000");
      expect(res.headers["content-type"]).toMatch(/^application\/json/);
      expect(res.headers["cache-control"]).toBe("no-store");
      expect(res.body.error.requestId).toBe(res.headers["x-request-id"]);
    }
    // The same through a signed link, without a token.
    const link = await request(ctx.app).get(`/api/attachments/${up.id}/link`).set(shop.auth);
    const viaLink = await request(ctx.app).get(link.body.url).set("Range", "bytes=6000-");
    expect([viaLink.status, viaLink.headers["content-range"]]).toEqual([416, "bytes */5000"]);
    // Someone who may not see the file learns nothing about it, its size included.
    const foreign = await files.download(await ctx.shopUser(), up.url).set("Range", "bytes=5000-");
    expectError(foreign, 404, "NOT_FOUND");
    expect(foreign.headers["content-range"]).toBeUndefined();
  });

  test("when a Range is satisfiable, then 206 as before; when it is malformed or names several ranges, then it is ignored and the whole file sent", async () => {
    const shop = await ctx.shopUser();
    const content = randomFile(5000);
    const up = await files.uploaded(shop, content, "ranges.bin");
    const partial: Array<[string, number, number]> = [
      ["bytes=4999-", 4999, 4999],
      ["bytes=4990-99999", 4990, 4999],
      ["bytes=-100", 4900, 4999],
      ["bytes=-99999", 0, 4999],
      ["bytes=0-0", 0, 0],
    ];
    for (const [range, start, end] of partial) {
      const res = await files.download(shop, up.url).set("Range", range);
      expect([range, res.status, res.headers["content-range"]]).toEqual([
        range,
        206,
        `bytes ${start}-${end}/5000`,
      ]);
      expect(md5(binary(res))).toBe(md5(content.subarray(start, end + 1)));
    }
    for (const range of [
      "bytes=0-1,5-6",
      "bytes=6000-7000,8000-",
      "bytes=10-5",
      "items=0-5",
      "bytes=abc",
      "bytes=-",
    ]) {
      const res = await files.download(shop, up.url).set("Range", range);
      expect([range, res.status, res.headers["content-range"]]).toEqual([range, 200, undefined]);
      expect(md5(binary(res))).toBe(md5(content));
    }
  });

  test("when the name has non-ASCII characters or a path, then the path is dropped and the header carries the UTF-8 name", async () => {
    const shop = await ctx.shopUser();
    const up = await files.uploaded(shop, Buffer.from("x\n"), "../../etc/Rechnung März.txt");
    expect(up.name).toBe("Rechnung März.txt");
    const down = await files.download(shop, up.url);
    expect(down.headers["content-disposition"]).toContain("filename*=UTF-8''Rechnung%20M%C3%A4rz.txt");
  });
});

describe("limits", () => {
  test("when a file is larger than UPLOAD_MAX_BYTES, then 413 names the limit, the connection closes and nothing is kept", async () => {
    const shop = await ctx.shopUser();
    const before = storedFiles().length;
    const res = await files.upload(shop, randomFile(3 * LIMIT), "big.bin");
    expectError(res, 413, "PAYLOAD_TOO_LARGE");
    expect(res.headers.connection).toBe("close");
    expect(res.body.error.message).toContain("1 MB");
    expect(res.body.error.details[0]).toMatchObject({ path: "file", limitBytes: LIMIT });
    expect(storedFiles().length).toBe(before);
    expect(fs.readdirSync(path.join(ctx.config.uploads.dir, ".incoming"))).toEqual([]);
  });

  test.each([
    ["the body stops inside the file", "hello"],
    ["the body stops at a boundary with no closing --", "hello\r\n--zz"],
    ["a second part is cut off", 'hello\r\n--zz\r\nContent-Disposition: form-data; name="note"\r\n\r\nhal'],
  ])(
    "when a multipart body is cut off (%s), then 400, nothing is kept, and the server goes on",
    async (_what, tail) => {
      const shop = await ctx.shopUser();
      await files.uploaded(shop, randomFile(10), "before.bin");
      const before = storedFiles().length;
      const body = Buffer.from(
        '--zz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n' +
          `Content-Type: text/plain\r\n\r\n${tail}`,
      );
      const res = await request(ctx.app)
        .post("/api/uploads")
        .set(shop.auth)
        .set("Content-Type", "multipart/form-data; boundary=zz")
        .send(body);
      expectError(res, 400, "VALIDATION_FAILED");
      expect(storedFiles().length).toBe(before);
      expect((await files.upload(shop, randomFile(10), "after.bin")).status).toBe(201);
    },
  );

  test("when a client asks for the limits, then it gets UPLOAD_MAX_BYTES and the per-message count, signed in only", async () => {
    const shop = await ctx.shopUser();
    const admin = await ctx.admin();
    for (const who of [shop, admin]) {
      const res = await request(ctx.app).get("/api/uploads/limits").set(who.auth);
      expect(res.status).toBe(200);
      expect(uploadLimitsSchema.strict().parse(res.body)).toEqual({
        maxBytes: LIMIT,
        perMessage: ATTACHMENTS_PER_MESSAGE_MAX,
      });
    }
    // The sentence a web app shows for a file over the limit is the 413's.
    const refused = await files.upload(shop, randomFile(LIMIT + 1), "over.bin");
    expect(refused.body.error.message).toBe(fileTooLargeMessage(LIMIT));
    expectError(await request(ctx.app).get("/api/uploads/limits"), 401, "UNAUTHENTICATED");
    expectError(
      await request(ctx.app).get("/api/uploads/limits?x=1").set(shop.auth),
      400,
      "VALIDATION_FAILED",
    );
  });

  test("when a file is exactly UPLOAD_MAX_BYTES, then it is accepted", async () => {
    const shop = await ctx.shopUser();
    const up = await files.uploaded(shop, randomFile(LIMIT), "edge.bin");
    expect(up.size).toBe(LIMIT);
  });

  test("when a message names more than 10 attachments, then 400 names the limit and nothing is attached", async () => {
    const shop = await ctx.shopUser();
    const t = await api.ticket(shop);
    const ups = [];
    for (let i = 0; i <= ATTACHMENTS_PER_MESSAGE_MAX; i++)
      ups.push(await files.uploaded(shop, Buffer.from(`f${i}\n`), `f${i}.txt`));
    const res = await api.post(shop, t.id, { body: "eleven files", attachmentIds: ups.map((u) => u.id) });
    expectError(res, 400, "VALIDATION_FAILED");
    expect(res.body.error.details).toEqual([
      { path: "attachmentIds", message: expect.stringContaining("At most 10") },
    ]);
    const created = await api.create(shop, { attachmentIds: ups.map((u) => u.id) });
    expectError(created, 400, "VALIDATION_FAILED");
    // Ten still go through on one message.
    const ok = await api.post(shop, t.id, { body: "ten", attachmentIds: ups.slice(0, 10).map((u) => u.id) });
    expect(ok.status).toBe(201);
    expect(ok.body.attachments).toHaveLength(10);
  });

  test("when the body is not multipart or has no file field, then 415 or 400, never a 500", async () => {
    const shop = await ctx.shopUser();
    expectError(
      await request(ctx.app).post("/api/uploads").set(shop.auth).send({ file: "x" }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    const noFile = await request(ctx.app).post("/api/uploads").set(shop.auth).field("other", "x");
    expectError(noFile, 400, "VALIDATION_FAILED");
    expect(noFile.body.error.details[0].path).toBe("file");
    expectError(await files.upload(shop, Buffer.alloc(0), "empty.txt"), 400, "VALIDATION_FAILED");
    expectError(
      await request(ctx.app).post("/api/uploads").attach("file", Buffer.from("x"), "a.txt"),
      401,
      "UNAUTHENTICATED",
    );
  });
});

test("when an upload carries a second file or another field, then 400 names each extra part and nothing is stored", async () => {
  const shop = await ctx.shopUser();
  const before = storedFiles().length;
  const cases = [
    // Two files in `file`, a file in another field, a text field after the file, a text field before it.
    request(ctx.app)
      .post("/api/uploads")
      .set(shop.auth)
      .attach("file", Buffer.from("first"), "a.txt")
      .attach("file", Buffer.from("second"), "b.txt"),
    request(ctx.app)
      .post("/api/uploads")
      .set(shop.auth)
      .attach("file", Buffer.from("first"), "a.txt")
      .attach("other", Buffer.from("second"), "b.txt"),
    request(ctx.app)
      .post("/api/uploads")
      .set(shop.auth)
      .attach("file", Buffer.from("first"), "a.txt")
      .field("note", "x"),
    request(ctx.app)
      .post("/api/uploads")
      .set(shop.auth)
      .field("note", "x")
      .attach("file", Buffer.from("first"), "a.txt"),
  ];
  const paths: string[][] = [];
  for (const c of cases) {
    const res = await c;
    expectError(res, 400, "VALIDATION_FAILED");
    paths.push((res.body.error.details as Array<{ path: string }>).map((d) => d.path));
  }
  expect(paths).toEqual([["file"], ["other"], ["note"], ["note"]]);
  expect(storedFiles().length).toBe(before);
  // One file alone is still taken.
  expect((await files.upload(shop, Buffer.from("alone"), "a.txt")).status).toBe(201);
});

describe("types", () => {
  test.each([
    ["an ELF executable renamed .png", elf, "photo.png"],
    ["a Windows executable renamed .pdf", windowsExe, "invoice.pdf"],
    ["a PNG renamed .exe", png, "setup.exe"],
    ["a shell script named .txt", () => Buffer.from("#!/bin/sh\nrm -rf ~\n"), "notes.txt"],
    ["a PNG named .jpg (spoofed extension)", png, "photo.jpg"],
    ["random bytes named .pdf", () => randomFile(2000), "statement.pdf"],
    ["a JavaScript file", () => Buffer.from("alert(1)\n"), "app.js"],
    // Windows drops trailing dots and spaces when it saves; invisible characters hide the real end.
    ["a batch file named with a trailing dot", () => Buffer.from("del *\r\n"), "run.bat."],
    ["an executable named with trailing dots", () => randomFile(2000), "x.exe.."],
    ["a batch file named with trailing dots and spaces", () => Buffer.from("del *\r\n"), "run.bat. . ."],
    ["a PowerShell script named with a trailing dot", () => Buffer.from("rm -r ~\r\n"), "run.ps1."],
    ["a batch file named with a zero-width space", () => Buffer.from("del *\r\n"), "run.bat\u200B"],
    ["a batch file named with a BOM", () => Buffer.from("del *\r\n"), "run.bat\uFEFF"],
  ])("when the upload is %s, then 415 says why", async (_what, make, name) => {
    const shop = await ctx.shopUser();
    const before = storedFiles().length;
    const res = await files.upload(shop, await make(), name);
    expectError(res, 415, "UNSUPPORTED_MEDIA_TYPE");
    expect(res.body.error.details[0]).toMatchObject({ path: "file", message: expect.any(String) });
    expect(storedFiles().length).toBe(before);
  });

  test("when a name ends in dots, spaces or invisible characters, then it is stored as Windows would save it", async () => {
    const shop = await ctx.shopUser();
    const up = await files.uploaded(shop, Buffer.from("hello\n"), "notes.txt\u200B. . ");
    expect(up).toMatchObject({ name: "notes.txt", contentType: "text/plain" });
    const down = await files.download(shop, up.url);
    expect(down.headers["content-disposition"]).toBe(
      `inline; filename="notes.txt"; filename*=UTF-8''notes.txt`,
    );
  });

  test("when an SVG carries a script, then it is stored but only ever served as a download", async () => {
    const shop = await ctx.shopUser();
    const up = await files.uploaded(shop, svgWithScript(), "logo.svg");
    expect(up.contentType).toBe("image/svg+xml");
    expect(up.thumbnailUrl).toBeUndefined();
    const down = await files.download(shop, up.url);
    expect(down.status).toBe(200);
    expect(down.headers["content-type"]).toMatch(/^image\/svg\+xml/);
    expect(down.headers["content-disposition"]).toMatch(/^attachment; filename="logo.svg"/);
    expect(down.headers["x-content-type-options"]).toBe("nosniff");
    expect(down.headers["content-security-policy"]).toContain("sandbox");
    expect(md5(binary(down))).toBe(md5(svgWithScript()));
  });

  test("when an HTML file is uploaded, then it is served as a download", async () => {
    const shop = await ctx.shopUser();
    const up = await files.uploaded(shop, Buffer.from("<html><script>alert(1)</script></html>"), "page.html");
    expect(up.contentType).toBe("text/html");
    const down = await files.download(shop, up.url);
    expect(down.headers["content-disposition"]).toMatch(/^attachment;/);
  });

  test("when a photo carries GPS and camera data, then the stored image and its thumbnail have none of it", async () => {
    const shop = await ctx.shopUser();
    const original = await jpegWithGps();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    expect(original.includes(Buffer.from(SECRET_PLACE))).toBe(true);

    const up = await files.uploaded(shop, original, "parcel.jpg");
    expect(up.contentType).toBe("image/jpeg");
    expect(up.thumbnailUrl).toBe(`/api/attachments/${up.id}/thumbnail`);
    const down = await files.download(shop, up.url);
    const stored = binary(down);
    expect(down.headers["content-disposition"]).toMatch(/^inline;/);
    expect(stored.includes(Buffer.from(SECRET_PLACE))).toBe(false);
    expect(stored.includes(Buffer.from("ParleyCam"))).toBe(false);
    const meta = await sharp(stored).metadata();
    expect({
      exif: meta.exif,
      xmp: meta.xmp,
      width: meta.width,
      height: meta.height,
      size: stored.length,
    }).toEqual({
      exif: undefined,
      xmp: undefined,
      width: 800,
      height: 600,
      size: up.size,
    });

    const thumb = await files.download(shop, up.thumbnailUrl!);
    expect(thumb.headers["content-type"]).toBe("image/webp");
    const tmeta = await sharp(binary(thumb)).metadata();
    expect({ format: tmeta.format, width: tmeta.width, exif: tmeta.exif }).toEqual({
      format: "webp",
      width: 480,
      exif: undefined,
    });
  });
});

describe("who may download", () => {
  async function attached(opts: { internal?: boolean } = {}) {
    const shop = await ctx.shopUser();
    const admin = await ctx.admin();
    const t = await api.ticket(shop);
    const by = opts.internal ? admin : shop;
    const up = await files.uploaded(by, await png(), "screen.png");
    const res = await api.post(by, t.id, {
      body: "see attached",
      attachmentIds: [up.id],
      internal: opts.internal,
    });
    expect(res.status).toBe(201);
    return { shop, admin, t, up, message: res.body as { id: string } };
  }

  test("when another shop asks for an attachment or its thumbnail, then 404, exactly as for an unknown id", async () => {
    const { shop, admin, up } = await attached();
    const stranger = await ctx.shopUser();
    const colleague = await ctx.shopUser({ shopId: shop.shopId! });
    expect((await files.download(shop, up.url)).status).toBe(200);
    expect((await files.download(colleague, up.url)).status).toBe(200);
    expect((await files.download(admin, up.thumbnailUrl!)).status).toBe(200);
    const foreign = await files.download(stranger, up.url);
    expectError(foreign, 404, "NOT_FOUND");
    expectError(await files.download(stranger, up.thumbnailUrl!), 404, "NOT_FOUND");
    const unknown = await files.download(stranger, `/api/attachments/${randomUUID()}`);
    expect(unknown.body.error.message).toBe(foreign.body.error.message);
    expectError(await files.download(stranger, "/api/attachments/not-a-uuid"), 404, "NOT_FOUND");
  });

  test("when an upload is not attached yet, then only its uploader can fetch it", async () => {
    const shop = await ctx.shopUser();
    const colleague = await ctx.shopUser({ shopId: shop.shopId! });
    const admin = await ctx.admin();
    const up = await files.uploaded(shop, Buffer.from("draft\n"), "draft.txt");
    expect((await files.download(shop, up.url)).status).toBe(200);
    expectError(await files.download(colleague, up.url), 404, "NOT_FOUND");
    expectError(await files.download(admin, up.url), 404, "NOT_FOUND");
  });

  test("when an internal note carries an attachment, then the shop never sees it, by list or by URL", async () => {
    const { shop, admin, t, up, message } = await attached({ internal: true });
    expectError(await files.download(shop, up.url), 404, "NOT_FOUND");
    expectError(await files.download(shop, up.thumbnailUrl!), 404, "NOT_FOUND");
    expect((await files.download(admin, up.url)).status).toBe(200);
    const shopView = await api.messages(shop, t.id);
    expect(shopView.body.items.map((m: { id: string }) => m.id)).not.toContain(message.id);
    expect(JSON.stringify(shopView.body)).not.toContain(up.id);
    const adminView = await api.messages(admin, t.id);
    expect(adminView.body.items.find((m: { id: string }) => m.id === message.id).attachments).toEqual([up]);
  });
});

describe("attaching", () => {
  test("when an upload is attached a second time, then 400 and the second message is not written", async () => {
    const shop = await ctx.shopUser();
    const t = await api.ticket(shop);
    const up = await files.uploaded(shop, Buffer.from("once\n"), "once.txt");
    expect((await api.post(shop, t.id, { body: "first", attachmentIds: [up.id] })).status).toBe(201);
    const again = await api.post(shop, t.id, { body: "second", attachmentIds: [up.id] });
    expectError(again, 400, "VALIDATION_FAILED");
    expect(again.body.error.details).toEqual([{ path: "attachmentIds.0", message: expect.any(String) }]);
    const other = await api.ticket(shop);
    expectError(await api.create(shop, { attachmentIds: [up.id] }), 400, "VALIDATION_FAILED");
    const bodies = (await api.messages(shop, t.id)).body.items.map((m: { body: string }) => m.body);
    expect(bodies).not.toContain("second");
    expect((await api.messages(shop, other.id)).body.items).toHaveLength(1);
  });

  test("when a message names someone else's upload or an unknown id, then 400 and the sender's own upload stays free", async () => {
    const shop = await ctx.shopUser();
    const colleague = await ctx.shopUser({ shopId: shop.shopId! });
    const t = await api.ticket(shop);
    const mine = await files.uploaded(shop, Buffer.from("mine\n"), "mine.txt");
    const theirs = await files.uploaded(colleague, Buffer.from("theirs\n"), "theirs.txt");
    const res = await api.post(shop, t.id, { body: "x", attachmentIds: [mine.id, theirs.id, randomUUID()] });
    expectError(res, 400, "VALIDATION_FAILED");
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      "attachmentIds.1",
      "attachmentIds.2",
    ]);
    // Rolled back: the shop's own upload can still be attached.
    const ok = await api.post(shop, t.id, { body: "y", attachmentIds: [mine.id] });
    expect(ok.status).toBe(201);
    expectError(await api.post(shop, t.id, { body: "z", attachmentIds: ["nope"] }), 400, "VALIDATION_FAILED");
  });

  test("when a repeated clientMessageId carries the same attachments, then the first message comes back unchanged", async () => {
    const shop = await ctx.shopUser();
    const t = await api.ticket(shop);
    const up = await files.uploaded(shop, Buffer.from("retry\n"), "retry.txt");
    const body = { body: "with file", clientMessageId: randomUUID(), attachmentIds: [up.id] };
    const first = await api.post(shop, t.id, body);
    const again = await api.post(shop, t.id, body);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body).toEqual(first.body);
  });
});

describe("sweep", () => {
  test("when an upload stays unattached for more than 24 hours, then the sweep deletes it and its bytes; attached ones stay", async () => {
    const shop = await ctx.shopUser();
    const t = await api.ticket(shop);
    const stale = await files.uploaded(shop, await png(), "stale.png");
    const fresh = await files.uploaded(shop, Buffer.from("fresh\n"), "fresh.txt");
    const kept = await files.uploaded(shop, Buffer.from("kept\n"), "kept.txt");
    await api.post(shop, t.id, { body: "keep", attachmentIds: [kept.id] });
    const dayAndABitAgo = new Date(Date.now() - 25 * 3600_000);
    await ctx.database
      .knex("attachments")
      .whereIn("id", [stale.id, kept.id])
      .update({ created_at: dayAndABitAgo });
    expect(fs.existsSync(path.join(ctx.config.uploads.dir, stale.id))).toBe(true);

    const swept = await ctx.modules.attachments.service.sweepUnattached();
    expect(swept).toBeGreaterThanOrEqual(1);
    expectError(await files.download(shop, stale.url), 404, "NOT_FOUND");
    expect(fs.existsSync(path.join(ctx.config.uploads.dir, stale.id))).toBe(false);
    expect(fs.existsSync(path.join(ctx.config.uploads.dir, `${stale.id}.thumb.webp`))).toBe(false);
    expect((await files.download(shop, fresh.url)).status).toBe(200);
    expect((await files.download(shop, kept.url)).status).toBe(200);
    expectError(
      await api.post(shop, t.id, { body: "late", attachmentIds: [stale.id] }),
      400,
      "VALIDATION_FAILED",
    );
  });
});

describe("races", () => {
  test("when two messages claim the same upload at once, then exactly one carries it and the other is refused", async () => {
    const shop = await ctx.shopUser();
    const t1 = await api.ticket(shop);
    const t2 = await api.ticket(shop);
    const up = await files.uploaded(shop, Buffer.from("contested\n"), "contested.txt");
    const [a, b] = await Promise.all([
      api.post(shop, t1.id, { body: "mine", attachmentIds: [up.id] }),
      api.post(shop, t2.id, { body: "no, mine", attachmentIds: [up.id] }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 400]);
    const winner = a.status === 201 ? t1 : t2;
    const loser = a.status === 201 ? t2 : t1;
    expect((await api.messages(shop, winner.id)).body.items[1].attachments).toEqual([up]);
    expect((await api.messages(shop, loser.id)).body.items).toHaveLength(1);
  });
});

describe("signed links", () => {
  test("when a viewer asks for a link, then the file and thumbnail download without a token until it expires", async () => {
    const shop = await ctx.shopUser();
    const t = await api.ticket(shop);
    const up = await files.uploaded(shop, await png(), "label.png");
    await api.post(shop, t.id, { body: "label", attachmentIds: [up.id] });
    const res = await request(ctx.app).get(`/api/attachments/${up.id}/link`).set(shop.auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      url: expect.stringMatching(new RegExp(`^/api/attachments/${up.id}\\?exp=\\d+&sig=`)),
      thumbnailUrl: expect.stringMatching(new RegExp(`^/api/attachments/${up.id}/thumbnail\\?exp=\\d+&sig=`)),
      expiresAt: expect.any(String),
    });
    const noToken = await request(ctx.app).get(res.body.url).buffer(true);
    expect([noToken.status, noToken.headers["content-type"]]).toEqual([200, "image/png"]);
    expect((await request(ctx.app).get(res.body.thumbnailUrl)).status).toBe(200);

    // A thumbnail's signature does not open the file, and an altered one opens nothing.
    const thumbSig = new URL(res.body.thumbnailUrl, "http://x").search;
    expectError(await request(ctx.app).get(`/api/attachments/${up.id}${thumbSig}`), 401, "UNAUTHENTICATED");
    // Flip the signature's first character to one it is not, so the altered link always differs.
    const altered = res.body.url.replace(/sig=(.)/, (_: string, c: string) => `sig=${c === "A" ? "B" : "A"}`);
    expectError(await request(ctx.app).get(altered), 401, "UNAUTHENTICATED");
    expectError(
      await request(ctx.app).get(res.body.url.replace(/exp=\d+/, "exp=99999999999")),
      401,
      "UNAUTHENTICATED",
    );
    expectError(await request(ctx.app).get(`/api/attachments/${up.id}?exp=1`), 400, "VALIDATION_FAILED");

    const expired = await ctx.modules.attachments.service.link(shop, up.id, -1);
    expectError(await request(ctx.app).get(expired.url), 401, "UNAUTHENTICATED");
  });

  test("when someone who may not see the attachment asks for a link, then 404", async () => {
    const shop = await ctx.shopUser();
    const stranger = await ctx.shopUser();
    const up = await files.uploaded(shop, Buffer.from("x\n"), "x.txt");
    expectError(
      await request(ctx.app).get(`/api/attachments/${up.id}/link`).set(stranger.auth),
      404,
      "NOT_FOUND",
    );
    expectError(await request(ctx.app).get(`/api/attachments/${up.id}/link`), 401, "UNAUTHENTICATED");
  });
});
