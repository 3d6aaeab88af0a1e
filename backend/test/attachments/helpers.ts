import { createHash, randomBytes } from "node:crypto";
import request from "supertest";
import sharp from "sharp";
import type { Express } from "express";
import type { Actor } from "../support/test-context";

/** Files and calls for the attachment tests. Fixtures are made here, in memory, per test. */

export const md5 = (b: Buffer | Uint8Array) => createHash("md5").update(b).digest("hex");

/** supertest collects the body of any content type into a Buffer. */
export const binary = (res: request.Response) => res.body as Buffer;

export function attachmentApi(app: Express) {
  return {
    upload: (as: Actor, content: Buffer, filename: string) =>
      request(app).post("/api/uploads").set(as.auth).attach("file", content, { filename }),
    async uploaded(as: Actor, content: Buffer, filename: string) {
      const res = await request(app).post("/api/uploads").set(as.auth).attach("file", content, { filename });
      if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as {
        id: string;
        name: string;
        contentType: string;
        size: number;
        url: string;
        thumbnailUrl?: string;
      };
    },
    download: (as: Actor, url: string) =>
      request(app)
        .get(url)
        .set(as.auth)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const all = Buffer.concat(chunks);
            // Errors are JSON in the contract's shape; files stay bytes.
            const json = /^application\/json/.test(String(res.headers["content-type"]));
            cb(null, json ? (JSON.parse(all.toString()) as unknown) : all);
          });
        }),
  };
}

/** Random bytes that no sniffer recognises. */
export const randomFile = (size: number) => {
  const b = randomBytes(size);
  b[0] = 0x00; // not "#!" and no known magic number
  b[1] = 0x01;
  return b;
};

export const png = (width = 64, height = 48) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .png()
    .toBuffer();

export const SECRET_PLACE = "Parley test: 12 Secret Street";

/** A photo with camera metadata: GPS coordinates and a description naming a place. */
export const jpegWithGps = () =>
  sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 10, g: 120, b: 200 } } })
    .jpeg()
    .withExif({
      IFD0: { ImageDescription: SECRET_PLACE, Make: "ParleyCam" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "51/1 30/1 0/1",
        GPSLongitudeRef: "W",
        GPSLongitude: "0/1 7/1 0/1",
      },
    })
    .toBuffer();

/** The start of a 64-bit Linux executable. */
export const elf = () => {
  const b = Buffer.alloc(4096);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]).copy(b);
  b.writeUInt16LE(2, 16); // ET_EXEC
  b.writeUInt16LE(0x3e, 18); // x86-64
  return b;
};

/** A Windows PE executable's start ("MZ", then the PE header at 0x80). */
export const windowsExe = () => {
  const b = Buffer.alloc(1024);
  b.write("MZ", 0, "latin1");
  b.writeUInt32LE(0x80, 0x3c);
  b.write("PE\0\0", 0x80, "latin1");
  return b;
};

export const svgWithScript = () =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">` +
      `<script>alert(document.cookie)</script><rect width="10" height="10"/></svg>\n`,
  );

/**
 * A multi-page TIFF whose pages may differ in size, as a scanner writes a letter and a receipt into one file
 * (sharp writes only pages of one size). Baseline TIFF: little-endian, one uncompressed RGB strip per page,
 * each page's directory right after its pixels.
 */
export function tiffOfPages(
  pages: Array<{ width: number; height: number; rgb: [number, number, number] }>,
  /** Every page's ImageDescription (metadata the stored file must not keep; more than 4 bytes). */
  description = "A scanned page",
) {
  const text = Buffer.from(`${description}\0`, "latin1");
  const TAGS = 11; // ImageWidth … PlanarConfiguration, below
  const ifdSize = 2 + TAGS * 12 + 4;
  const parts: Buffer[] = [];
  let offset = 8;
  const header = Buffer.alloc(8);
  header.write("II", 0, "latin1");
  header.writeUInt16LE(42, 2);
  parts.push(header);
  let linkAt = 4; // where the previous directory's "next directory" offset is written
  const links: Array<{ at: number; to: number }> = [];
  for (const page of pages) {
    const pixels = Buffer.alloc(page.width * page.height * 3);
    for (let i = 0; i < pixels.length; i += 3) pixels.set(page.rgb, i);
    const bitsAt = offset + pixels.length; // BitsPerSample's three values, after the pixels
    const textAt = bitsAt + 6; // then the description
    const ifdAt = textAt + text.length + (text.length % 2); // directories start on a word boundary
    const bits = Buffer.alloc(6);
    [8, 8, 8].forEach((v, i) => bits.writeUInt16LE(v, i * 2));
    const ifd = Buffer.alloc(ifdSize);
    ifd.writeUInt16LE(TAGS, 0);
    const entries: Array<[tag: number, type: number, count: number, value: number]> = [
      [256, 4, 1, page.width], // ImageWidth, LONG
      [257, 4, 1, page.height], // ImageLength
      [258, 3, 3, bitsAt], // BitsPerSample 8,8,8 (SHORT ×3: an offset)
      [259, 3, 1, 1], // Compression: none
      [262, 3, 1, 2], // PhotometricInterpretation: RGB
      [270, 2, text.length, textAt], // ImageDescription, ASCII (an offset: never 4 bytes or fewer here)
      [273, 4, 1, offset], // StripOffsets
      [277, 3, 1, 3], // SamplesPerPixel
      [278, 4, 1, page.height], // RowsPerStrip: one strip
      [279, 4, 1, pixels.length], // StripByteCounts
      [284, 3, 1, 1], // PlanarConfiguration: chunky
    ];
    entries.forEach(([tag, type, count, value], i) => {
      const at = 2 + i * 12;
      ifd.writeUInt16LE(tag, at);
      ifd.writeUInt16LE(type, at + 2);
      ifd.writeUInt32LE(count, at + 4);
      if (type === 3 && count === 1) ifd.writeUInt16LE(value, at + 8);
      else ifd.writeUInt32LE(value, at + 8);
    });
    links.push({ at: linkAt, to: ifdAt });
    linkAt = ifdAt + 2 + TAGS * 12;
    parts.push(pixels, bits, text, Buffer.alloc(text.length % 2), ifd);
    offset = ifdAt + ifdSize;
  }
  const file = Buffer.concat(parts);
  for (const { at, to } of links) file.writeUInt32LE(to, at);
  return file;
}
