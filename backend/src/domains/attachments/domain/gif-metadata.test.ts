import { gifWithoutMetadata } from "./gif-metadata";

const bytes = (...parts: Array<number[] | string | Uint8Array>) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p))));

/** Data as GIF sub-blocks (at most 255 bytes each) and their 0 terminator. */
function subBlocks(data: string | number[]): number[] {
  const all = [...(typeof data === "string" ? Buffer.from(data, "latin1") : data)];
  const out: number[] = [];
  for (let i = 0; i < all.length; i += 255) {
    const part = all.slice(i, i + 255);
    out.push(part.length, ...part);
  }
  return [...out, 0];
}

// A 2×2 screen with a 2-colour global table (packed 0x80: table present, 2^(0+1) entries).
const header = bytes("GIF89a", [2, 0, 2, 0, 0x80, 0, 0], [0, 0, 0, 255, 255, 255]);
const looping = bytes([0x21, 0xff], subBlocks("NETSCAPE2.0").slice(0, -1), [3, 1, 0, 0, 0]);
const graphicControl = bytes([0x21, 0xf9, 4, 0, 10, 0, 0, 0]);
// Image data that happens to contain the bytes of a comment extension: walked by length, never by value.
const frame = (localTable: boolean) =>
  bytes(
    [0x2c, 0, 0, 0, 0, 2, 0, 2, 0, localTable ? 0x80 : 0],
    localTable ? [1, 2, 3, 4, 5, 6] : [],
    [2],
    subBlocks([0x21, 0xfe, 0x44, 0x01, 0x00 + 5]),
  );
const plainText = bytes([0x21, 0x01], subBlocks("twelve bytes"));
const comment = bytes([0x21, 0xfe], subBlocks("Secret Street 12, near the station"));
const xmp = bytes(
  [0x21, 0xff, 11],
  "XMP DataXMP",
  subBlocks(`<x:xmpmeta><rdf:Description exif:GPSLatitude="51,30N"/>${"x".repeat(300)}</x:xmpmeta>`),
);
const icc = bytes([0x21, 0xff, 11], "ICCRGBG1012", subBlocks("profile of Jane's screen"));
const unknownExtension = bytes([0x21, 0x99], subBlocks("Secret"));
const trailer = bytes([0x3b]);

describe("gifWithoutMetadata", () => {
  test("when a GIF carries comments, XMP and other application data, then only those blocks are cut", () => {
    const input = bytes(
      header,
      looping,
      comment,
      graphicControl,
      frame(false),
      xmp,
      icc,
      unknownExtension,
      graphicControl,
      frame(true),
      plainText,
      trailer,
    );
    const out = gifWithoutMetadata(new Uint8Array(input));
    expect(out && Buffer.from(out)).toEqual(
      bytes(header, looping, graphicControl, frame(false), graphicControl, frame(true), plainText, trailer),
    );
    const text = Buffer.from(out!).toString("latin1");
    for (const word of ["Secret", "GPS", "XMP", "Jane"]) expect(text).not.toContain(word);
  });

  test("when the looping extension is ANIMEXTS1.0, then it is kept too", () => {
    const animexts = bytes([0x21, 0xff, 11], "ANIMEXTS1.0", [3, 1, 0, 0, 0]);
    const input = bytes(header, animexts, frame(false), trailer);
    expect(gifWithoutMetadata(new Uint8Array(input))).toEqual(new Uint8Array(input));
  });

  test("when bytes follow the trailer, then they are dropped; when the trailer is missing, then it is added", () => {
    const clean = bytes(header, frame(false), trailer);
    expect(Buffer.from(gifWithoutMetadata(new Uint8Array(bytes(clean, "Secret Street")))!)).toEqual(clean);
    expect(Buffer.from(gifWithoutMetadata(new Uint8Array(bytes(header, frame(false))))!)).toEqual(clean);
  });

  test.each([
    ["not a GIF", bytes("\x89PNG\r\n\x1a\n")],
    ["a header cut short", bytes("GIF89a", [2, 0])],
    ["a global colour table cut short", header.subarray(0, 15)],
    ["an unknown block", bytes(header, [0x42, 1, 2, 3], trailer)],
    ["image data cut short", bytes(header, frame(false).subarray(0, 13))],
    ["an extension cut short", bytes(header, comment.subarray(0, 8))],
    ["a lone extension introducer", bytes(header, [0x21])],
  ])("when the file has %s, then it is refused (null)", (_what, input) => {
    expect(gifWithoutMetadata(new Uint8Array(input))).toBeNull();
  });

  test("when a GIF is cut at any byte or has any byte changed, then the filter returns without throwing", () => {
    const whole = new Uint8Array(bytes(header, looping, comment, graphicControl, frame(true), xmp, trailer));
    for (let cut = 0; cut < whole.length; cut++) {
      const out = gifWithoutMetadata(whole.subarray(0, cut));
      expect(out === null || out.length <= cut + 1).toBe(true);
    }
    for (let at = 0; at < whole.length; at++) {
      for (const value of [0x00, 0x21, 0x2c, 0x3b, 0xff]) {
        const changed = Uint8Array.from(whole);
        changed[at] = value;
        const out = gifWithoutMetadata(changed);
        expect(out === null || out.length <= changed.length + 1).toBe(true);
      }
    }
  });
});
