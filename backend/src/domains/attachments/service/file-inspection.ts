import fsp from "node:fs/promises";
import { fileTypeFromFile } from "file-type";
import { HEAD_BYTES, type ImageFormat, type Sniffed } from "../domain/file-policy";
import { gifWithoutMetadata } from "../domain/gif-metadata";
import { pngWithoutMetadata } from "../domain/png-metadata";
import { UnsupportedFileError } from "../domain/attachments.errors";
import { mixedSizeTiffPages } from "./tiff-pages";

/** Longest side of a thumbnail, in pixels. */
export const THUMBNAIL_SIZE = 480;
/** Bigger images are refused rather than decoded (a small file can inflate to gigabytes of pixels). */
export const MAX_IMAGE_PIXELS = 100_000_000;

/** The type the bytes say, by their magic numbers (file-type reads only what it needs from the file). */
export async function sniff(file: string): Promise<Sniffed> {
  const found = await fileTypeFromFile(file);
  return found ? { ext: found.ext, mime: found.mime } : undefined;
}

/** The first bytes of a file: scripts announce themselves there, and text shows it is text. */
export async function headOf(file: string, bytes = HEAD_BYTES): Promise<Uint8Array> {
  const handle = await fsp.open(file, "r");
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const ENCODE_OPTIONS: Partial<Record<ImageFormat, object>> = {
  jpeg: { quality: 90, mozjpeg: true },
  webp: { quality: 90 },
  avif: { quality: 70 },
};

/**
 * Animated formats sharp would flatten to their first frame: their metadata blocks are cut out of the
 * file instead (null: the blocks do not add up, the file is damaged).
 */
const METADATA_FILTERS: Record<"apng" | "gif", (bytes: Uint8Array) => Uint8Array | null> = {
  apng: pngWithoutMetadata,
  gif: gifWithoutMetadata,
};

/**
 * Writes the image without its metadata (EXIF, GPS, XMP, IPTC, comments) to `cleanedPath`, then a WebP
 * thumbnail of its first frame. JPEG, PNG, WebP, AVIF and TIFF are re-encoded by sharp (which keeps no
 * metadata unless asked), turned upright by their EXIF orientation; an animated WebP keeps its frames and
 * a multi-page TIFF its pages (those of different sizes set on pages of the largest one's size).
 * APNG and GIF keep their bytes but lose their metadata blocks. Unreadable or oversized images are refused.
 */
export async function cleanImage(
  format: ImageFormat,
  input: string,
  cleanedPath: string,
  thumbnailPath: string,
): Promise<{ stored: string }> {
  try {
    // Loaded on the first image, not at start: most processes of a desk never clean one.
    const sharp = (await import("sharp")).default;
    if (format === "apng" || format === "gif") {
      // The whole file in memory: at most UPLOAD_MAX_BYTES, less than sharp needs to decode one frame.
      const cleaned = METADATA_FILTERS[format](await fsp.readFile(input));
      if (!cleaned) throw new Error(`not a well-formed ${format}`);
      await fsp.writeFile(cleanedPath, cleaned);
    } else {
      // With every frame loaded, limitInputPixels counts the pixels of all of them together. A TIFF's pages
      // (a scanned document) are kept like an animated WebP's frames: loading only the first page would
      // store page 1 of a three-page invoice and drop the rest without a word.
      const opts = { limitInputPixels: MAX_IMAGE_PIXELS, failOn: "error" as const };
      const frames =
        format === "webp" || format === "tiff" ? ((await sharp(input, opts).metadata()).pages ?? 1) : 1;
      // A scan whose pages differ in size is joined page by page (tiff-pages.ts); sharp refuses it whole.
      const mixed = format === "tiff" ? await mixedSizeTiffPages(sharp, input, frames, opts) : null;
      const image = mixed ?? sharp(input, { ...opts, animated: frames > 1 });
      // sharp cannot turn a multi-page image upright; an animation with an EXIF orientation is rare enough
      // to be stored as it is drawn rather than refused.
      await (frames > 1 ? image : image.rotate())
        .toFormat(format, ENCODE_OPTIONS[format])
        .toFile(cleanedPath);
    }
    await sharp(cleanedPath, { limitInputPixels: MAX_IMAGE_PIXELS, pages: 1 })
      .rotate()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: 75 })
      .toFile(thumbnailPath);
    return { stored: cleanedPath };
  } catch {
    throw new UnsupportedFileError(
      `The image could not be read: it is damaged, or larger than ${MAX_IMAGE_PIXELS / 1_000_000} megapixels.`,
    );
  }
}
