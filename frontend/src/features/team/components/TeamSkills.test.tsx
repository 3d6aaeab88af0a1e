/** Skill-based routing on the Team screen: each admin's skills, their editor, and the Route by skills switch. */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { Admin, TeamSettings } from "@parley/contract";
import { server } from "../../../../test/msw";
import { renderWithClient } from "../../../../test/render";
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
const BEA: Admin = { ...ADA, id: "b2", name: "Bea", email: "bea@x.test", skills: ["orders"] };
const SETTINGS: TeamSettings = {
  autoAssign: true,
  capacity: 5,
  offlineReassignAfterS: null,
  useSkills: false,
};

/** The API as the server answers it: PUT stores the skills, the list then shows them. */
function api() {
  const admins = new Map([ADA, BEA].map((a) => [a.id, { ...a }]));
  const puts: Array<{ id: string; body: unknown }> = [];
  const settingsPuts: unknown[] = [];
  let settings = { ...SETTINGS };
  server.use(
    http.get("/api/admins", () => HttpResponse.json({ items: [...admins.values()] })),
    http.put("/api/admins/:id/skills", async ({ params, request }) => {
      const body = (await request.json()) as { skills: string[] };
      puts.push({ id: String(params.id), body });
      admins.get(String(params.id))!.skills = body.skills;
      return new HttpResponse(null, { status: 204 });
    }),
    http.get("/api/team/settings", () => HttpResponse.json(settings)),
    http.put("/api/team/settings", async ({ request }) => {
      const body = (await request.json()) as Partial<TeamSettings>;
      settingsPuts.push(body);
      settings = { ...settings, ...body };
      return HttpResponse.json(settings);
    }),
  );
  return { puts, settingsPuts };
}

test("when an admin adds skills by Enter, comma and suggestion and removes one, then Save sends exactly that list and the row shows it", async () => {
  const user = userEvent.setup();
  const { puts } = api();
  renderWithClient(<TeamScreen />);
  const list = await screen.findByRole("list", { name: "Admins" });
  // Saved skills show as chips; none is said in words.
  expect(within(list).getByRole("list", { name: "Skills of Bea" })).toHaveTextContent("orders");
  expect(within(list).getByText("none (any category)")).toBeInTheDocument();

  await user.click(within(list).getByRole("button", { name: "Edit skills of Bea" }));
  const editor = screen.getByRole("form", { name: "Skills of Bea" });
  const field = within(editor).getByRole("textbox", { name: "Add a skill" });
  expect(field).toHaveFocus();
  await user.type(field, " Shipping {Enter}");
  await user.type(field, "returns,");
  expect(field).toHaveValue("");
  // The desk's categories are offered; one already chosen is not.
  const suggested = within(editor).getByRole("group", { name: "Suggested categories" });
  expect(within(suggested).queryByRole("button", { name: "Add orders" })).not.toBeInTheDocument();
  await user.click(within(suggested).getByRole("button", { name: "Add payouts" }));
  await user.click(within(editor).getByRole("button", { name: "Remove orders" }));
  const drafted = within(editor).getByRole("list", { name: "Skills to save" });
  expect(
    within(drafted)
      .getAllByRole("listitem")
      .map((li) => li.textContent?.replace("×", "")),
  ).toEqual(["shipping", "returns", "payouts"]);
  expect(puts).toEqual([]);

  await user.click(within(editor).getByRole("button", { name: "Save skills" }));
  await waitFor(() =>
    expect(puts).toEqual([{ id: "b2", body: { skills: ["shipping", "returns", "payouts"] } }]),
  );
  expect(await screen.findByText("Skills of Bea saved.")).toHaveAttribute("role", "status");
  const chips = within(list).getByRole("list", { name: "Skills of Bea" });
  expect(
    within(chips)
      .getAllByRole("listitem")
      .map((li) => li.textContent),
  ).toEqual(["shipping", "returns", "payouts"]);
  expect(within(list).getByRole("button", { name: "Edit skills of Bea" })).toHaveFocus();
});

test("when the server refuses a skill, then its reason shows under the field naming it, the draft stays, and Cancel leaves the saved skills", async () => {
  const user = userEvent.setup();
  api();
  server.use(
    http.put("/api/admins/:id/skills", () =>
      HttpResponse.json(
        {
          error: {
            code: "VALIDATION_FAILED",
            message: "The skills are invalid.",
            details: [
              { path: "skills.1", message: "Must contain visible text, not only invisible characters." },
            ],
          },
        },
        { status: 400 },
      ),
    ),
  );
  renderWithClient(<TeamScreen />);
  await user.click(await screen.findByRole("button", { name: "Edit skills of Bea" }));
  const editor = screen.getByRole("form", { name: "Skills of Bea" });
  const field = within(editor).getByRole("textbox", { name: "Add a skill" });
  await user.type(field, "\u200B{Enter}");
  await user.click(within(editor).getByRole("button", { name: "Save skills" }));

  const alert = await within(editor).findByRole("alert");
  expect(alert).toHaveTextContent("“\u200B”: Must contain visible text, not only invisible characters.");
  expect(field).toHaveAttribute("aria-invalid", "true");
  expect(field).toHaveAccessibleDescription(/Must contain visible text/);
  expect(within(editor).getByRole("list", { name: "Skills to save" })).toHaveTextContent("orders");

  // Typing again puts the refusal away; Cancel keeps what was saved.
  await user.type(field, "x");
  expect(within(editor).queryByRole("alert")).not.toBeInTheDocument();
  await user.click(within(editor).getByRole("button", { name: "Cancel" }));
  expect(screen.queryByRole("form", { name: "Skills of Bea" })).not.toBeInTheDocument();
  expect(screen.getByRole("list", { name: "Skills of Bea" })).toHaveTextContent(/^orders$/);
  expect(screen.getByRole("button", { name: "Edit skills of Bea" })).toHaveFocus();
});

test("when a typed skill is longer than a category can be, then it is refused before anything is sent", async () => {
  const user = userEvent.setup();
  const { puts } = api();
  renderWithClient(<TeamScreen />);
  await user.click(await screen.findByRole("button", { name: "Edit skills of Ada" }));
  const editor = screen.getByRole("form", { name: "Skills of Ada" });
  await user.type(within(editor).getByRole("textbox", { name: "Add a skill" }), `${"x".repeat(65)}{Enter}`);
  expect(within(editor).getByRole("alert")).toHaveTextContent("A skill is at most 64 characters.");
  await user.click(within(editor).getByRole("button", { name: "Save skills" }));
  expect(puts).toEqual([]);
});

test("when Route by skills is switched, then the settings are saved with useSkills and the switch says what it does", async () => {
  const user = userEvent.setup();
  const { settingsPuts } = api();
  renderWithClient(<TeamScreen />);
  const toggle = await screen.findByRole("switch", { name: "Route by skills" });
  expect(toggle).not.toBeChecked();
  expect(toggle).toHaveAccessibleDescription(
    "Among the online admins under capacity, those whose skills include the ticket's category take it first; if none of them lists it (or the ticket has no category), any of them can.",
  );
  await user.click(toggle);
  await waitFor(() => expect(toggle).toBeChecked());
  expect(settingsPuts).toEqual([{ useSkills: true }]);

  await user.click(toggle);
  await waitFor(() => expect(toggle).not.toBeChecked());
  expect(settingsPuts).toEqual([{ useSkills: true }, { useSkills: false }]);
});
