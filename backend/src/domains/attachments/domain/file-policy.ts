/**
 * What Parley accepts, decided from the bytes (file-type's sniff) and the name, as pure rules.
 * Refused (415): executables and scripts, whatever they are called; a file whose bytes disagree with
 * its name's extension; images whose location data cannot be removed here (HEIC).
 */

export type Sniffed = { ext: string; mime: string } | undefined;

/** Images Parley re-encodes (dropping EXIF/GPS) and thumbnails, by sharp's format name. */
export type ImageFormat = "jpeg" | "png" | "webp" | "avif" | "tiff" | "gif";

export type FileVerdict =
  { ok: true; contentType: string; image: ImageFormat | null } | { ok: false; reason: string };

/** Executable or script extensions: refused whatever the bytes are (a PNG named .exe included). */
const BLOCKED_EXTENSIONS = new Set(
  (
    "exe dll com scr msi msp mst pif cpl sys drv ocx bat cmd ps1 psm1 psd1 vbs vbe js jse mjs cjs wsf wsh wsc hta " +
    "jar class sh bash zsh csh ksh fish command py pyc pyw pl rb php phtml php3 php4 php5 phar asp aspx jsp cgi " +
    "app dmg pkg deb rpm apk ipa appimage elf so dylib run lnk url reg inf scf gadget msc ade adp " +
    "docm dotm xlsm xltm xlam pptm potm ppsm sldm wasm"
  ).split(" "),
);

/** Sniffed types that are programs or carry macros. */
const BLOCKED_MIME =
  /^application\/(x-msdownload|x-elf|x-mach-binary|x-executable|x-sharedlib|java-vm|java-archive|wasm|vnd\.android\.package-archive|x-deb|x-rpm|x-apple-diskimage|x-shockwave-flash|x-google-chrome-extension|x-xpinstall|x-ms-regedit|x-ft-windows-registry-hive|x\.ms\.shortcut|x-asar|vnd\.ms-[a-z.]*macroenabled[a-z.0-9]*)$/i;

/** Names a sniffed type may carry besides its own extension. */
const ALIASES: Record<string, string[]> = {
  jpg: ["jpg", "jpeg", "jpe", "jfif"],
  tif: ["tif", "tiff"],
  png: ["png", "apng"],
  apng: ["png", "apng"],
  mp4: ["mp4", "m4v", "m4a", "m4b"],
  m4v: ["m4v", "mp4"],
  m4a: ["m4a", "mp4", "m4b"],
  mov: ["mov", "qt"],
  mpg: ["mpg", "mpeg", "m2v"],
  ogg: ["ogg", "oga", "ogv", "opus", "ogx"],
  opus: ["opus", "ogg"],
  mkv: ["mkv", "mka", "mks"],
  xml: ["xml", "svg", "xhtml", "xht", "html", "htm", "gpx", "kml", "rss", "atom", "plist", "xsl", "xslt"],
  zip: [
    "zip",
    "key",
    "pages",
    "numbers",
    "sketch",
    "kmz",
    "epub",
    "odt",
    "ods",
    "odp",
    "docx",
    "xlsx",
    "pptx",
  ],
  cfb: ["doc", "xls", "ppt", "msg", "pub", "vsd"],
  gz: ["gz", "tgz", "gzip"],
  bz2: ["bz2", "tbz2"],
  xz: ["xz", "txz"],
  ico: ["ico", "cur"],
  heic: ["heic", "heif"],
  ai: ["ai", "pdf"],
  pdf: ["pdf", "ai"],
};

/**
 * Extensions of binary formats file-type recognises: if the bytes were really this, the sniff would
 * have said so, so a file with such a name and unrecognised bytes is lying about its type.
 */
const SNIFFABLE_EXTENSIONS = new Set(
  (
    "png apng jpg jpeg jpe jfif gif webp avif heic heif tif tiff bmp ico psd pdf zip 7z rar gz tgz bz2 xz tar " +
    "docx xlsx pptx odt ods odp epub doc xls ppt msg mp4 m4v m4a mov mkv webm avi mp3 wav flac ogg oga ogv opus " +
    "woff woff2 ttf otf sqlite"
  ).split(" "),
);

