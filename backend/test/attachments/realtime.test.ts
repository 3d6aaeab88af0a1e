import { createTestServer, nextEvent, record, type TestServer } from "../support/test-server";
import { fileTicket, postMessage } from "../realtime/helpers";
import { attachmentApi, png } from "./helpers";

/** Attachments travel with message:created; an internal note's never reach the shop's socket. */

let t: TestServer;
beforeAll(async () => {
  t = await createTestServer();
});
afterAll(() => t.close());

type Message = { id: string; body: string; attachments: Array<{ id: string; thumbnailUrl?: string }> };

test("when a shop replies with a screenshot, then the admin's socket hears the message with the attachment and its thumbnail", async () => {
  const shop = await t.shopUser();
  const admin = await t.admin();
  const files = attachmentApi(t.app);
  const ticket = await fileTicket(t.app, shop);
  const adminSocket = await t.connect(admin);
  const shot = await files.uploaded(shop, await png(1280, 720), "screenshot.png");
  const heard = nextEvent<Message>(adminSocket, "message:created", (m) => m.body === "See the screenshot");
  await postMessage(t.app, shop, ticket.id, "See the screenshot", { attachmentIds: [shot.id] });
  const message = await heard;
  expect(message.attachments).toEqual([shot]);
  expect(shot.thumbnailUrl).toBe(`/api/attachments/${shot.id}/thumbnail`);
  const thumb = await files.download(admin, shot.thumbnailUrl!);
  expect([thumb.status, thumb.headers["content-type"]]).toEqual([200, "image/webp"]);
});

test("when an admin attaches a file to an internal note, then only admins hear it", async () => {
  const shop = await t.shopUser();
  const admin = await t.admin();
  const files = attachmentApi(t.app);
  const ticket = await fileTicket(t.app, shop);
  const [adminSocket, shopSocket] = await Promise.all([t.connect(admin), t.connect(shop)]);
  const shopHeard = record(shopSocket, "message:created");
  const note = await files.uploaded(admin, Buffer.from("internal findings\n"), "findings.txt");
  const adminHears = nextEvent<Message>(adminSocket, "message:created", (m) => m.body === "note with file");
  await postMessage(t.app, admin, ticket.id, "note with file", { internal: true, attachmentIds: [note.id] });
  expect((await adminHears).attachments).toEqual([note]);
  // A public reply afterwards proves the shop's socket was listening all along.
  const shopHears = nextEvent<Message>(shopSocket, "message:created", (m) => m.body === "public reply");
  await postMessage(t.app, admin, ticket.id, "public reply");
  await shopHears;
  expect(JSON.stringify(shopHeard)).not.toContain(note.id);
});
