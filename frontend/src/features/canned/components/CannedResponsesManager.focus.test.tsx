/** Editing a saved reply from the keyboard: the focus follows the form in and comes back out of it. */
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { CannedResponse } from "@parley/contract";
import { server } from "../../../../test/msw";
import { renderWithClient } from "../../../../test/render";
import CannedResponsesManager from "./CannedResponsesManager";

const reply = (id: string, title: string): CannedResponse => ({
  id,
  title,
  body: `${title} text`,
  createdBy: null,
  createdAt: "2026-12-01T00:00:00.000Z",
  updatedAt: "2026-12-01T00:00:00.000Z",
});

beforeEach(() => {
  const items = [reply("c1", "Refund policy"), reply("c2", "Shipping times")];
  server.use(
    http.get("/api/canned-responses", () => HttpResponse.json({ items })),
    http.patch("/api/canned-responses/:id", async ({ params, request }) => {
      const body = (await request.json()) as { title: string; body: string };
      const i = items.findIndex((c) => c.id === params.id);
      items[i] = { ...items[i]!, ...body };
      return HttpResponse.json(items[i]);
    }),
  );
});

// jsdom drops the sr-only span's leading space ("EditShipping times"), hence the \s*.
test("when Edit is pressed, then the form's title takes the focus; Cancel and Save hand it back to that reply's Edit", async () => {
  const user = userEvent.setup();
  renderWithClient(<CannedResponsesManager />);
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
