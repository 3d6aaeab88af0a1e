import { crc32 } from "node:zlib";
import sharp from "sharp";
import { createTestContext, type TestContext } from "../support/test-context";
import { expectError } from "../tickets/helpers";
import { attachmentApi, binary, jpegWithGps, SECRET_PLACE } from "./helpers";

/**
 * Animated images keep their frames and lose their metadata: APNG and GIF by having their metadata
 * blocks cut out (sharp would flatten them to one frame), animated WebP by sharp re-encoding every frame.
 */

let ctx: TestContext;
let files: ReturnType<typeof attachmentApi>;
beforeAll(async () => {
  ctx = await createTestContext();
  files = attachmentApi(ctx.app);
});
afterAll(() => ctx.close());

const COLOURS = ["red", "green", "blue"] as const;

/** One PNG chunk, whole, with a valid CRC. */
function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body) >>> 0, out.length - 4);
  return out;
}

/** The chunks of a PNG, in order, as [type, whole chunk]. */
function chunksOf(png: Buffer): Array<[string, Buffer]> {
  const out: Array<[string, Buffer]> = [];
  for (let at = 8; at < png.length;) {
    const end = at + 12 + png.readUInt32BE(at);
    out.push([png.toString("latin1", at + 4, at + 8), png.subarray(at, end)]);
    at = end;
  }
  return out;
}

const u32 = (...values: number[]) =>
  Buffer.concat(values.map((v) => Buffer.from([v >>> 24, v >>> 16, v >>> 8, v])));
/** fcTL: sequence, size, offset 0,0, delay 1/10 s, no dispose or blend. */
const frameControl = (sequence: number) =>
  chunk("fcTL", Buffer.concat([u32(sequence, 40, 30, 0, 0), Buffer.from([0, 1, 0, 10, 0, 0])]));

/** The EXIF block of a photo with GPS, as a PNG eXIf chunk holds it (the TIFF header on). */
const exifOfPhoto = async () => (await sharp(await jpegWithGps()).metadata()).exif!.subarray(6);

/** A two-frame APNG carrying a place in eXIf, tEXt, zTXt and iTXt, and a tIME. */
async function apngWithMetadata() {
  const frames = await Promise.all(
    COLOURS.slice(0, 2).map((background) =>
      sharp({ create: { width: 40, height: 30, channels: 3, background } })
        .png()
        .toBuffer(),
    ),
  );
  const [first, second] = frames.map(chunksOf);
  const ihdr = first!.find(([t]) => t === "IHDR")![1];
  const idat = first!.filter(([t]) => t === "IDAT").map(([, c]) => c);
  const secondData = Buffer.concat(second!.filter(([t]) => t === "IDAT").map(([, c]) => c.subarray(8, -4)));
  const metadata = [
    chunk("eXIf", await exifOfPhoto()),
    chunk("tEXt", Buffer.from(`Comment\0${SECRET_PLACE}`, "latin1")),
    chunk("zTXt", Buffer.from(`Location\0\0${SECRET_PLACE}`, "latin1")),
    chunk("iTXt", Buffer.from(`Description\0\0\0\0\0${SECRET_PLACE}`, "latin1")),
    chunk("tIME", Buffer.from([7, 0xea, 1, 2, 3, 4, 5])),
  ];
  const kept = [
    ihdr,
    chunk("acTL", u32(2, 0)),
    frameControl(0),
    ...idat,
    frameControl(1),
    chunk("fdAT", Buffer.concat([u32(2), secondData])),
    chunk("IEND", Buffer.alloc(0)),
  ];
  const signature = frames[0]!.subarray(0, 8);
  const [head, ...rest] = kept;
  return {
    apng: Buffer.concat([
      signature,
      head!,
      ...metadata.slice(0, 2),
      ...rest.slice(0, 3),
      ...metadata.slice(2),
      ...rest.slice(3),
    ]),
    withoutMetadata: Buffer.concat([signature, ...kept]),
  };
}

