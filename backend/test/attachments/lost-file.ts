import request from "supertest";
import { expectError } from "../tickets/helpers";
import { attachmentApi, png } from "./helpers";
import type { startLoggedApp } from "./logged-app";

type LoggedApp = Awaited<ReturnType<typeof startLoggedApp>>;
type Uploaded = Awaited<ReturnType<ReturnType<typeof attachmentApi>["uploaded"]>>;

/**
 * An image whose stored bytes (and thumbnail) `remove` deletes behind Parley's back: every download route
 * is 404 NOT_FOUND, never 500, and the operator is warned with `reason(upload)`, with no error line.
 * One check for every kind of storage.
 */
export async function expectLostFileIsNotFound(
  t: LoggedApp,
  remove: (up: Uploaded) => Promise<void>,
  reason: (up: Uploaded) => string,
) {
  const files = attachmentApi(t.app);
  const shop = await t.shopUser();
  const up = await files.uploaded(shop, await png(), "lost.png");
  await remove(up);
  const logged = t.lines.length;

  expectError(await files.download(shop, up.url), 404, "NOT_FOUND");
  expectError(await files.download(shop, up.url).set("Range", "bytes=0-9"), 404, "NOT_FOUND");
  expect((await request(t.app).head(up.url).set(shop.auth)).status).toBe(404);
  expectError(await files.download(shop, up.thumbnailUrl!), 404, "NOT_FOUND");
  const lines = t.lines.slice(logged);
  expect(lines).toContainEqual(
    expect.objectContaining({
      level: "warn",
      message: "attachment bytes missing from storage: answering 404",
      reason: reason(up),
    }),
  );
  expect(lines.filter((l) => l.level === "error")).toEqual([]);
}
