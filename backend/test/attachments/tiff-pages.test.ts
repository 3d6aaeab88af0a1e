import fs from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { MAX_MIXED_TIFF_PAGES, mixedSizeTiffPages } from "../../src/domains/attachments/service/tiff-pages";
import { createTestContext, type TestContext } from "../support/test-context";
import { expectError } from "../tickets/helpers";
import { attachmentApi, binary, SECRET_PLACE, tiffOfPages } from "./helpers";

/**
 * A scanner that puts a letter and a receipt into one TIFF writes pages of different sizes; sharp loads a
 * TIFF's pages together only when they match. Such a scan is stored with every page (service/tiff-pages.ts).
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

const RED: [number, number, number] = [255, 0, 0];
const BLUE: [number, number, number] = [0, 0, 255];

/** The colour at (x, y) of a stored page, rounded to what a lossy re-encoding keeps. */
async function colourAt(file: Buffer, page: number, x: number, y: number) {
  const { data, info } = await sharp(file, { page }).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  const near = (v: number) => (v > 224 ? "high" : v < 32 ? "low" : "mid");
  return [data[at]!, data[at + 1]!, data[at + 2]!].map(near).join(" ");
}

test("when a scanned TIFF's pages differ in size, then every page is stored on a page of the largest size, without its metadata", async () => {
  const shop = await ctx.shopUser();
  const files = attachmentApi(ctx.app);
  const scan = tiffOfPages(
    [
      { width: 40, height: 60, rgb: RED },
      { width: 30, height: 20, rgb: BLUE },
      { width: 50, height: 16, rgb: RED },
    ],
    SECRET_PLACE,
  );

  const up = await files.uploaded(shop, scan, "letter-and-receipts.tiff");
  expect(up).toMatchObject({ contentType: "image/tiff", thumbnailUrl: expect.any(String) });
  const stored = binary(await files.download(shop, up.url));
  const meta = await sharp(stored).metadata();
  // Pages as large as the widest (50) and the tallest (60) page.
  expect({ pages: meta.pages, width: meta.width, pageHeight: meta.pageHeight ?? meta.height }).toEqual({
    pages: 3,
    width: 50,
    pageHeight: 60,
  });
  expect(stored.includes(SECRET_PLACE)).toBe(false);
  // Each page is itself at its top left, and white where it was smaller than the page. (Points away from
  // the edges: TIFFs are stored with JPEG compression, which blurs colour over 16-pixel blocks.)
  expect(await colourAt(stored, 0, 8, 8)).toBe("high low low");
  expect(await colourAt(stored, 1, 8, 8)).toBe("low low high");
  expect(await colourAt(stored, 1, 40, 40)).toBe("high high high");
  expect(await colourAt(stored, 2, 40, 8)).toBe("high low low");
  expect(await colourAt(stored, 2, 40, 40)).toBe("high high high");
  // The thumbnail is the first page.
  const thumb = binary(await files.download(shop, up.thumbnailUrl!));
  expect((await sharp(thumb).metadata()).format).toBe("webp");
});

test("when a TIFF has more pages of different sizes than are looked at one by one, then it is refused with 415", async () => {
  const shop = await ctx.shopUser();
  const pages = Array.from({ length: MAX_MIXED_TIFF_PAGES + 1 }, (_, i) => ({
    width: 2,
    height: 1 + (i % 2),
    rgb: RED,
  }));
  const res = await attachmentApi(ctx.app).upload(shop, tiffOfPages(pages), "many.tiff");
  expectError(res, 415, "UNSUPPORTED_MEDIA_TYPE");
});

test("the pixel limit counts every page, before and after the pages are brought to one size", async () => {
  const file = path.join(ctx.config.uploads.dir, "limit.tiff");
  await fs.mkdir(ctx.config.uploads.dir, { recursive: true });
  // 100 + 100 pixels as they are; 2 pages of 10 × 10 = 200 once brought to one size.
  await fs.writeFile(
    file,
    tiffOfPages([
      { width: 10, height: 10, rgb: RED },
      { width: 100, height: 1, rgb: BLUE },
    ]),
  );
  const opts = (limitInputPixels: number) => ({ limitInputPixels, failOn: "error" as const });
  await expect(mixedSizeTiffPages(sharp, file, 2, opts(199))).rejects.toThrow("too many pixels");
  // 2 pages of 100 × 10 once padded: 2,000 pixels.
  await expect(mixedSizeTiffPages(sharp, file, 2, opts(1_999))).rejects.toThrow("too many pixels");
  expect(await mixedSizeTiffPages(sharp, file, 2, opts(2_000))).not.toBeNull();
  // Pages of one size are left to sharp as they are.
  await fs.writeFile(
    file,
    tiffOfPages([
      { width: 10, height: 10, rgb: RED },
      { width: 10, height: 10, rgb: BLUE },
    ]),
  );
  expect(await mixedSizeTiffPages(sharp, file, 2, opts(2_000))).toBeNull();
});
