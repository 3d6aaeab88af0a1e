/** The skills editor from the keyboard: a pressed chip × or suggestion goes away, the focus must not. */
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { CATEGORIES } from "../../../components/support/ticket-labels";
import SkillsEditor from "./SkillsEditor";

function editor(skills: string[]) {
  render(
    <SkillsEditor
      adminName="Bea"
      skills={skills}
      saving={false}
      onSave={async () => {}}
      onCancel={() => {}}
    />,
  );
  return screen.getByRole("form", { name: "Skills of Bea" });
}

test("when a skill's × is pressed from the keyboard, then the focus goes to the next chip's ×, then the one before, then the field", async () => {
  const user = userEvent.setup();
  const form = editor(["orders", "refunds", "shipping"]);
  within(form).getByRole("button", { name: "Remove refunds" }).focus();
  await user.keyboard("{Enter}");
  expect(within(form).getByRole("button", { name: "Remove shipping" })).toHaveFocus();
  await user.keyboard("{Enter}");
  expect(within(form).getByRole("button", { name: "Remove orders" })).toHaveFocus();
  await user.keyboard(" ");
  expect(within(form).getByRole("textbox", { name: "Add a skill" })).toHaveFocus();
});

test("when a suggested category is added from the keyboard, then the focus goes to the next suggestion, and to the field after the last", async () => {
  const user = userEvent.setup();
  const form = editor([]);
  const group = within(form).getByRole("group", { name: "Suggested categories" });
  const [first, second] = CATEGORIES.map((c) => c.value);
  within(group)
    .getByRole("button", { name: `Add ${first}` })
    .focus();
  await user.keyboard("{Enter}");
  expect(within(group).getByRole("button", { name: `Add ${second}` })).toHaveFocus();
  for (let i = 1; i < CATEGORIES.length; i++) await user.keyboard("{Enter}");
  expect(within(form).queryByRole("group", { name: "Suggested categories" })).not.toBeInTheDocument();
  expect(within(form).getByRole("textbox", { name: "Add a skill" })).toHaveFocus();
  expect(within(form).getByRole("list", { name: "Skills to save" }).children).toHaveLength(CATEGORIES.length);
});
