/** The sidebar's tag editor saving through the real hook to the (msw) API, as AdminSupportTab wires it. */
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { useState } from "react";
import { makeTicket } from "../../../../test/fixtures";
import { server } from "../../../../test/msw";
import { renderWithClient } from "../../../../test/render";
import { useSetTags } from "../hooks/useTeam";
import TagEditor from "./TagEditor";

const REFUSAL = "Tags are letters, digits, '-', '_', ':' or '.'.";

function Sidebar() {
  const setTags = useSetTags();
  const [tags, setShown] = useState(["vip"]);
  return (
    <TagEditor
      tags={tags}
      busy={setTags.isPending}
      onChange={(next) => setTags.mutateAsync({ id: "t1", tags: next }).then((t) => setShown(t.tags ?? []))}
    />
  );
}

beforeEach(() => {
  server.use(
    http.put("/api/tickets/t1/tags", async ({ request }) => {
      const { tags } = (await request.json()) as { tags: string[] };
      if (tags.some((t) => !/^[\p{L}\p{N}][\p{L}\p{N}_:.-]*$/u.test(t)))
        return HttpResponse.json(
          {
            error: {
              code: "VALIDATION_FAILED",
              message: "The body is invalid.",
              details: [{ path: "tags.1", message: REFUSAL }],
            },
          },
          { status: 400 },
        );
      return HttpResponse.json(makeTicket({ id: "t1", tags }));
    }),
    // The saved tags refresh the queue.
    http.get("/api/*", () => HttpResponse.json({ items: [] })),
  );
});

test("when the server refuses a tag, then the typed text stays and its reason is announced by the field; editing clears it", async () => {
  const user = userEvent.setup();
  renderWithClient(<Sidebar />);
  const field = screen.getByRole("textbox", { name: "Add a tag" });
  await user.type(field, "bad tag!{Enter}");

  const alert = await screen.findByRole("alert");
  expect(alert).toHaveTextContent(REFUSAL);
  expect(field).toHaveValue("bad tag!");
  expect(field).toHaveAccessibleDescription(REFUSAL);
  expect(field).toHaveAttribute("aria-invalid", "true");

  await user.type(field, "{Backspace}");
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  expect(field).not.toHaveAttribute("aria-describedby");
});

test("when a tag is saved, then it joins the chips and the field empties", async () => {
  const user = userEvent.setup();
  renderWithClient(<Sidebar />);
  const field = screen.getByRole("textbox", { name: "Add a tag" });
  await user.type(field, "Billing{Enter}");
  await waitFor(() => expect(screen.getByRole("list", { name: "Tags" })).toHaveTextContent("billing"));
  expect(field).toHaveValue("");
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();
});

test("when a tag has spaces inside, then it is saved with a '-' for them, as the server keeps it", async () => {
  const user = userEvent.setup();
  renderWithClient(<Sidebar />);
  const field = screen.getByRole("textbox", { name: "Add a tag" });
  await user.type(field, "VIP  customer{Enter}");
  await waitFor(() => expect(screen.getByRole("list", { name: "Tags" })).toHaveTextContent("vip-customer"));
  expect(field).toHaveValue("");
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();
});
