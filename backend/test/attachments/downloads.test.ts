import fs from "node:fs";
import path from "node:path";
import request from "supertest";
import { attachmentApi, binary, md5, png, randomFile } from "./helpers";
import { startLoggedApp } from "./logged-app";
import { expectLostFileIsNotFound } from "./lost-file";

/** Downloads from the folder storage: If-Range, the thumbnail's file name, a file lost from the folder. */

let t: Awaited<ReturnType<typeof startLoggedApp>>;
let files: ReturnType<typeof attachmentApi>;

beforeAll(async () => {
  t = await startLoggedApp();
  files = attachmentApi(t.app);
});
afterAll(async () => {
  await t?.close();
});

describe("If-Range", () => {
  // Downloads send no ETag and no Last-Modified, so no If-Range validator can be current (RFC 9110 §13.1.5).
  test.each([
    ["a stale entity tag", '"stale"'],
    ["a weak entity tag", 'W/"stale"'],
    ["an old date", "Mon, 01 Jan 1990 00:00:00 GMT"],
  ])(
    "when a Range comes with If-Range of %s, then the whole file is sent: 200, no Content-Range",
    async (_label, ifRange) => {
      const shop = await t.shopUser();
      const content = randomFile(1000);
      const up = await files.uploaded(shop, content, "r.bin");
      const res = await files.download(shop, up.url).set({ Range: "bytes=0-9", "If-Range": ifRange });
      expect([res.status, res.headers["content-range"], res.headers["content-length"]]).toEqual([
        200,
        undefined,
        "1000",
      ]);
      expect(md5(binary(res))).toBe(md5(content));

      const head = await request(t.app)
        .head(up.url)
        .set(shop.auth)
        .set({ Range: "bytes=0-9", "If-Range": ifRange });
      expect([head.status, head.headers["content-range"], head.headers["content-length"]]).toEqual([
        200,
        undefined,
        "1000",
      ]);
      const link = (await request(t.app).get(`${up.url}/link`).set(shop.auth)).body as { url: string };
      const signed = await request(t.app).get(link.url).set({ Range: "bytes=0-9", "If-Range": ifRange });
      expect([signed.status, signed.headers["content-length"]]).toEqual([200, "1000"]);
    },
  );

  test("when a Range comes without If-Range, then it is still served as 206", async () => {
    const shop = await t.shopUser();
    const content = randomFile(1000);
    const up = await files.uploaded(shop, content, "r.bin");
    const res = await files.download(shop, up.url).set("Range", "bytes=0-9");
    expect([res.status, res.headers["content-range"]]).toEqual([206, "bytes 0-9/1000"]);
    expect(md5(binary(res))).toBe(md5(content.subarray(0, 10)));
  });
});

describe("thumbnail file name", () => {
  test.each([
    ["shot.png", "inline; filename=\"shot.webp\"; filename*=UTF-8''shot.webp"],
    ["scan", "inline; filename=\"scan.webp\"; filename*=UTF-8''scan.webp"],
    ["Foto März.v2.png", "inline; filename=\"Foto M_rz.v2.webp\"; filename*=UTF-8''Foto%20M%C3%A4rz.v2.webp"],
  ])(
    "when the image is named %j, then its WebP thumbnail is named after it with .webp",
    async (name, disposition) => {
      const shop = await t.shopUser();
      const up = await files.uploaded(shop, await png(), name);
      const thumb = await files.download(shop, up.thumbnailUrl!);
      expect([thumb.status, thumb.headers["content-type"]]).toEqual([200, "image/webp"]);
      expect(thumb.headers["content-disposition"]).toBe(disposition);
      // The image itself keeps the name it was uploaded with.
      const original = await files.download(shop, up.url);
      expect(original.headers["content-disposition"]).toContain(
        `filename*=UTF-8''${encodeURIComponent(name)}`,
      );
    },
  );
});

test("when a file is deleted from the attachments folder behind Parley's back, then 404 NOT_FOUND and a warning naming it", () =>
  expectLostFileIsNotFound(
    t,
    async (up) => {
      fs.rmSync(path.join(t.config.uploads.dir, up.id));
      fs.rmSync(path.join(t.config.uploads.dir, `${up.id}.thumb.webp`));
    },
    (up) => `file ${up.id}: ENOENT`,
  ));
