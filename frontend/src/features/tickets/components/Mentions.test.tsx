/**
 * @mentions in internal notes, through the admin's conversation pane over the msw API: what the POST
 * carries, the outbox keeping the mentions for a retry, a refused mention giving the note back to the box,
 * and the thread highlighting the team's names in notes. The socket service is the one part replaced.
 */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { Admin } from "@parley/contract";
import { server } from "../../../../test/msw";
import { ME, renderConversation } from "../../../../test/conversation";
import { outboxKey } from "../hooks/useTicketThread";

vi.mock("../../../services/realtime/socket", async () =>
  (await import("../../../../test/fake-socket")).fakeSocketModule(),
);

const { default: TicketConversation } = await import("./TicketConversation");

const admin = (over: Partial<Admin> & Pick<Admin, "id">): Admin => ({
  email: `${over.id}@parley.test`,
  name: null,
  active: true,
  online: false,
  invited: false,
  openTickets: 0,
  skills: [],
  ...over,
});
const TEAM = [
  admin({ id: ME.id, name: ME.name }),
  admin({ id: "admin-ana", name: "Ana Lima" }),
  admin({ id: "admin-sam", name: "Sam Ortiz" }),
  admin({ id: "admin-bo", name: "Bo Gone", active: false }),
];

const setup = (opts: Parameters<typeof renderConversation>[1] = {}) =>
  renderConversation(TicketConversation, { admins: TEAM, ...opts });

async function writeNote(text: string) {
  await userEvent.click(await screen.findByRole("button", { name: "Internal note" }));
  const box = screen.getByRole("textbox", { name: "Internal note" });
  // The team has loaded once the box offers "@".
  await waitFor(() => expect(box).toHaveAccessibleDescription(/@ to mention a colleague/));
  await userEvent.type(box, text);
  return box;
}

afterEach(() => localStorage.clear());

test("when a note mentions a colleague picked with @, then the POST carries their id; I am not offered", async () => {
  const { posts } = setup();
  const box = await writeNote("@");
  expect(screen.getAllByRole("option").map((o) => o.textContent)).toEqual([
    "Ana Limaadmin-ana@parley.test",
    "Sam Ortizadmin-sam@parley.test",
  ]);
  await userEvent.type(box, "an{Enter}can you check the carrier?{Enter}");
  await waitFor(() => expect(posts()).toHaveLength(1));
  await waitFor(() =>
    expect(posts()[0]!.body).toMatchObject({
      body: "@Ana Lima can you check the carrier?",
      internal: true,
      mentions: ["admin-ana"],
    }),
  );
});

test("when a public reply is sent, then the POST has no mentions", async () => {
  const { posts } = setup();
  const box = await screen.findByRole("textbox", { name: "Reply" });
  await userEvent.type(box, "Hi @Ana Lima is on it{Enter}");
  await waitFor(() => expect(posts()).toHaveLength(1));
  await waitFor(() => expect(posts()[0]!.body).toMatchObject({ body: "Hi @Ana Lima is on it" }));
  expect(posts()[0]!.body).not.toHaveProperty("mentions");
});

test("when a note with a mention fails to send, then the outbox keeps its mentions and Retry sends them again with the same clientMessageId", async () => {
  const { ticket, posts } = setup();
  let down = true;
  server.use(
    http.post(`/api/tickets/${ticket.id}/messages`, () => (down ? HttpResponse.error() : undefined)),
  );
  await writeNote("@sam{Enter}refund approved{Enter}");
  expect(await screen.findByText("Not sent: no connection.")).toBeInTheDocument();
  await waitFor(() => expect(localStorage.getItem(outboxKey(ticket.id))).toContain("admin-sam"));

  down = false;
  await userEvent.click(screen.getByRole("button", { name: "Retry" }));
  await waitFor(() => expect(posts()).toHaveLength(2));
  await waitFor(() => expect(posts()[1]!.body).toMatchObject({ mentions: ["admin-sam"], internal: true }));
  const [first, second] = posts().map((p) => p.body as { clientMessageId: string });
  expect(second!.clientMessageId).toBe(first!.clientMessageId);
  await waitFor(() => expect(localStorage.getItem(outboxKey(ticket.id))).toBeNull());
});

