/** Saving the queue's filters as a view, from the queue: a small form, Enter saves, Escape cancels. */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { makeTicket } from "../../../../test/fixtures";
import { recordRequests, server } from "../../../../test/msw";
import { adminQueueHandlers } from "../../../../test/handlers";
import { renderRoute } from "../../../../test/render";
import AdminSupportTab from "./AdminSupportTab";

const ME = { id: "admin-me", name: "Me", role: "admin" as const };

function renderQueue(path: string) {
  server.use(...adminQueueHandlers({ tickets: [makeTicket({ subject: "Where is my payout" })] }));
  const sent = recordRequests();
  renderRoute(<AdminSupportTab />, path, { as: ME });
  return sent;
}

test("when a name is typed and Enter pressed, then the current filters are saved as a view that joins the list", async () => {
  const user = userEvent.setup();
  const sent = renderQueue("/admin?status=open&priority=high,urgent&assignee=me&tag=billing&q=refund");
  await screen.findByRole("button", { name: /Where is my payout/ });
  await user.click(screen.getByRole("button", { name: "Save view" }));
  const name = screen.getByRole("textbox", { name: "View name" });
  expect(name).toHaveFocus();
  await user.type(name, "Urgent refunds{Enter}");

  const views = await screen.findByRole("navigation", { name: "Saved views" });
  await within(views).findByRole("button", { name: /^Urgent refunds/ });
  const post = sent.find((r) => r.method === "POST" && r.path === "/api/views")!;
  expect(post.body).toEqual({
    name: "Urgent refunds",
    shared: false,
    filters: {
      status: ["open"],
      priority: ["high", "urgent"],
      assignee: "me",
      tag: "billing",
      q: "refund",
    },
  });
  expect(screen.queryByRole("textbox", { name: "View name" })).not.toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Save view" })).toHaveFocus();
});

test("when the server refuses the view, then its message shows in the form and the name is kept", async () => {
  const user = userEvent.setup();
  renderQueue("/admin");
  server.use(
    http.post("/api/views", () =>
      HttpResponse.json(
        { error: { code: "VALIDATION_FAILED", message: "You already have a view with that name." } },
        { status: 400 },
      ),
    ),
  );
  await screen.findByRole("button", { name: /Where is my payout/ });
  await user.click(screen.getByRole("button", { name: "Save view" }));
  await user.type(screen.getByRole("textbox", { name: "View name" }), "Mine");
  await user.click(screen.getByRole("button", { name: "Save" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("You already have a view with that name.");
  expect(screen.getByRole("textbox", { name: "View name" })).toHaveValue("Mine");
});

test("when Escape is pressed in the form, then nothing is saved and focus returns to Save view", async () => {
  const user = userEvent.setup();
  const sent = renderQueue("/admin");
  await screen.findByRole("button", { name: /Where is my payout/ });
  await user.click(screen.getByRole("button", { name: "Save view" }));
  await user.type(screen.getByRole("textbox", { name: "View name" }), "Draft");
  await user.keyboard("{Escape}");
  expect(screen.queryByRole("textbox", { name: "View name" })).not.toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Save view" })).toHaveFocus();
  expect(sent.some((r) => r.method === "POST")).toBe(false);
});

test("when a name is typed or pasted, then the 80-character limit is said under the box, and reaching it says longer text is cut", async () => {
  const user = userEvent.setup();
  renderQueue("/admin");
  await screen.findByRole("button", { name: /Where is my payout/ });
  await user.click(screen.getByRole("button", { name: "Save view" }));
  const name = screen.getByRole("textbox", { name: "View name" });
  expect(name).toHaveAttribute("maxLength", "80");
  expect(name).toHaveAccessibleDescription("Up to 80 characters.");

  await user.paste("x".repeat(100));
  expect(name).toHaveValue("x".repeat(80));
  expect(name).toHaveAccessibleDescription("80 of 80 characters: the limit; anything longer is cut off.");
});

test("when the name is one a view in the list already has, then the form warns and still saves another on request", async () => {
  const user = userEvent.setup();
  server.use(
    ...adminQueueHandlers({
      tickets: [makeTicket({ subject: "Where is my payout" })],
      views: [{ id: "v1", name: "Urgent refunds", shared: false, ownerId: ME.id, filters: {}, count: 3 }],
    }),
  );
  const sent = recordRequests();
  renderRoute(<AdminSupportTab />, "/admin", { as: ME });
  await screen.findByRole("navigation", { name: "Saved views" });
  await user.click(screen.getByRole("button", { name: "Save view" }));
  const name = screen.getByRole("textbox", { name: "View name" });
  await user.type(name, "urgent Refunds ");
  expect(name).toHaveAccessibleDescription(
    "A view called “Urgent refunds” is already in your list. Save another?",
  );
  expect(name).toHaveAttribute("aria-invalid", "false");

  await user.click(screen.getByRole("button", { name: "Save another" }));
  const views = await screen.findByRole("navigation", { name: "Saved views" });
  await waitFor(() =>
    expect(within(views).getAllByRole("button", { name: /^urgent refunds/i })).toHaveLength(2),
  );
  expect(sent.filter((r) => r.method === "POST" && r.path === "/api/views")).toHaveLength(1);
});
