/**
 * What Parley accepts, decided from the bytes (file-type's sniff) and the name, as pure rules.
 * Refused (415): executables and scripts, whatever they are called; a file whose bytes disagree with
 * its name's extension; images whose location data cannot be removed here (HEIC).
 */

export type Sniffed = { ext: string; mime: string } | undefined;

/**
 * How many bytes of the file's start judgeFile is given: enough to tell a text file that happens to
 * start like a magic number ("MZ-4711 …") from the binary format itself.
 */
export const HEAD_BYTES = 4096;

/**
 * Images Parley cleans of metadata and thumbnails, by sharp's format name. "apng" and "gif" have their
 * metadata blocks cut out rather than being re-encoded, which would lose the animation.
 */
export type ImageFormat = "jpeg" | "png" | "apng" | "webp" | "avif" | "tiff" | "gif";

export type FileVerdict =
  { ok: true; contentType: string; image: ImageFormat | null } | { ok: false; reason: string };

/**
 * Executable or script extensions: refused whatever the bytes are (a PNG named .exe included). Besides
 * programs and scripts: what Windows runs or installs when it is opened, as Gmail and Outlook block it
 * (compiled help .chm/.hlp, pinned sites .website, ClickOnce .application/.appref-ms/.xbap, settings and
 * search shortcuts .settingcontent-ms/.library-ms/.searchconnector-ms, app packages .msix/.appx, Excel
 * add-ins and web queries .xll/.iqy/.slk, troubleshooting packs .diagcab), and disk images Windows mounts
 * on a double click (.iso/.img/.vhd), which carry programs past its downloaded-file warning.
 */
const BLOCKED_EXTENSIONS = new Set(
  (
    "exe dll com scr msi msp mst msu pif cpl sys drv ocx vxd bat cmd ps1 psm1 psd1 ps1xml ps2 ps2xml psc1 psc2 " +
    "cdxml pssc msh msh1 msh2 mshxml msh1xml msh2xml vb vbs vbe vbp js jse mjs cjs ws wsf wsh wsc wsb sct shb shs " +
    "hta htc jar jnlp class sh bash zsh csh ksh fish command py pyc pyo pyw pyz pyzw pl rb php phtml php3 php4 " +
    "php5 phar asp aspx jsp cgi app dmg pkg deb rpm apk ipa appimage elf so dylib run lnk url website reg inf " +
    "ins isp its scf gadget msc ade adp mde mda chm hlp cnt hpj grp mcf xnk printerexport vsmacros vsw " +
    "application appref-ms xbap settingcontent-ms library-ms searchconnector-ms appinstaller msix msixbundle " +
    "appx appxbundle diagcab diagcfg diagpkg iso img vhd vhdx xll xla iqy slk " +
    "docm dotm xlsm xltm xlam pptm potm ppsm sldm wasm"
  ).split(" "),
);

/** Sniffed types that are programs, carry macros or run script when opened (compiled HTML help). */
const BLOCKED_MIME =
  /^application\/(x-msdownload|x-elf|x-mach-binary|x-executable|x-sharedlib|java-vm|java-archive|wasm|vnd\.android\.package-archive|x-deb|x-rpm|x-apple-diskimage|x-shockwave-flash|x-google-chrome-extension|x-xpinstall|x-ms-regedit|x-ft-windows-registry-hive|x\.ms\.shortcut|x\.apple\.alias|x-asar|vnd\.ms-htmlhelp|vnd\.ms-[a-z.]*macroenabled[a-z.0-9]*)$/i;

const OGG = ["ogg", "oga", "ogv", "ogm", "ogx", "opus", "spx"];
const JPEG_2000 = ["jp2", "jpx", "jpf", "jpm"];

/** Names a sniffed type may carry besides its own extension. */
const ALIASES: Record<string, string[]> = {
  jpg: ["jpg", "jpeg", "jpe", "jfif"],
  tif: ["tif", "tiff"],
  png: ["png", "apng"],
  apng: ["png", "apng"],
  mp4: ["mp4", "m4v", "m4a", "m4b", "3gp", "3g2"],
  m4v: ["m4v", "mp4"],
  m4a: ["m4a", "mp4", "m4b"],
  mov: ["mov", "qt"],
  mpg: ["mpg", "mpeg", "m2v", "vob"],
  mp3: ["mp3", "mp2", "mpga"],
  mp2: ["mp2", "mp3", "mpa"],
  // Ogg is one container: file-type names it by the codec inside, people by the container.
  ogg: OGG,
  oga: OGG,
  ogv: OGG,
  ogm: OGG,
  ogx: OGG,
  spx: OGG,
  opus: OGG,
  mkv: ["mkv", "mka", "mks"],
  "3gp": ["3gp", "3gpp"],
  "3g2": ["3g2", "3gp2"],
  asf: ["asf", "wma", "wmv"],
  aif: ["aif", "aiff", "aifc"],
  mid: ["mid", "midi"],
  mts: ["mts", "m2ts", "m2t"],
  jp2: JPEG_2000,
  jpx: JPEG_2000,
  jpm: JPEG_2000,
  j2c: ["j2c", "j2k", "jpc"],
  jxr: ["jxr", "wdp", "hdp"],
  ps: ["ps", "eps"],
  eps: ["eps", "ps"],
  zst: ["zst", "zstd"],
  lzh: ["lzh", "lha"],
  mobi: ["mobi", "azw"],
  icc: ["icc", "icm"],
  rm: ["rm", "rmvb", "ra"],
  Z: ["z"], // compress(1); extensionOf lower-cases the name's ".Z"
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
  // A gzip file holding a tar: file-type says "tar.gz", the name's extension is "gz" (or "tgz").
  "tar.gz": ["gz", "tgz", "gzip"],
  bz2: ["bz2", "tbz2"],
  xz: ["xz", "txz"],
  ico: ["ico", "cur"],
  heic: ["heic", "heif"],
  ai: ["ai", "pdf"],
  pdf: ["pdf", "ai"],
};