test("when a note with a mention is still in the outbox at a reload, then it is sent again with its mentions", async () => {
  const first = setup();
  server.use(http.post(`/api/tickets/${first.ticket.id}/messages`, () => HttpResponse.error()));
  await writeNote("@ana{Enter}kept for later{Enter}");
  await screen.findByText("Not sent: no connection.");
  first.view.unmount();

  // "Reload": the same ticket in a fresh client; the server is reachable again.
  const second = setup({ ticket: { id: first.ticket.id } });
  await waitFor(() => expect(second.posts()).toHaveLength(1));
  await waitFor(() =>
    expect(second.posts()[0]!.body).toMatchObject({
      body: "@Ana Lima kept for later",
      internal: true,
      mentions: ["admin-ana"],
    }),
  );
});

test("when the server refuses a mention (the colleague was deactivated), then the composer says so, the note is back in the box, and sending again alerts only the others", async () => {
  const { ticket, posts } = setup();
  server.use(
    http.post(`/api/tickets/${ticket.id}/messages`, async ({ request }) => {
      const input = (await request.clone().json()) as { mentions?: string[] };
      if (!input.mentions?.includes("admin-sam")) return undefined;
      return HttpResponse.json(
        {
          error: {
            code: "VALIDATION_FAILED",
            message: "Only active admins can be mentioned.",
            details: [{ path: "mentions.1", message: "No active admin admin-sam." }],
          },
        },
        { status: 400 },
      );
    }),
  );
  const box = await writeNote("@ana{Enter}@sam{Enter}the payout bounced{Enter}");

  expect(await screen.findByRole("alert")).toHaveTextContent(
    "Not sent: Sam Ortiz can no longer be mentioned (not an active admin). Your note is back in the box",
  );
  expect(box).toHaveValue("@Ana Lima @Sam Ortiz the payout bounced");
  // One copy, in the box: not also a failed message in the thread (nor in the outbox).
  const thread = screen.getByRole("list", { name: "Conversation" });
  expect(within(thread).queryByText(/the payout bounced/)).not.toBeInTheDocument();
  await waitFor(() => expect(localStorage.getItem(outboxKey(ticket.id))).toBeNull());

  await userEvent.type(box, "{Enter}");
  await waitFor(() => expect(posts()).toHaveLength(2));
  await waitFor(() =>
    expect(posts()[1]!.body).toMatchObject({
      body: "@Ana Lima @Sam Ortiz the payout bounced",
      mentions: ["admin-ana"],
    }),
  );
  expect(await within(thread).findByText(/the payout bounced/)).toBeInTheDocument();
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();
});

test("when a note names current admins, then their @Names are marked and mine stands out as 'Mentions you'; public messages and code are left as written", async () => {
  setup({
    messages: [
      {
        senderType: "admin",
        senderId: "admin-ana",
        senderName: "Ana Lima",
        internal: true,
        body: "@Me and @Sam Ortiz: **urgent**, see https://carrier.example/track and `@Sam Ortiz`; @Bo Gone left",
      },
      { senderType: "admin", senderId: "admin-sam", senderName: "Sam Ortiz", body: "Thanks @Me!" },
    ],
  });
  const thread = await screen.findByRole("list", { name: "Conversation" });
  await waitFor(() => expect(within(thread).getByText("@Me").tagName).toBe("MARK"));
  const [note, reply] = within(thread).getAllByRole("listitem").slice(1);

  expect(within(note!).getByText("Mentions you")).toBeInTheDocument();
  expect(within(note!).getByText("@Sam Ortiz", { selector: "[data-mention]" })).toBeInTheDocument();
  // Markdown and links still render; a name in code or of someone no longer on the team is plain text.
  expect(within(note!).getByText("urgent").tagName).toBe("STRONG");
  expect(within(note!).getByRole("link", { name: "https://carrier.example/track" })).toBeInTheDocument();
  expect(within(note!).getByText("@Sam Ortiz", { selector: "code" })).toBeInTheDocument();
  const marked = (item: HTMLElement) =>
    [...item.querySelectorAll("mark, [data-mention]")].map((el) => el.textContent);
  expect(marked(note!)).toEqual(["@Me", "@Sam Ortiz"]);

  expect(within(reply!).queryByText("Mentions you")).not.toBeInTheDocument();
  expect(marked(reply!)).toEqual([]);
  expect(within(reply!).getByText("Thanks @Me!")).toBeInTheDocument();
});