/** Types for bytes file-type does not recognise (text formats), chosen by the name. */
const TEXT_TYPES: Record<string, string> = {
  txt: "text/plain",
  text: "text/plain",
  log: "text/plain",
  md: "text/markdown",
  csv: "text/csv",
  tsv: "text/tab-separated-values",
  json: "application/json",
  xml: "application/xml",
  svg: "image/svg+xml",
  html: "text/html",
  htm: "text/html",
  xhtml: "application/xhtml+xml",
  eml: "message/rfc822",
  ics: "text/calendar",
  vcf: "text/vcard",
  yaml: "application/yaml",
  yml: "application/yaml",
  rtf: "application/rtf",
};

/** Sniffed as XML, the name says which XML it is (an SVG is XML to file-type). */
const XML_TYPES: Record<string, string> = {
  svg: "image/svg+xml",
  html: "text/html",
  htm: "text/html",
  xhtml: "application/xhtml+xml",
  xht: "application/xhtml+xml",
  rss: "application/rss+xml",
  atom: "application/atom+xml",
};

const IMAGE_FORMATS: Record<string, ImageFormat> = {
  "image/jpeg": "jpeg",
  "image/png": "png",
  "image/webp": "webp",
  "image/avif": "avif",
  "image/tiff": "tiff",
  "image/gif": "gif",
};

/**
 * A file name without invisible format characters (Unicode Cf: zero-width spaces and joiners, BOM, bidi
 * controls) and without trailing dots and white space. Windows drops trailing dots and spaces when it
 * saves a file, so "run.bat. ." lands on disk as run.bat; an invisible character only hides the real
 * end ("run.bat\u200B" shows as run.bat) or reorders it on screen (U+202E).
 */
export function withoutNameNoise(name: string): string {
  return name.replace(/\p{Cf}/gu, "").replace(/[\s.]+$/u, "");
}

/** The extension of a file name, lower case, or "" when it has none; judged on the name as saved. */
export function extensionOf(raw: string): string {
  const name = withoutNameNoise(raw);
  const dot = name.lastIndexOf(".");
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : "";
}

/** A script announces itself with "#!" (a shebang line), whatever its name. */
export function looksLikeScript(head: Uint8Array): boolean {
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3; // UTF-8 BOM
  return head[i] === 0x23 && head[i + 1] === 0x21;
}

export function judgeFile(name: string, sniffed: Sniffed, head: Uint8Array): FileVerdict {
  const ext = extensionOf(name);
  if (BLOCKED_EXTENSIONS.has(ext)) {
    return { ok: false, reason: `Programs and scripts (.${ext}) cannot be attached.` };
  }
  if (sniffed && BLOCKED_MIME.test(sniffed.mime)) {
    return {
      ok: false,
      reason: `The file is a program or carries macros (${sniffed.mime}); it cannot be attached.`,
    };
  }
  if (looksLikeScript(head)) {
    return { ok: false, reason: "The file is a script (it starts with #!); it cannot be attached." };
  }
  if (sniffed) {
    const names = ALIASES[sniffed.ext] ?? [sniffed.ext];
    if (ext !== "" && !names.includes(ext)) {
      return {
        ok: false,
        reason: `The file's contents are ${sniffed.mime} but its name ends in .${ext}; rename it to .${sniffed.ext}.`,
      };
    }
    if (sniffed.mime.startsWith("image/hei")) {
      return {
        ok: false,
        reason: "HEIC photos cannot be cleaned of their location data here; send a JPEG or PNG instead.",
      };
    }
    const contentType = sniffed.ext === "xml" ? (XML_TYPES[ext] ?? "application/xml") : sniffed.mime;
    return { ok: true, contentType, image: IMAGE_FORMATS[sniffed.mime] ?? null };
  }
  if (SNIFFABLE_EXTENSIONS.has(ext)) {
    return {
      ok: false,
      reason: `The file's name ends in .${ext} but its contents are not that kind of file.`,
    };
  }
  return { ok: true, contentType: TEXT_TYPES[ext] ?? "application/octet-stream", image: null };
}

/**
 * Types a browser may show inside Parley's page: raster images, audio, video and plain text. Everything
 * else (SVG and HTML above all, which could run script in Parley's origin) is served as a download.
 */
export function isInlineSafe(contentType: string): boolean {
  return (
    /^image\/(png|jpeg|gif|webp|avif|bmp)$/.test(contentType) ||
    /^(audio|video)\//.test(contentType) ||
    contentType === "text/plain"
  );
}
