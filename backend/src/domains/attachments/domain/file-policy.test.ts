import {
  extensionOf,
  isInlineSafe,
  judgeFile,
  looksLikePlainText,
  looksLikeScript,
  withoutNameNoise,
} from "./file-policy";
import { canDownload, cleanFileName, type StoredAttachment } from "./attachment";

const none = new Uint8Array([0x41, 0x42]);
const verdict = (name: string, sniffed?: { ext: string; mime: string }) => judgeFile(name, sniffed, none);

describe("judgeFile", () => {
  test("when the bytes and the name agree, then the sniffed type wins and images are marked for cleaning", () => {
    expect(verdict("a.JPEG", { ext: "jpg", mime: "image/jpeg" })).toEqual({
      ok: true,
      contentType: "image/jpeg",
      image: "jpeg",
    });
    expect(verdict("scan", { ext: "pdf", mime: "application/pdf" })).toEqual({
      ok: true,
      contentType: "application/pdf",
      image: null,
    });
    expect(verdict("logo.svg", { ext: "xml", mime: "application/xml" })).toMatchObject({
      ok: true,
      contentType: "image/svg+xml",
    });
  });

  test("when the bytes disagree with the name, or either says program, then it is refused", () => {
    expect(verdict("photo.jpg", { ext: "png", mime: "image/png" }).ok).toBe(false);
    expect(verdict("photo.png", { ext: "elf", mime: "application/x-elf" }).ok).toBe(false);
    expect(verdict("setup.exe", { ext: "png", mime: "image/png" }).ok).toBe(false);
    expect(verdict("report.pdf").ok).toBe(false);
    expect(verdict("IMG_1.HEIC", { ext: "heic", mime: "image/heic" }).ok).toBe(false);
    expect(judgeFile("notes.txt", undefined, new TextEncoder().encode("#!/bin/sh\n")).ok).toBe(false);
  });

  test("when text has no magic number, then the extension names its type; unknown is octet-stream", () => {
    expect(verdict("a.csv")).toMatchObject({ ok: true, contentType: "text/csv" });
    expect(verdict("page.html")).toMatchObject({ ok: true, contentType: "text/html" });
    expect(verdict("mystery.xyz")).toMatchObject({ ok: true, contentType: "application/octet-stream" });
  });
});

test("helpers: extensions, shebangs, inline types, file names", () => {
  expect([extensionOf("a.tar.GZ"), extensionOf(".bashrc"), extensionOf("noext")]).toEqual([
    "gz",
    "bashrc",
    "",
  ]);
  expect(looksLikeScript(new Uint8Array([0xef, 0xbb, 0xbf, 0x23, 0x21]))).toBe(true);
  expect([isInlineSafe("image/png"), isInlineSafe("image/svg+xml"), isInlineSafe("text/html")]).toEqual([
    true,
    false,
    false,
  ]);
  expect(cleanFileName("C:\\Users\\me\\a\u0000b.txt")).toBe("ab.txt");
  expect(cleanFileName("")).toBe("file");
  const long = cleanFileName(`${"x".repeat(300)}.png`);
  expect([long.length, long.endsWith(".png")]).toEqual([255, true]);
  // The cut falls inside an emoji: the emoji goes whole, never half of it (a lone surrogate).
  const emoji = cleanFileName(`${"a".repeat(250)}🙂🙂🙂.txt`);
  expect(emoji).toBe(`${"a".repeat(250)}.txt`);
  expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  expect(cleanFileName(`${"a".repeat(249)}🙂🙂🙂.txt`)).toBe(`${"a".repeat(249)}🙂.txt`);
});

