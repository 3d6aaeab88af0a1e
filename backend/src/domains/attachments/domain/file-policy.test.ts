import { extensionOf, isInlineSafe, judgeFile, looksLikeScript, withoutNameNoise } from "./file-policy";
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
  expect([extensionOf("a.tar.GZ"), extensionOf(".bashrc"), extensionOf("noext")]).toEqual(["gz", "", ""]);
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
      "",
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