/** Raw pixels of three 20×20 frames stacked, for sharp to write as an animation. */
async function stackedFrames() {
  const frames = await Promise.all(
    COLOURS.map((background) =>
      sharp({ create: { width: 20, height: 20, channels: 3, background } })
        .raw()
        .toBuffer(),
    ),
  );
  return sharp(Buffer.concat(frames), { raw: { width: 20, height: 60, channels: 3, pageHeight: 20 } });
}

/** A three-frame looping GIF with a comment and an XMP packet naming a place. */
async function gifWithMetadata(): Promise<Buffer> {
  const gif = await (await stackedFrames()).gif({ loop: 0, delay: [100, 200, 300] }).toBuffer();
  const subBlocks = (text: string) => {
    const data = Buffer.from(text, "latin1");
    const parts: Buffer[] = [];
    for (let i = 0; i < data.length; i += 255) {
      const part = data.subarray(i, i + 255);
      parts.push(Buffer.from([part.length]), part);
    }
    return Buffer.concat([...parts, Buffer.from([0])]);
  };
  const comment = Buffer.concat([Buffer.from([0x21, 0xfe]), subBlocks(SECRET_PLACE)]);
  const xmp = Buffer.concat([
    Buffer.from([0x21, 0xff, 11]),
    Buffer.from("XMP DataXMP", "latin1"),
    subBlocks(
      `<x:xmpmeta><rdf:Description exif:GPSLatitude="51,30.0N">${SECRET_PLACE}</rdf:Description></x:xmpmeta>`,
    ),
  ]);
  expect(gif[gif.length - 1]).toBe(0x3b);
  return Buffer.concat([gif.subarray(0, -1), comment, xmp, gif.subarray(-1)]);
}

const leaks = (stored: Buffer) =>
  ["Parley test", "ParleyCam", "GPSLatitude", "xmpmeta"].filter((s) => stored.includes(Buffer.from(s)));

async function thumbnailOf(shop: Awaited<ReturnType<TestContext["shopUser"]>>, url: string | undefined) {
  expect(url).toBeDefined();
  const thumb = await files.download(shop, url!);
  expect(thumb.status).toBe(200);
  const meta = await sharp(binary(thumb)).metadata();
  return { format: meta.format, pages: meta.pages, exif: meta.exif };
}

