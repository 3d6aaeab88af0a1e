import { randomUUID } from "node:crypto";
import request from "supertest";
import { ATTACHMENT_LINKS_MAX, attachmentLinksSchema } from "@parley/contract";
import { expectError, useTicketContext } from "../tickets/helpers";
import { attachmentApi, binary, md5, png } from "./helpers";

/**
 * POST /api/attachments/links: a long thread's links in one request, each as GET …/{id}/link gives it, for
 * exactly the attachments the caller may see.
 */
const { ctx, api } = useTicketContext();
const links = (auth: Record<string, string>, body: unknown) =>
  request(ctx.app)
    .post("/api/attachments/links")
    .set(auth)
    .send(body as object);

test("when a viewer asks for several links, then each one it may see comes once, in the order named, and works without a token", async () => {
  const shop = await ctx.shopUser();
  const stranger = await ctx.shopUser();
  const admin = await ctx.admin();
  const files = attachmentApi(ctx.app);
  const t = await api.ticket(shop);
  const image = await png();
  const picture = await files.uploaded(shop, image, "label.png");
  const text = await files.uploaded(shop, Buffer.from("order 1042\n"), "order.txt");
  await api.post(shop, t.id, { body: "Both", attachmentIds: [picture.id, text.id] });
  const foreign = await files.uploaded(stranger, Buffer.from("not yours\n"), "secret.txt");
  await api.post(stranger, (await api.ticket(stranger)).id, { body: "Mine", attachmentIds: [foreign.id] });
  const missing = randomUUID();

  const res = await links(shop.auth, {
    ids: [text.id, foreign.id, missing, picture.id.toUpperCase(), text.id],
  });
  expect(res.status).toBe(200);
  expect(res.headers["cache-control"]).toBe("no-store");
  const body = attachmentLinksSchema.parse(res.body);
  expect(body.items.map((l) => l.id)).toEqual([text.id, picture.id]);
  const [textLink, pictureLink] = body.items;
  expect(textLink!.thumbnailUrl).toBeUndefined();
  expect(pictureLink!.thumbnailUrl).toEqual(expect.any(String));
  expect(Date.parse(pictureLink!.expiresAt)).toBeGreaterThan(Date.now());
  // The links are signed: no token needed.
  const file = await files.download(shop, pictureLink!.url).unset("Authorization");
  expect([file.status, md5(binary(file))]).toEqual([200, md5(image)]);
  expect((await request(ctx.app).get(pictureLink!.thumbnailUrl!)).status).toBe(200);
  expect((await request(ctx.app).get(textLink!.url)).text).toBe("order 1042\n");

  // The stranger gets its own file only; an admin sees both shops'.
  const theirs = await links(stranger.auth, { ids: [picture.id, text.id, foreign.id] });
  expect(theirs.body.items.map((l: { id: string }) => l.id)).toEqual([foreign.id]);
  const all = await links(admin.auth, { ids: [picture.id, foreign.id] });
  expect(all.body.items.map((l: { id: string }) => l.id)).toEqual([picture.id, foreign.id]);
});

test("when the request is malformed or has no token, then 400 or 401 in the contract's shape", async () => {
  const shop = await ctx.shopUser();
  const id = randomUUID();
  for (const body of [
    {},
    { ids: [] },
    { ids: ["not-a-uuid"] },
    { ids: id },
    { ids: [id], extra: true },
    { ids: Array.from({ length: ATTACHMENT_LINKS_MAX + 1 }, () => randomUUID()) },
  ]) {
    expectError(await links(shop.auth, body), 400, "VALIDATION_FAILED");
  }
  expectError(
    await request(ctx.app)
      .post("/api/attachments/links?x=1")
      .set(shop.auth)
      .send({ ids: [id] }),
    400,
    "VALIDATION_FAILED",
  );
  expectError(await links({}, { ids: [id] }), 401, "UNAUTHENTICATED");
  // The most a request may name is answered (none of these exist).
  const most = await links(shop.auth, {
    ids: Array.from({ length: ATTACHMENT_LINKS_MAX }, () => randomUUID()),
  });
  expect([most.status, most.body]).toEqual([200, { items: [] }]);
});