describe("text that starts like a binary magic number", () => {
  const text = (s: string) => new TextEncoder().encode(s);
  const exe = { ext: "exe", mime: "application/x-msdownload" };
  const bmp = { ext: "bmp", mime: "image/bmp" };
  const mp3 = { ext: "mp3", mime: "audio/mpeg" };

  test("when a text name holds plain text that file-type took for MZ, BM or ID3, then it is text by its name", () => {
    expect(judgeFile("notes.txt", exe, text("MZ-4711 shipment delayed\n"))).toEqual({
      ok: true,
      contentType: "text/plain",
      image: null,
    });
    expect(judgeFile("orders.csv", exe, text("MZ-4711;2;EUR\r\n"))).toMatchObject({
      contentType: "text/csv",
    });
    expect(judgeFile("notes.txt", bmp, text("BM order 55 was returned\f\tok"))).toMatchObject({ ok: true });
    expect(judgeFile("notes.md", mp3, text("ID3 tags look wrong – überall\n"))).toMatchObject({
      contentType: "text/markdown",
    });
    // A character cut in two by the end of the head is still text.
    expect(judgeFile("notes.txt", exe, text("MZ ü").subarray(0, 4))).toMatchObject({ ok: true });
  });

  test("when the bytes have NULs, control bytes or are not UTF-8, then the sniffed type still rules", () => {
    const pe = new Uint8Array(256);
    pe.set(text("MZ"), 0);
    pe.set([0x80, 0, 0, 0], 0x3c);
    pe.set(text("PE\0\0"), 0x80);
    const refused = judgeFile("notes.txt", exe, pe);
    expect(refused.ok ? "" : refused.reason).toMatch(/program/);
    // A 1×1 BMP: "BM", its size, reserved zeros.
    expect(judgeFile("notes.txt", bmp, Uint8Array.of(0x42, 0x4d, 0x3a, 0, 0, 0, 0, 0)).ok).toBe(false);
    // An ID3v2.3 header: version 3.0, flags 0.
    expect(judgeFile("notes.txt", mp3, Uint8Array.of(0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0x0a)).ok).toBe(false);
    expect(judgeFile("notes.txt", exe, text("MZ\u001b[31m red")).ok).toBe(false);
    expect(judgeFile("notes.txt", exe, Uint8Array.of(0x4d, 0x5a, 0xff, 0x41)).ok).toBe(false);
  });

  test("when the name is not a text type, or file-type read a real text format, then nothing changes", () => {
    expect(judgeFile("notes.bin", exe, text("MZ-4711\n")).ok).toBe(false);
    expect(judgeFile("notes", exe, text("MZ-4711\n")).ok).toBe(false);
    expect(
      judgeFile("a.txt", { ext: "xml", mime: "application/xml" }, text("<?xml version='1.0'?>")).ok,
    ).toBe(false);
    // "#!" comes first: a script named .txt stays refused even though it is plain text.
    expect(judgeFile("notes.txt", exe, text("#!/bin/sh\nMZ")).ok).toBe(false);
  });

  test("looksLikePlainText: UTF-8 with tab, CR, LF and FF only", () => {
    expect(
      [
        text("a\tb\r\n\fc"),
        text("\uFEFFHallo"),
        Uint8Array.of(0x41, 0),
        text("a\u0085b"),
        text("a\u007fb"),
      ].map(looksLikePlainText),
    ).toEqual([true, true, false, false, false]);
  });
});

describe("names and formats refused or accepted by the bytes file-type knows", () => {
  test("when a name is only an extension, then that extension is judged", () => {
    expect([".bat", ".ps1", ".js", ".exe..", "."].map(extensionOf)).toEqual(["bat", "ps1", "js", "exe", ""]);
    for (const name of [".bat", ".ps1", ".js", ".exe.."]) expect(verdict(name).ok).toBe(false);
  });

  test.each([
    "help.chm",
    "x.website",
    "x.settingcontent-ms",
    "x.appref-ms",
    "x.application",
    "x.xbap",
    "x.library-ms",
    "x.searchconnector-ms",
    "x.msix",
    "x.appx",
    "x.appxbundle",
    "x.msixbundle",
    "x.iqy",
    "x.slk",
    "x.xll",
    "x.vb",
    "disk.iso",
    "disk.vhdx",
  ])("when a file is named %s (what Windows runs, installs or mounts), then it is refused", (name) => {
    expect(verdict(name).ok).toBe(false);
  });

  test("when compiled HTML help comes without its name, then its bytes refuse it", () => {
    expect(verdict("help", { ext: "chm", mime: "application/vnd.ms-htmlhelp" }).ok).toBe(false);
  });

  test.each(["a.aac", "a.amr", "a.flv", "a.3gp", "a.mid", "a.wma", "a.zst", "a.jxl", "a.cab", "a.mpg"])(
    "when %s holds bytes file-type does not recognise, then its name is a lie and it is refused",
    (name) => {
      const refused = verdict(name);
      expect(refused.ok ? "" : refused.reason).toMatch(/not that kind of file/);
    },
  );

  test("when the sniffed name differs from the usual extension of the same format, then it is accepted", () => {
    const pairs: Array<[string, string, string]> = [
      ["backup.tar.gz", "tar.gz", "application/gzip"],
      ["backup.tgz", "tar.gz", "application/gzip"],
      ["old.Z", "Z", "application/x-compress"],
      ["song.aiff", "aif", "audio/aiff"],
      ["tune.midi", "mid", "audio/midi"],
      ["talk.wma", "asf", "audio/x-ms-asf"],
      ["clip.ogg", "ogv", "video/ogg"],
      ["clip.m2ts", "mts", "video/mp2t"],
      ["phone.3gp", "mp4", "video/mp4"],
    ];
    for (const [name, ext, mime] of pairs)
      expect([name, verdict(name, { ext, mime }).ok]).toEqual([name, true]);
  });

  test("when an AMR recording starts with its own magic number #!AMR, then it is audio, not a script", () => {
    const amr = new TextEncoder().encode("#!AMR\n\u0004");
    expect(judgeFile("memo.amr", { ext: "amr", mime: "audio/amr" }, amr)).toMatchObject({
      ok: true,
      contentType: "audio/amr",
    });
    expect(judgeFile("memo.amr", undefined, new TextEncoder().encode("#!/bin/sh\n")).ok).toBe(false);
  });
});

