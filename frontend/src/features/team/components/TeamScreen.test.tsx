/** The Team screen's forms: an error belongs to what was sent, so editing or a later success clears it. */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { Admin, TeamSettings } from "@parley/contract";
import { server } from "../../../../test/msw";
import { renderRoute, renderWithClient } from "../../../../test/render";
import TeamScreen from "./TeamScreen";

const ADA: Admin = {
  id: "a1",
  name: "Ada",
  email: "ada@x.test",
  active: true,
  online: true,
  invited: false,
  openTickets: 0,
  skills: [],
};
const SETTINGS: TeamSettings = {
  autoAssign: false,
  capacity: 5,
  offlineReassignAfterS: null,
  useSkills: false,
};
const refused = (message: string, status = 400) =>
  HttpResponse.json(
    { error: { code: status === 409 ? "CONFLICT" : "VALIDATION_FAILED", message } },
    { status },
  );

beforeEach(() => {
  server.use(
    http.get("/api/admins", () => HttpResponse.json({ items: [ADA] })),
    http.get("/api/team/settings", () => HttpResponse.json(SETTINGS)),
  );
});

test("when an invite is refused, then its error goes as soon as a field is edited", async () => {
  const user = userEvent.setup();
  server.use(http.post("/api/admins", () => refused("An admin with this email already exists.", 409)));
  renderWithClient(<TeamScreen />);
  await user.type(await screen.findByLabelText("Name"), "Eve");
  await user.type(screen.getByLabelText("Email"), "ada@x.test");
  await user.click(screen.getByRole("button", { name: "Invite" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("An admin with this email already exists.");

  await user.type(screen.getByLabelText("Email"), "m");
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();
});

test("when an invite is refused and the next one succeeds, then only its link shows; a later refusal hides that link", async () => {
  const user = userEvent.setup();
  let calls = 0;
  server.use(
    http.post("/api/admins", () =>
      ++calls !== 2
        ? refused("An admin with this email already exists.", 409)
        : HttpResponse.json(
            {
              ...ADA,
              id: "a2",
              name: "Eve",
              email: "eve@x.test",
              invited: true,
              inviteUrl: "/invite?token=t",
            },
            { status: 201 },
          ),
    ),
  );
  renderWithClient(<TeamScreen />);
  await user.type(await screen.findByLabelText("Name"), "Eve");
  await user.type(screen.getByLabelText("Email"), "ada@x.test");
  await user.click(screen.getByRole("button", { name: "Invite" }));
  await screen.findByRole("alert");
  await user.clear(screen.getByLabelText("Email"));
  await user.type(screen.getByLabelText("Email"), "eve@x.test");
  await user.click(screen.getByRole("button", { name: "Invite" }));
  expect(await screen.findByLabelText("Invite link")).toHaveValue(`${window.location.origin}/invite?token=t`);
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();

  // The next invite is refused: the earlier link is not presented as if it were this one's.
  await user.type(screen.getByLabelText("Name"), "Ada");
  await user.type(screen.getByLabelText("Email"), "ada@x.test");
  await user.click(screen.getByRole("button", { name: "Invite" }));
  await screen.findByRole("alert");
  expect(screen.queryByLabelText("Invite link")).not.toBeInTheDocument();
});

test("when the server's details name a field, then each shows under its field, not only a general refusal", async () => {
  const user = userEvent.setup();
  server.use(
    http.post("/api/admins", () =>
      HttpResponse.json(
        {
          error: {
            code: "VALIDATION_FAILED",
            message: "The admin is invalid.",
            details: [{ path: "name", message: "Must not contain NUL characters." }],
          },
        },
        { status: 400 },
      ),
    ),
  );
  renderWithClient(<TeamScreen />);
  const name = await screen.findByLabelText("Name");
  // The contract's limit, said under the box.
  expect(name).toHaveAttribute("maxLength", "255");
  expect(name).toHaveAccessibleDescription("Up to 255 characters.");
  await user.type(name, "Eve");
  await user.type(screen.getByLabelText("Email"), "eve@x.test");
  await user.click(screen.getByRole("button", { name: "Invite" }));

  await waitFor(() => expect(name).toHaveAttribute("aria-invalid", "true"));
  expect(name).toHaveAccessibleDescription("Must not contain NUL characters. Up to 255 characters.");
  expect(screen.getByLabelText("Email")).toHaveAttribute("aria-invalid", "false");
  expect(screen.getByRole("alert")).toHaveTextContent("see the messages under the fields");

  // Editing puts the refusal away.
  await user.type(name, "!");
  expect(name).toHaveAttribute("aria-invalid", "false");
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();
});

test("when the email is taken, then the detail shows under Email beside the server's message", async () => {
  const user = userEvent.setup();
  server.use(
    http.post("/api/admins", () =>
      HttpResponse.json(
        {
          error: {
            code: "CONFLICT",
            message: "A user with this email already exists.",
            details: [{ path: "email", message: "already taken" }],
          },
        },
        { status: 409 },
      ),
    ),
  );
  renderWithClient(<TeamScreen />);
  await user.type(await screen.findByLabelText("Name"), "Eve");
  const email = screen.getByLabelText("Email");
  // The contract's bound (254: the longest address SMTP carries), not one of the form's own.
  expect(email).toHaveAttribute("maxLength", "254");
  await user.type(email, "ada@x.test");
  await user.click(screen.getByRole("button", { name: "Invite" }));
  await waitFor(() => expect(email).toHaveAccessibleDescription("Already taken."));
  expect(email).toHaveAttribute("aria-invalid", "true");
  expect(screen.getByLabelText("Name")).toHaveAttribute("aria-invalid", "false");
});

test("when the name is only invisible characters, then it is refused under the field before anything is sent", async () => {
  const user = userEvent.setup();
  let posted = false;
  server.use(
    http.post("/api/admins", () => {
      posted = true;
      return HttpResponse.json({}, { status: 500 });
    }),
  );
  renderWithClient(<TeamScreen />);
  const name = await screen.findByLabelText("Name");
  await user.type(name, "\u200B\u200B");
  await user.type(screen.getByLabelText("Email"), "eve@x.test");
  await user.click(screen.getByRole("button", { name: "Invite" }));
  await waitFor(() => expect(name).toHaveAttribute("aria-invalid", "true"));
  expect(name).toHaveAccessibleDescription(/Must contain visible text/);
  expect(posted).toBe(false);
});

test("when a capacity is refused, then the error goes once the field is edited, and a range slip is said in words", async () => {
  const user = userEvent.setup();
  server.use(http.put("/api/team/settings", () => refused("Capacity is limited for this plan.")));
  renderWithClient(<TeamScreen />);
  const capacity = await screen.findByRole("spinbutton", { name: "Capacity per admin" });
  await user.clear(capacity);
  await user.type(capacity, "900");
  await user.tab();
  expect(await screen.findByRole("alert")).toHaveTextContent("Capacity is limited for this plan.");

  await user.clear(capacity);
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  await user.type(capacity, "0");
  await user.tab();
  await waitFor(() => expect(capacity).toHaveAccessibleDescription("Enter a whole number from 1 to 1000."));
});

test("when an admin deactivates a colleague, then it is asked once more; their own row offers no deactivation", async () => {
  const user = userEvent.setup();
  const BEA: Admin = { ...ADA, id: "b2", name: "Bea", email: "bea@x.test", openTickets: 3 };
  const patched: unknown[] = [];
  server.use(
    http.get("/api/admins", () => HttpResponse.json({ items: [ADA, BEA] })),
    http.patch("/api/admins/:id", async ({ params, request }) => {
      patched.push({ id: params.id, ...((await request.json()) as object) });
      return HttpResponse.json({ ...BEA, active: false });
    }),
  );
  renderRoute(<TeamScreen />, "/admin/team", { as: { id: ADA.id, role: "admin", name: "Ada" } });
  const list = await screen.findByRole("list", { name: "Admins" });
  expect(within(list).queryByRole("button", { name: /Deactivate Ada/ })).not.toBeInTheDocument();
  expect(within(list).getByText("you")).toBeInTheDocument();

  await user.click(within(list).getByRole("button", { name: "Deactivate Bea" }));
  const confirm = within(list).getByRole("group", { name: "Confirm deactivating Bea" });
  expect(confirm).toHaveTextContent("Sign Bea out and return 3 open tickets to the queue?");
  await user.click(within(confirm).getByRole("button", { name: "Cancel" }));
  expect(patched).toEqual([]);

  await user.click(within(list).getByRole("button", { name: "Deactivate Bea" }));
  await user.click(within(list).getByRole("button", { name: "Deactivate" }));
  await waitFor(() => expect(patched).toEqual([{ id: "b2", active: false }]));
});

test("when an invited admin gets a new invite link, then it is asked for them and shown under them; admins who sign in get no such button", async () => {
  const user = userEvent.setup();
  const EVE: Admin = { ...ADA, id: "a2", name: "Eve", email: "eve@x.test", online: false, invited: true };
  const asked: string[] = [];
  server.use(
    http.get("/api/admins", () => HttpResponse.json({ items: [ADA, EVE] })),
    http.post("/api/admins/:id/invite", ({ params }) => {
      asked.push(String(params.id));
      return HttpResponse.json({ ...EVE, inviteUrl: "/invite?token=fresh" });
    }),
  );
  renderWithClient(<TeamScreen />);
  await user.click(await screen.findByRole("button", { name: "New invite link for Eve" }));
  expect(await screen.findByLabelText("Invite link for Eve")).toHaveValue(
    `${window.location.origin}/invite?token=fresh`,
  );
  expect(asked).toEqual(["a2"]);
  expect(screen.queryByRole("button", { name: "New invite link for Ada" })).not.toBeInTheDocument();
});

test("when Invite is pressed from the keyboard, then the focus stays on it while the invite is sent and after its refusal", async () => {
  const user = userEvent.setup();
  let answer: () => void = () => {};
  server.use(
    http.post(
      "/api/admins",
      () =>
        new Promise<Response>((resolve) => {
          answer = () => resolve(refused("A user with this email already exists.", 409));
        }),
    ),
  );
  renderWithClient(<TeamScreen />);
  await user.type(await screen.findByLabelText("Name"), "Eve");
  await user.type(screen.getByLabelText("Email"), "ada@x.test");
  await user.tab();
  const invite = screen.getByRole("button", { name: "Invite" });
  expect(invite).toHaveFocus();
  await user.keyboard("{Enter}");
  const busy = await screen.findByRole("button", { name: "Inviting…" });
  // A disabled button would lose the focus to <body> (as a browser does).
  expect(busy).not.toBeDisabled();
  expect(busy).toHaveFocus();
  answer();
  await screen.findByRole("alert");
  expect(screen.getByRole("button", { name: "Invite" })).toHaveFocus();
});

test("when a colleague is deactivated and reactivated from the keyboard, then the focus stays on their row's button throughout", async () => {
  const user = userEvent.setup();
  let bea: Admin = { ...ADA, id: "b2", name: "Bea", email: "bea@x.test" };
  // Each PATCH waits here until the test answers it.
  const waiting: Array<() => void> = [];
  const answer = async (n: number) => {
    await waitFor(() => expect(waiting).toHaveLength(n));
    waiting[n - 1]!();
  };
  server.use(
    http.get("/api/admins", () => HttpResponse.json({ items: [ADA, bea] })),
    http.patch("/api/admins/:id", async ({ request }) => {
      const { active } = (await request.json()) as { active: boolean };
      await new Promise<void>((resolve) => waiting.push(resolve));
      bea = { ...bea, active };
      return HttpResponse.json(bea);
    }),
  );
  renderRoute(<TeamScreen />, "/admin/team", { as: { id: ADA.id, role: "admin", name: "Ada" } });
  const list = await screen.findByRole("list", { name: "Admins" });
  within(list).getByRole("button", { name: "Deactivate Bea" }).focus();
  await user.keyboard("{Enter}");
  const confirm = within(list).getByRole("group", { name: "Confirm deactivating Bea" });
  // Cancel takes its group away: the focus goes back to the row's button.
  await user.click(within(confirm).getByRole("button", { name: "Cancel" }));
  expect(within(list).getByRole("button", { name: "Deactivate Bea" })).toHaveFocus();

  await user.keyboard("{Enter}");
  expect(within(list).getByRole("button", { name: "Deactivate" })).toHaveFocus();
  await user.keyboard("{Enter}");
  // While it is sent: the row's button has the focus and is not disabled (a browser would drop it).
  const row = within(list).getByRole("button", { name: "Deactivate Bea" });
  expect(row).toHaveFocus();
  expect(row).not.toBeDisabled();
  await answer(1);
  await waitFor(() => expect(within(list).getByRole("button", { name: "Reactivate Bea" })).toHaveFocus());

  await user.keyboard("{Enter}");
  const busy = within(list).getByRole("button", { name: "Reactivate Bea" });
  expect(busy).not.toBeDisabled();
  expect(busy).toHaveFocus();
  await answer(2);
  await waitFor(() => expect(within(list).getByRole("button", { name: "Deactivate Bea" })).toHaveFocus());
});

test("when a new invite link is asked for from the keyboard, then the focus stays on its button while it is made and after", async () => {
  const user = userEvent.setup();
  const EVE: Admin = { ...ADA, id: "a2", name: "Eve", email: "eve@x.test", online: false, invited: true };
  const waiting: Array<() => void> = [];
  server.use(
    http.get("/api/admins", () => HttpResponse.json({ items: [ADA, EVE] })),
    http.post("/api/admins/:id/invite", async () => {
      await new Promise<void>((resolve) => waiting.push(resolve));
      return HttpResponse.json({ ...EVE, inviteUrl: "/invite?token=fresh" });
    }),
  );
  renderWithClient(<TeamScreen />);
  const renew = await screen.findByRole("button", { name: "New invite link for Eve" });
  renew.focus();
  await user.keyboard("{Enter}");
  expect(renew).not.toBeDisabled();
  expect(renew).toHaveFocus();
  await waitFor(() => expect(waiting).toHaveLength(1));
  waiting[0]!();
  await screen.findByLabelText("Invite link for Eve");
  expect(screen.getByRole("button", { name: "New invite link for Eve" })).toHaveFocus();
});