describe("animated images", () => {
  test("when an APNG carries a place in eXIf, tEXt, zTXt, iTXt and a tIME, then those chunks go and every other chunk stays byte for byte", async () => {
    const shop = await ctx.shopUser();
    const { apng, withoutMetadata } = await apngWithMetadata();
    expect(leaks(apng).length).toBeGreaterThan(0);

    for (const name of ["walk.png", "walk.apng"]) {
      const up = await files.uploaded(shop, apng, name);
      expect(up).toMatchObject({ contentType: "image/apng", size: withoutMetadata.length });
      const stored = binary(await files.download(shop, up.url));
      expect(leaks(stored)).toEqual([]);
      expect(stored.equals(withoutMetadata)).toBe(true);
      expect(chunksOf(stored).map(([t]) => t)).toEqual([
        "IHDR",
        "acTL",
        "fcTL",
        "IDAT",
        "fcTL",
        "fdAT",
        "IEND",
      ]);
      expect(await thumbnailOf(shop, up.thumbnailUrl)).toEqual({
        format: "webp",
        pages: undefined,
        exif: undefined,
      });
    }
  });

  test("when a GIF carries a comment and an XMP packet, then they go and its frames, delays and looping stay", async () => {
    const shop = await ctx.shopUser();
    const gif = await gifWithMetadata();
    expect(leaks(gif).length).toBeGreaterThan(0);

    const up = await files.uploaded(shop, gif, "dance.gif");
    expect(up.contentType).toBe("image/gif");
    const stored = binary(await files.download(shop, up.url));
    expect(leaks(stored)).toEqual([]);
    expect(stored.includes(Buffer.from("NETSCAPE2.0"))).toBe(true);
    expect(up.size).toBe(stored.length);
    const meta = await sharp(stored, { animated: true }).metadata();
    expect({ pages: meta.pages, delay: meta.delay, loop: meta.loop }).toEqual({
      pages: 3,
      delay: [100, 200, 300],
      loop: 0,
    });
    expect(await thumbnailOf(shop, up.thumbnailUrl)).toEqual({
      format: "webp",
      pages: undefined,
      exif: undefined,
    });
  });

  test("when an animated WebP carries EXIF, then it is re-encoded without it and keeps every frame", async () => {
    const shop = await ctx.shopUser();
    const webp = await (
      await stackedFrames()
    )
      .webp({ loop: 0, delay: [100, 200, 300] })
      .withExif({ IFD0: { ImageDescription: SECRET_PLACE, Make: "ParleyCam" } })
      .toBuffer();
    expect(leaks(webp).length).toBeGreaterThan(0);

    const up = await files.uploaded(shop, webp, "spin.webp");
    const stored = binary(await files.download(shop, up.url));
    expect(leaks(stored)).toEqual([]);
    const meta = await sharp(stored, { animated: true }).metadata();
    expect({ pages: meta.pages, pageHeight: meta.pageHeight, delay: meta.delay, exif: meta.exif }).toEqual({
      pages: 3,
      pageHeight: 20,
      delay: [100, 200, 300],
      exif: undefined,
    });
    expect(await thumbnailOf(shop, up.thumbnailUrl)).toMatchObject({ format: "webp", pages: undefined });
  });

  test("when an animated WebP's frames hold more than 100 megapixels together, then 415 and it is not decoded", async () => {
    const shop = await ctx.shopUser();
    // Two 1000×1000 frames, then the second frame's ANMF chunk repeated: 101 frames, 101 megapixels, in
    // a few kilobytes. One frame is 1 megapixel: the limit has to count all of them together.
    const frame = (background: string) =>
      sharp({ create: { width: 1000, height: 1000, channels: 3, background } })
        .raw()
        .toBuffer();
    const two = await sharp(Buffer.concat([await frame("red"), await frame("blue")]), {
      raw: { width: 1000, height: 2000, channels: 3, pageHeight: 1000 },
    })
      .webp({ loop: 0, effort: 0 })
      .toBuffer();
    const chunks: Buffer[] = [];
    for (let at = 12; at < two.length;) {
      const end = at + 8 + two.readUInt32LE(at + 4) + (two.readUInt32LE(at + 4) % 2);
      chunks.push(two.subarray(at, end));
      at = end;
    }
    const lastFrame = chunks.at(-1)!;
    expect(lastFrame.toString("latin1", 0, 4)).toBe("ANMF");
    const body = Buffer.concat([
      Buffer.from("WEBP", "latin1"),
      ...chunks,
      ...Array<Buffer>(99).fill(lastFrame),
    ]);
    const size = Buffer.alloc(4);
    size.writeUInt32LE(body.length);
    const webp = Buffer.concat([Buffer.from("RIFF", "latin1"), size, body]);
    expect((await sharp(webp, { animated: true }).metadata()).pages).toBe(101);

    const res = await files.upload(shop, webp, "long.webp");
    expectError(res, 415, "UNSUPPORTED_MEDIA_TYPE");
    expect(res.body.error.message).toMatch(/100 megapixels/);
  });

  test("when an APNG or a GIF is cut short inside a block, then 415 says it could not be read", async () => {
    const shop = await ctx.shopUser();
    const { apng } = await apngWithMetadata();
    const gif = await gifWithMetadata();
    const cut: Array<[Buffer, string]> = [
      [apng.subarray(0, apng.length - 20), "walk.png"],
      [gif.subarray(0, 60), "dance.gif"],
      // A block introducer GIF does not have, after the first frame.
      [Buffer.concat([gif.subarray(0, -1), Buffer.from([0x42, 0x3b])]), "dance.gif"],
    ];
    for (const [bytes, name] of cut) {
      const res = await files.upload(shop, bytes, name);
      expectError(res, 415, "UNSUPPORTED_MEDIA_TYPE");
      expect(res.body.error.message).toMatch(/could not be read/);
    }
  });
});
