import { concatBytes } from "./bytes";

/**
 * Metadata cut out of a PNG without decoding it, for animated PNGs (APNG): sharp would re-encode only
 * their first frame. Chunks are copied whole (length, type, data, CRC), so every CRC stays valid.
 */

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Ancillary chunks that say how to show or animate the pixels: kept. Every other ancillary chunk is
 * dropped: eXIf (camera, GPS), tEXt/zTXt/iTXt (comments, places, authors, XMP), tIME, and private or
 * newer ones that can name a person (C2PA's caBX), as sharp's re-encoding drops them all from a still PNG.
 */
const DISPLAY_CHUNKS = new Set([
  "acTL",
  "fcTL",
  "fdAT",
  "tRNS",
  "gAMA",
  "cHRM",
  "sRGB",
  "iCCP",
  "sBIT",
  "bKGD",
  "pHYs",
  "hIST",
  "cICP",
  "mDCV",
  "cLLI",
  "mDCv",
  "cLLi",
]);

/** A chunk's length is at most 2^31 - 1 (PNG spec, 5.3). */
const MAX_CHUNK_LENGTH = 0x7fffffff;

/** The PNG without its metadata chunks, or null when it is not a well-formed PNG up to its IEND. */
export function pngWithoutMetadata(png: Uint8Array): Uint8Array | null {
  if (png.length < SIGNATURE.length || SIGNATURE.some((byte, i) => png[i] !== byte)) return null;
  const kept: Uint8Array[] = [png.subarray(0, SIGNATURE.length)];
  // Every chunk moves `at` on by at least 12 bytes, so the loop ends within png.length / 12 turns.
  for (let at = SIGNATURE.length; at + 12 <= png.length;) {
    const length = new DataView(png.buffer, png.byteOffset + at, 4).getUint32(0);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const end = at + 12 + length;
    if (length > MAX_CHUNK_LENGTH || end > png.length || !/^[A-Za-z]{4}$/.test(type)) return null;
    if (kept.length === 1 && type !== "IHDR") return null;
    // A critical chunk (upper-case first letter) is needed to decode the image; an unknown one makes
    // decoders refuse the file, which is then 415 like any damaged image.
    const critical = type.charCodeAt(0) < 0x61; // bit 5 of the first byte clear
    if (critical || DISPLAY_CHUNKS.has(type)) kept.push(png.subarray(at, end));
    // Bytes after IEND are no part of the image (and can hide anything): not copied.
    if (type === "IEND") return concatBytes(kept);
    at = end;
  }
  return null;
}
