import { concatBytes } from "./bytes";

/**
 * Metadata cut out of a GIF without decoding it (no LZW): re-encoding would lose its animation and
 * palette. Blocks are walked by their lengths and copied whole; what is dropped: comment extensions,
 * application extensions other than the ones that make it loop (XMP, ICC and private data), and
 * extensions GIF89a does not define. Kept: image descriptors and their data, graphic control (frame
 * delays, transparency), plain text (drawn as part of the image) and NETSCAPE2.0/ANIMEXTS1.0 (looping).
 */

const TRAILER = 0x3b;
const IMAGE = 0x2c;
const EXTENSION = 0x21;
const GRAPHIC_CONTROL = 0xf9;
const PLAIN_TEXT = 0x01;
const APPLICATION = 0xff;
const LOOPING_APPLICATIONS = new Set(["NETSCAPE2.0", "ANIMEXTS1.0"]);

/** Size of a colour table announced by a packed field's flag (bit 7) and size bits (0-2). */
const colourTableSize = (packed: number) => (packed & 0x80 ? 3 << ((packed & 0x07) + 1) : 0);

/** Where the data sub-blocks starting at `at` end (after their 0 terminator), or null if cut off. */
function afterSubBlocks(gif: Uint8Array, at: number): number | null {
  // Every sub-block moves `at` on by at least one byte, so the loop ends within gif.length turns.
  while (at < gif.length) {
    const size = gif[at] ?? 0;
    at += 1 + size;
    if (size === 0) return at;
  }
  return null;
}

/** An application extension's identifier and authentication code, its first 11-byte sub-block. */
function applicationOf(gif: Uint8Array, at: number): string {
  return gif[at] === 11 && at + 12 <= gif.length ? String.fromCharCode(...gif.subarray(at + 1, at + 12)) : "";
}

/** The GIF without its metadata blocks, or null when its block structure is not a GIF's. */
export function gifWithoutMetadata(gif: Uint8Array): Uint8Array | null {
  const signature = String.fromCharCode(...gif.subarray(0, 6));
  if (signature !== "GIF87a" && signature !== "GIF89a") return null;
  const headerEnd = 13 + (gif.length >= 13 ? colourTableSize(gif[10] ?? 0) : 0);
  if (headerEnd > gif.length) return null;
  const kept: Uint8Array[] = [gif.subarray(0, headerEnd)];
  let at = headerEnd;
  while (at < gif.length) {
    const introducer = gif[at];
    if (introducer === TRAILER) {
      // Bytes after the trailer are no part of the image (and can hide anything): not copied.
      kept.push(gif.subarray(at, at + 1));
      return concatBytes(kept);
    }
    if (introducer === IMAGE) {
      if (at + 10 > gif.length) return null;
      // Descriptor (10 bytes), local colour table, LZW minimum code size (1 byte), data sub-blocks.
      const dataStart = at + 10 + colourTableSize(gif[at + 9] ?? 0) + 1;
      const end = dataStart <= gif.length ? afterSubBlocks(gif, dataStart) : null;
      if (end === null) return null;
      kept.push(gif.subarray(at, end));
      at = end;
    } else if (introducer === EXTENSION) {
      if (at + 2 > gif.length) return null;
      const label = gif[at + 1];
      const end = afterSubBlocks(gif, at + 2);
      if (end === null) return null;
      const keep =
        label === GRAPHIC_CONTROL ||
        label === PLAIN_TEXT ||
        (label === APPLICATION && LOOPING_APPLICATIONS.has(applicationOf(gif, at + 2)));
      if (keep) kept.push(gif.subarray(at, end));
      at = end;
    } else if (introducer === 0) {
      at += 1; // a stray block terminator some encoders write between blocks: harmless, dropped
    } else {
      return null;
    }
  }
  // Ended cleanly between two blocks without a trailer, as some encoders leave it: the trailer is added.
  kept.push(Uint8Array.of(TRAILER));
  return concatBytes(kept);
}
