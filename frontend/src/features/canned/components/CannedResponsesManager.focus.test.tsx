/** Editing a saved reply from the keyboard: the focus follows the form in and comes back out of it. */
import { screen, within } from "@testing-library/react";
import { renderManager, withSavedRepliesServer } from "./CannedResponsesManager.test-helpers";

withSavedRepliesServer();

// jsdom drops the sr-only span's leading space ("EditShipping times"), hence the \s*.
test("when Edit is pressed, then the form's title takes the focus; Cancel and Save hand it back to that reply's Edit", async () => {
  const { user } = renderManager();
  const list = await screen.findByRole("list", { name: "Saved replies" });
  (await within(list).findByRole("button", { name: /^Edit\s*Shipping times$/ })).focus();
  await user.keyboard("{Enter}");
  const form = screen.getByRole("form", { name: "Edit “Shipping times”" });
  expect(within(form).getByRole("textbox", { name: "Title" })).toHaveFocus();

  await user.click(within(form).getByRole("button", { name: "Cancel" }));
  expect(within(list).getByRole("button", { name: /^Edit\s*Shipping times$/ })).toHaveFocus();

  await user.keyboard("{Enter}");
  const again = screen.getByRole("form", { name: "Edit “Shipping times”" });
  await user.type(within(again).getByRole("textbox", { name: "Title" }), " (EU)");
  await user.keyboard("{Enter}");
  expect(await within(list).findByRole("button", { name: /^Edit\s*Shipping times \(EU\)$/ })).toHaveFocus();
});