/**
 * Extensions of binary formats file-type recognises: if the bytes were really this, the sniff would
 * have said so, so a file with such a name and unrecognised bytes is lying about its type. Only formats
 * whose every file starts with what file-type checks: not ISO images (file-type has no check for them;
 * they are refused by name above), pcap (its nanosecond variant is not recognised), cpio (nor is the
 * common "newc" form), ADIF AAC aside (ADTS, what .aac files are, is recognised).
 */
const SNIFFABLE_EXTENSIONS = new Set(
  (
    "png apng jpg jpeg jpe jfif gif webp avif heic heif tif tiff bmp ico psd jxl jp2 jxr icns xcf bpg " +
    "pdf ps eps mobi pst parquet avro arrow glb icc eot ttc woff woff2 ttf otf sqlite " +
    "zip 7z rar gz tgz bz2 xz tar zst lz4 lz lzh lha arj ace cab " +
    "docx xlsx pptx odt ods odp epub doc xls ppt msg " +
    "mp4 m4v m4a m4b mov mkv webm avi flv 3gp 3g2 mpg mpeg m2v vob mts m2ts asf wmv rm " +
    "mp3 mp2 aac wav flac ogg oga ogv opus spx aif aiff aifc amr ape wv mid midi mpc ac3 wma"
  ).split(" "),
);

/**
 * Text formats file-type itself recognises by a long signature ("<?xml", "BEGIN:VCARD", "REGEDIT4", …):
 * a text file sniffed as one of these really is one. Any other sniff of text is a short binary magic
 * number the text happens to start with ("MZ", "BM", "ID3", "%!", "solid ").
 */
const TEXT_SNIFFS = new Set(["xml", "rtf", "ics", "vcf", "vtt", "reg", "pgp"]);

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
  "image/apng": "apng",
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

/**
 * The extension of a file name, lower case, or "" when it has none; judged on the name as saved. A name
 * that is only an extension has one: Windows runs ".bat" as a batch file, so it is "bat" here.
 */
export function extensionOf(raw: string): string {
  const name = withoutNameNoise(raw);
  const dot = name.lastIndexOf(".");
  return dot >= 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : "";
}

/** A script announces itself with "#!" (a shebang line), whatever its name. */
export function looksLikeScript(head: Uint8Array): boolean {
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3; // UTF-8 BOM
  return head[i] === 0x23 && head[i + 1] === 0x21;
}

/**
 * Whether the bytes read as text: valid UTF-8 (a character cut off at the end of the head is allowed)
 * with no NUL and no control character but tab, line feed, form feed and carriage return. Executables,
 * BMPs and MP3s all have NULs or other control bytes within their first bytes.
 */
export function looksLikePlainText(head: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
  } catch {
    return false;
  }
  return !/(?![\t\n\f\r])\p{Cc}/u.test(text);
}

/**
 * Judges a file by its name, its sniffed type and its first bytes (up to HEAD_BYTES of them).
 */
export function judgeFile(name: string, sniffed: Sniffed, head: Uint8Array): FileVerdict {
  const ext = extensionOf(name);
  if (BLOCKED_EXTENSIONS.has(ext)) {
    return { ok: false, reason: `Programs and scripts (.${ext}) cannot be attached.` };
  }
  // An AMR recording's own magic number is "#!AMR": it names no interpreter a system could run.
  if (looksLikeScript(head) && sniffed?.ext !== "amr") {
    return { ok: false, reason: "The file is a script (it starts with #!); it cannot be attached." };
  }
  const textType = TEXT_TYPES[ext];
  if (textType && sniffed && !TEXT_SNIFFS.has(sniffed.ext) && looksLikePlainText(head)) {
    // "MZ-4711 shipment delayed" in notes.txt: text that starts like a binary magic number.
    return { ok: true, contentType: textType, image: null };
  }
  if (sniffed && BLOCKED_MIME.test(sniffed.mime)) {
    return {
      ok: false,
      reason: `The file is a program or carries macros (${sniffed.mime}); it cannot be attached.`,
    };
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
