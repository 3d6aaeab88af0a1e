import type { Sharp, SharpOptions } from "sharp";

type SharpFactory = (input: string | Buffer[], options?: SharpOptions) => Sharp;

/**
 * Pages of different sizes are joined only up to this many: each is read and decoded on its own, and a file
 * of thousands of tiny pages must not cost a read per page. A larger scan of mixed sizes is refused (415).
 */
export const MAX_MIXED_TIFF_PAGES = 200;

/** The pages' pixels in `limitInputPixels` are counted together, as sharp counts an animation's frames. */
type PageOptions = { limitInputPixels: number; failOn: "error" };

/**
 * A multi-page TIFF whose pages differ in size (a letter and a receipt scanned into one file) as one
 * multi-page image. sharp loads a TIFF's pages together only when they match, and would refuse this file;
 * so each page is decoded alone, turned upright by its own orientation, and set at the top left of a page
 * as large as the largest, on white: every page is kept, none is scaled. Null when the pages all match, or
 * there are too many to look at one by one (sharp loads those as they are, or refuses them).
 */
export async function mixedSizeTiffPages(
  sharp: SharpFactory,
  input: string,
  pages: number,
  opts: PageOptions,
): Promise<Sharp | null> {
  if (pages < 2 || pages > MAX_MIXED_TIFF_PAGES) return null;
  const sizes: Array<{ width: number; height: number }> = [];
  for (let page = 0; page < pages; page++) {
    const { width, height } = await sharp(input, { ...opts, page }).metadata();
    sizes.push({ width, height });
  }
  const [first] = sizes;
  if (sizes.every((s) => s.width === first!.width && s.height === first!.height)) return null;
  // The limit counts all the pages, before and after they are brought to one size.
  const pixels = sizes.reduce((sum, s) => sum + s.width * s.height, 0);
  if (pixels > opts.limitInputPixels) throw new RangeError("the pages hold too many pixels");

  const decoded: Buffer[] = [];
  let width = 0;
  let height = 0;
  for (let page = 0; page < pages; page++) {
    // PNG, quickly compressed: lossless, and far smaller than raw pixels while the other pages are read.
    const { data, info } = await sharp(input, { ...opts, page })
      .rotate()
      .png({ compressionLevel: 1 })
      .toBuffer({ resolveWithObject: true });
    decoded.push(data);
    width = Math.max(width, info.width);
    height = Math.max(height, info.height);
  }
  if (width * height * pages > opts.limitInputPixels) throw new RangeError("the pages hold too many pixels");
  return sharp(decoded, {
    limitInputPixels: opts.limitInputPixels,
    join: { animated: true, background: "#ffffff", halign: "left", valign: "top" },
  });
}
