import { crc32 } from "node:zlib";
import { pngWithoutMetadata } from "./png-metadata";

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** One chunk, whole: length, type, data and a valid CRC. */
function chunk(type: string, data: string | Uint8Array = ""): Buffer {
  const body = Buffer.concat([Buffer.from(type, "latin1"), Buffer.from(data)]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(body.length - 4, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body) >>> 0, out.length - 4);
  return out;
}

const ihdr = chunk("IHDR", Uint8Array.of(0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0));
const idat = chunk("IDAT", Uint8Array.of(0x78, 0x9c, 1, 2, 3));
const iend = chunk("IEND");
const animation = [chunk("acTL", new Uint8Array(8)), chunk("fcTL", new Uint8Array(26))];
const secondFrame = [chunk("fcTL", new Uint8Array(26)), chunk("fdAT", Uint8Array.of(0, 0, 0, 1, 9, 9))];
const display = [chunk("gAMA", Uint8Array.of(0, 0, 0xb1, 0x8f)), chunk("pHYs", new Uint8Array(9))];
const metadata = [
  chunk("eXIf", "MM\0*GPS 51N"),
  chunk("tEXt", "Comment\0Secret Street 12"),
  chunk("zTXt", "Author\0\0xyz"),
  chunk("iTXt", "XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta/>"),
  chunk("tIME", Uint8Array.of(7, 0xea, 1, 2, 3, 4, 5)),
  chunk("caBX", "c2pa manifest: Jane Doe"),
  chunk("prVt", "a private chunk"),
];
const png = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat([SIGNATURE, ...parts]));

describe("pngWithoutMetadata", () => {
  test("when an APNG carries text, EXIF, time and private chunks, then only they are cut and every other chunk is copied whole", () => {
    const input = png(
      ihdr,
      metadata[0]!,
      ...animation,
      ...display,
      metadata[1]!,
      idat,
      ...metadata.slice(2),
      ...secondFrame,
      iend,
    );
    const out = pngWithoutMetadata(input);
    expect(out && Buffer.from(out)).toEqual(
      Buffer.from(png(ihdr, ...animation, ...display, idat, ...secondFrame, iend)),
    );
    const text = Buffer.from(out!).toString("latin1");
    for (const word of ["Secret", "GPS", "Jane", "xmpmeta", "private", "eXIf", "tIME"])
      expect(text).not.toContain(word);
  });

  test("when bytes follow IEND, then they are dropped with it", () => {
    const out = pngWithoutMetadata(png(ihdr, idat, iend, Buffer.from("Secret Street 12")));
    expect(out && Buffer.from(out)).toEqual(Buffer.from(png(ihdr, idat, iend)));
  });

  test("when an unknown critical chunk is present, then it is kept for the decoder to refuse", () => {
    const odd = chunk("ABCD", "x");
    expect(pngWithoutMetadata(png(ihdr, odd, idat, iend))).toEqual(png(ihdr, odd, idat, iend));
  });

  test.each([
    ["not a PNG", Buffer.from("GIF89a, not a PNG at all")],
    ["only the signature", png()],
    ["no IEND", png(ihdr, idat)],
    ["a chunk cut short", png(ihdr, idat.subarray(0, 10))],
    ["an IEND cut short", png(ihdr, idat, chunk("IEND", "four").subarray(0, 13))],
    ["a first chunk that is not IHDR", png(idat, ihdr, iend)],
    ["a chunk type that is not four letters", png(ihdr, chunk("ID1T", "x"), iend)],
    ["a length past the end", png(ihdr, Buffer.from([0xff, 0xff, 0xff, 0xff, 0x49, 0x44, 0x41, 0x54]), iend)],
  ])("when the file has %s, then it is refused (null)", (_what, bytes) => {
    expect(pngWithoutMetadata(new Uint8Array(bytes))).toBeNull();
  });

  test("when a PNG is cut at any byte or has any byte changed, then the filter returns without throwing", () => {
    const whole = png(ihdr, ...animation, metadata[1]!, idat, ...secondFrame, iend);
    for (let cut = 0; cut < whole.length; cut++)
      expect(pngWithoutMetadata(whole.subarray(0, cut))).toBeNull();
    for (let at = 0; at < whole.length; at++) {
      for (const value of [0x00, 0x7f, 0xff]) {
        const changed = Uint8Array.from(whole);
        changed[at] = value;
        const out = pngWithoutMetadata(changed);
        expect(out === null || out.length <= changed.length).toBe(true);
      }
    }
  });
});
