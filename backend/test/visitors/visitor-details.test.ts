import { nextEvent } from "../support/test-server";
import { expectError } from "../tickets/helpers";
import { useVisitorServer, visitorConversation, visitorSocket } from "./helpers";

/**
 * Issue 18: admins see who a website visitor is (name, email, the page it wrote from) on the visitor's
 * conversation, in the API and live; no shop ever receives it, and a shop's own tickets never carry it.
 */

const { srv, api } = useVisitorServer();

const conversation = (details: Record<string, unknown>) =>
  visitorConversation(srv, details, "Where is my refund?");

test("when an admin reads a visitor's conversation, then it carries the visitor's name, email and page URL", async () => {
  const { ticketId } = await conversation({
    name: "Ada",
    email: "ada@example.com",
    pageUrl: "https://market.example/pricing?plan=pro",
  });
  const admin = await srv.admin();
  const expected = {
    name: "Ada",
    email: "ada@example.com",
    pageUrl: "https://market.example/pricing?plan=pro",
  };

  const one = await api.get(admin, ticketId);
  expect(one.status).toBe(200);
  expect(one.body.visitor).toEqual(expected);

  const listed = await api.list(admin, { source: "visitor", limit: 100 });
  const row = (listed.body.items as Array<{ id: string; visitor?: unknown }>).find((t) => t.id === ticketId);
  expect(row?.visitor).toEqual(expected);

  const patched = await api.patch(admin, ticketId, { priority: "high" });
  expect(patched.status).toBe(200);
  expect(patched.body.visitor).toEqual(expected);
});

test("when a visitor gave nothing, then admins see the fields as null", async () => {
  const { ticketId } = await conversation({});
  const admin = await srv.admin();
  expect((await api.get(admin, ticketId)).body.visitor).toEqual({ name: null, email: null, pageUrl: null });
});

test("when an admin changes a visitor's conversation, then the admins' live copy carries the visitor and the visitor's own does not", async () => {
  const { token, ticketId } = await conversation({ name: "Lin", email: "lin@example.com" });
  const admin = await srv.admin();
  const adminSocket = await srv.connect(admin);
  const visitorSide = await visitorSocket(srv, token);
  const forAdmins = nextEvent<{ id: string; priority: string; visitor?: unknown }>(
    adminSocket,
    "ticket:updated",
    (t) => t.id === ticketId && t.priority === "urgent",
  );
  const forVisitor = nextEvent<{ id: string; priority: string }>(
    visitorSide,
    "ticket:updated",
    (t) => t.id === ticketId && t.priority === "urgent",
  );
  expect((await api.patch(admin, ticketId, { priority: "urgent" })).status).toBe(200);
  expect((await forAdmins).visitor).toEqual({ name: "Lin", email: "lin@example.com", pageUrl: null });
  expect(await forVisitor).not.toHaveProperty("visitor");
});

test("when a shop lists, reads or hears its own tickets, then no ticket carries visitor details, and it never reaches a visitor's", async () => {
  const { ticketId } = await conversation({ name: "Secret", email: "secret@example.com" });
  const shop = await srv.shopUser();
  const shopSocket = await srv.connect(shop);
  const created = nextEvent<Record<string, unknown>>(shopSocket, "ticket:created");
  const own = await api.ticket(shop);
  expect(own).not.toHaveProperty("visitor");
  expect(await created).not.toHaveProperty("visitor");

  const list = await api.list(shop, { limit: 100 });
  expect(list.status).toBe(200);
  expect(list.body.items.length).toBeGreaterThan(0);
  for (const t of list.body.items as Array<Record<string, unknown>>) expect(t).not.toHaveProperty("visitor");
  expect((await api.get(shop, own.id)).body).not.toHaveProperty("visitor");
  expect(JSON.stringify(list.body)).not.toContain("secret@example.com");
  expectError(await api.get(shop, ticketId), 404, "NOT_FOUND");

  // An admin's shop ticket has no visitor either: the field is for visitor conversations only.
  const admin = await srv.admin();
  expect((await api.get(admin, own.id)).body).not.toHaveProperty("visitor");
});