describe("a name's trailing dots, spaces and invisible characters", () => {
  const BLOCKED = new Set(["bat", "exe", "ps1", "js"]);
  // Windows saves "run.bat." as run.bat; a zero-width space or BOM at the end shows as nothing.
  const disguised = [
    "run.bat.",
    "x.exe..",
    "run.bat. . .",
    "run.ps1.",
    "run.bat\u200B",
    "run.bat\uFEFF",
    "run.bat\u200B.\u00A0",
    "run.b\u200Bat",
    "setup.e\u202Exe",
    "app.js \u2060",
  ];

  test.each(disguised)("when a script is named %j, then the extension is still seen and refused", (name) => {
    expect(BLOCKED.has(extensionOf(name))).toBe(true);
    const refused = verdict(name);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? "" : refused.reason).toMatch(/Programs and scripts/);
    expect(verdict(name, { ext: "png", mime: "image/png" }).ok).toBe(false);
  });

  test("when a name carries them, then the stored name is the cleaned one and ordinary names are kept", () => {
    expect(cleanFileName("run.bat. . .")).toBe("run.bat");
    expect(cleanFileName("x.exe..")).toBe("x.exe");
    expect(cleanFileName("\uFEFFreport\u200B.pdf\u200B ")).toBe("report.pdf");
    expect(cleanFileName("...")).toBe("file");
    expect(cleanFileName("\u200B.")).toBe("file");
    expect(cleanFileName("my file v2.1 (final).txt")).toBe("my file v2.1 (final).txt");
    expect(cleanFileName("Café – résumé.pdf")).toBe("Café – résumé.pdf");
    expect(withoutNameNoise("notes.txt")).toBe("notes.txt");
    expect([extensionOf("a."), extensionOf("archive.tar.gz. "), extensionOf(".bashrc.")]).toEqual([
      "",
      "gz",
      "bashrc",
    ]);
  });
});

test("canDownload: the uploader before attaching; admins and the ticket's shop after; internal for admins only", () => {
  const a: StoredAttachment = {
    id: "1",
    uploaderId: "u",
    name: "f",
    contentType: "text/plain",
    size: 1,
    storageKey: "1",
    thumbnailKey: null,
    ticketId: null,
    messageId: null,
    ticketShopId: null,
    internal: false,
    createdAt: new Date(),
    attachedAt: null,
  };
  const shop = (userId: string, shopId: string) => ({ userId, role: "shop" as const, shopId, name: null });
  const admin = { userId: "adm", role: "admin" as const, shopId: null, name: null };
  expect([canDownload(shop("u", "s"), a), canDownload(shop("v", "s"), a), canDownload(admin, a)]).toEqual([
    true,
    false,
    false,
  ]);
  const on = { ...a, ticketId: "t", messageId: "m", ticketShopId: "s", attachedAt: new Date() };
  expect([
    canDownload(shop("v", "s"), on),
    canDownload(shop("w", "other"), on),
    canDownload(admin, on),
  ]).toEqual([true, false, true]);
  const internal = { ...on, internal: true };
  expect([canDownload(shop("u", "s"), internal), canDownload(admin, internal)]).toEqual([false, true]);
});
