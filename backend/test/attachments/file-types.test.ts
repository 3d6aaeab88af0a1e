import { createTestContext, type TestContext } from "../support/test-context";
import { expectError } from "../tickets/helpers";
import { attachmentApi, binary, md5, randomFile, windowsExe } from "./helpers";

/**
 * Which files the type rules let through, end to end: text that starts like a binary magic number,
 * programs Windows runs by their name, names that are only an extension, and names of binary formats
 * whose bytes say otherwise. (A .tar.gz is checked in archives-process.test.ts: only outside jest does
 * file-type look inside a gzip file.)
 */

let ctx: TestContext;
let files: ReturnType<typeof attachmentApi>;
beforeAll(async () => {
  ctx = await createTestContext();
  files = attachmentApi(ctx.app);
});
afterAll(() => ctx.close());

const text = (s: string) => Buffer.from(s, "utf8");

/** A 1×1 24-bit BMP: "BM", its size, reserved zeros, the pixel offset, a 40-byte info header, one pixel. */
function bmp(): Buffer {
  const b = Buffer.alloc(58);
  b.write("BM", 0, "latin1");
  b.writeUInt32LE(58, 2);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(1, 18);
  b.writeInt32LE(1, 22);
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(24, 28);
  b.writeUInt32LE(4, 34);
  return b;
}

/** An MP3's start: an ID3v2.3 tag (version 3.0, no flags, 10 bytes of padding), then an MPEG frame header. */
const mp3 = () =>
  Buffer.concat([
    Buffer.from("ID3", "latin1"),
    Buffer.from([3, 0, 0, 0, 0, 0, 10]),
    Buffer.alloc(10),
    Buffer.from([0xff, 0xfb, 0x90, 0x64]),
    Buffer.alloc(413),
  ]);

describe("text that starts like a magic number", () => {
  test.each([
    ["MZ-4711 shipment delayed, please advise\n", "notes.txt", "text/plain"],
    ["MZ-4711;2;EUR\r\nMZ-4712;1;EUR\r\n", "orders.csv", "text/csv"],
    ["BM order 55 was returned\n", "notes.txt", "text/plain"],
    ["ID3 tags look wrong on my upload\n", "notes.txt", "text/plain"],
    ["%! urgent: the label printer\n", "printer.log", "text/plain"],
  ])("when %j is sent as %s, then it is accepted as %s and served unchanged", async (content, name, type) => {
    const shop = await ctx.shopUser();
    const up = await files.uploaded(shop, text(content), name);
    expect(up.contentType).toBe(type);
    const down = await files.download(shop, up.url);
    expect(md5(binary(down))).toBe(md5(text(content)));
  });

  test.each([
    ["a Windows executable", windowsExe, /program/],
    ["a BMP image", bmp, /image\/bmp/],
    ["an MP3 with an ID3 tag", mp3, /audio\/mpeg/],
    ["a script that starts with #!", () => text("#!important please read\n"), /script/],
  ])("when %s is named notes.txt, then it is still refused (415)", async (_what, make, reason) => {
    const shop = await ctx.shopUser();
    const res = await files.upload(shop, make(), "notes.txt");
    expectError(res, 415, "UNSUPPORTED_MEDIA_TYPE");
    expect(res.body.error.message).toMatch(reason);
  });
});

describe("programs by name and by bytes", () => {
  const compiledHelp = () =>
    Buffer.concat([Buffer.from("ITSF", "latin1"), Buffer.from([3, 0, 0, 0]), randomFile(200)]);
  test.each([
    ["compiled HTML help", compiledHelp, "help.chm"],
    ["compiled HTML help without a name", compiledHelp, "help"],
    [
      "a pinned site",
      () => text("[{000214A0-0000-0000-C000-000000000046}]\r\nURL=https://x.test\r\n"),
      "shop.website",
    ],
    ["a settings shortcut", () => text("<?xml version='1.0'?><PCSettings/>"), "fix.settingcontent-ms"],
    ["a ClickOnce reference", () => text("https://x.test/app.application"), "app.appref-ms"],
    ["an Excel web query", () => text("WEB\r\n1\r\nhttps://x.test/q\r\n"), "prices.iqy"],
    ["an app package", () => randomFile(500), "app.msix"],
    ["a disk image", () => randomFile(2000), "disk.iso"],
    ["a batch file named only .bat", () => text("del *\r\n"), ".bat"],
    ["a PowerShell script named only .ps1", () => text("rm -r ~\r\n"), ".ps1"],
    ["a script named only .js", () => text("alert(1)\n"), ".js"],
    ["an executable named only .exe with dots after", windowsExe, ".exe.."],
  ])("when the upload is %s, then 415", async (_what, make, name) => {
    const shop = await ctx.shopUser();
    expectError(await files.upload(shop, make(), name), 415, "UNSUPPORTED_MEDIA_TYPE");
  });
});

describe("names of binary formats", () => {
  test.each([
    "voice.aac",
    "clip.flv",
    "clip.3gp",
    "tune.mid",
    "talk.wma",
    "backup.zst",
    "photo.jxl",
    "setup.cab",
  ])("when random bytes are named %s, then 415: the name is not what the bytes are", async (name) => {
    const shop = await ctx.shopUser();
    const res = await files.upload(shop, randomFile(2000), name);
    expectError(res, 415, "UNSUPPORTED_MEDIA_TYPE");
    expect(res.body.error.message).toMatch(/not that kind of file/);
  });

  test.each([
    [
      "an ADTS AAC frame",
      "voice.aac",
      "audio/aac",
      () => Buffer.concat([Buffer.from([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc]), randomFile(9)]),
    ],
    [
      "an AMR voice memo (its magic number is #!AMR)",
      "memo.amr",
      "audio/amr",
      () => Buffer.concat([text("#!AMR\n"), Buffer.from([0x3c]), randomFile(31)]),
    ],
    [
      "a compress(1) file",
      "old.Z",
      "application/x-compress",
      () => Buffer.concat([Buffer.from([0x1f, 0x9d, 0x90]), randomFile(100)]),
    ],
  ])("when %s is sent as %s, then it is accepted as %s", async (_what, name, type, make) => {
    const shop = await ctx.shopUser();
    const up = await files.uploaded(shop, make(), name);
    expect(up.contentType).toBe(type);
  });
});
