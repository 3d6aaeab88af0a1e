import fsp from "node:fs/promises";
import { fileTypeFromFile } from "file-type";
import type { ImageFormat, Sniffed } from "../domain/file-policy";
import { UnsupportedFileError } from "../domain/attachments.errors";

/** Longest side of a thumbnail, in pixels. */
export const THUMBNAIL_SIZE = 480;
/** Bigger images are refused rather than decoded (a small file can inflate to gigabytes of pixels). */
export const MAX_IMAGE_PIXELS = 100_000_000;

/** The type the bytes say, by their magic numbers (file-type reads only what it needs from the file). */
export async function sniff(file: string): Promise<Sniffed> {
  const found = await fileTypeFromFile(file);
  return found ? { ext: found.ext, mime: found.mime } : undefined;
}

/** The first bytes of a file (scripts announce themselves there). */
export async function headOf(file: string, bytes = 16): Promise<Uint8Array> {
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
 * Writes the image without its metadata (EXIF, GPS, XMP, IPTC: sharp keeps none unless asked) and turned
 * upright by its EXIF orientation, then a WebP thumbnail. GIFs carry no EXIF and are kept as they are
 * (re-encoding would flatten animations). Unreadable or oversized images are refused.
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
    let stored = input;
    if (format !== "gif") {
      await sharp(input, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: "error" })
        .rotate()
        .toFormat(format, ENCODE_OPTIONS[format])
        .toFile(cleanedPath);
      stored = cleanedPath;
    }
    await sharp(stored, { limitInputPixels: MAX_IMAGE_PIXELS, pages: 1 })
      .rotate()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: 75 })
      .toFile(thumbnailPath);
    return { stored };
  } catch {
    throw new UnsupportedFileError(
      `The image could not be read: it is damaged, or larger than ${MAX_IMAGE_PIXELS / 1_000_000} megapixels.`,
    );
  }
}
