/** The Saved replies page saving through the real hooks to the (msw) API. */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { CannedResponse } from "@parley/contract";
import { server } from "../../../../test/msw";
import { renderWithClient } from "../../../../test/render";
import CannedResponsesManager from "./CannedResponsesManager";

let posted: unknown[];

beforeEach(() => {
  posted = [];
  server.use(
    http.get("/api/canned-responses", () => HttpResponse.json({ items: [] })),
    http.post("/api/canned-responses", async ({ request }) => {
      const body = (await request.json()) as { title: string; body: string };
      posted.push(body);
      const saved: CannedResponse = {
        id: "00000000-0000-4000-8000-000000000001",
        ...body,
        createdBy: null,
        createdAt: "2026-12-01T00:00:00.000Z",
        updatedAt: "2026-12-01T00:00:00.000Z",
      };
      return HttpResponse.json(saved, { status: 201 });
    }),
  );
});

// Audit F2: "Hello {{customer.name}}" was saved without complaint and later reached a shop as written.
test("when a saved reply uses a placeholder the app does not know, then saving is refused naming it, and editing clears the message", async () => {
  const user = userEvent.setup();
  renderWithClient(<CannedResponsesManager />);
  const form = screen.getByRole("form", { name: "New saved reply" });
  await user.type(within(form).getByRole("textbox", { name: "Title" }), "Customer greeting");
  const text = within(form).getByRole("textbox", { name: "Text" });
  // user-event reads "{{" as a literal "{".
  await user.type(text, "Hello {{{{customer.name}}, from {{{{shop.name}}");
  await user.click(within(form).getByRole("button", { name: "Add saved reply" }));

  const message =
    "Unknown placeholder {{customer.name}}: a saved reply may use only {{shop.name}}, {{ticket.number}}, " +
    "{{ticket.subject}}, {{admin.name}}.";
  expect(within(form).getByRole("alert")).toHaveTextContent(message);
  expect(text).toHaveFocus();
  expect(text).toHaveAttribute("aria-invalid", "true");
  expect(text).toHaveAccessibleDescription(message);
  expect(posted).toEqual([]);

  await user.clear(text);
  expect(within(form).queryByRole("alert")).not.toBeInTheDocument();
  await user.type(text, "Hello {{{{ Shop.Name }}");
  await user.click(within(form).getByRole("button", { name: "Add saved reply" }));
  await waitFor(() =>
    expect(posted).toEqual([{ title: "Customer greeting", body: "Hello {{ Shop.Name }}" }]),
  );
});
