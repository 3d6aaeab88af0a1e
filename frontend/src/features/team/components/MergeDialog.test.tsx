import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { server } from "../../../../test/msw";
import { renderWithClient } from "../../../../test/render";
import { makeTicket } from "../../../../test/fixtures";
import MergeDialog from "./MergeDialog";

test("when the merge dialog opens, then focus is in its search box; Escape closes it and focus returns to its button", async () => {
  const user = userEvent.setup();
  const ticket = makeTicket({ number: 7 });
  server.use(http.get("/api/tickets", () => HttpResponse.json({ items: [], nextCursor: null })));
  let outside = 0;
  renderWithClient(
    <div
      onKeyDown={(e) => {
        if (e.key === "Escape") outside++;
      }}
    >
      <MergeDialog ticket={ticket} onMerged={() => {}} />
    </div>,
  );
  await user.click(screen.getByRole("button", { name: "Merge into another ticket…" }));
  const dialog = screen.getByRole("dialog", { name: "Merge ticket" });
  expect(screen.getByRole("searchbox", { name: "Find a ticket of this shop" })).toHaveFocus();
  await user.keyboard("{Escape}");
  expect(dialog).not.toBeInTheDocument();
  await waitFor(() =>
    expect(screen.getByRole("button", { name: "Merge into another ticket…" })).toHaveFocus(),
  );
  // Only the dialog closes: the sheet around it does not see this Escape.
  expect(outside).toBe(0);
});

test("when the admin searches and picks a target, then the dialog says what the merge does and merges into it", async () => {
  const user = userEvent.setup();
  const ticket = makeTicket({ number: 7, shopId: "shop-acme" });
  const target = makeTicket({ number: 3, subject: "Refund missing", shopId: "shop-acme" });
  const other = makeTicket({ number: 4, subject: "Shipping label", shopId: "shop-acme" });
  const searched: Array<string | null> = [];
  let merged: unknown = null;
  server.use(
    http.get("/api/tickets", ({ request }) => {
      const q = new URL(request.url).searchParams.get("q");
      searched.push(q);
      const items = q ? [target] : [target, other];
      return HttpResponse.json({ items, nextCursor: null });
    }),
    http.post(`/api/tickets/${ticket.id}/merge`, async ({ request }) => {
      merged = await request.json();
      return HttpResponse.json(target);
    }),
  );
  const onMerged = vi.fn();
  renderWithClient(<MergeDialog ticket={ticket} onMerged={onMerged} />);
  await user.click(screen.getByRole("button", { name: "Merge into another ticket…" }));
  await user.type(screen.getByRole("searchbox", { name: "Find a ticket of this shop" }), "refund");
  await waitFor(() => expect(searched).toContain("refund"));
  const picker = screen.getByRole("combobox", { name: /Merge #7 into/ });
  await waitFor(() => expect(within(picker).queryByRole("option", { name: /#4 Shipping label/ })).toBeNull());
  expect(screen.getByRole("button", { name: "Merge" })).toBeDisabled();
  await user.selectOptions(picker, target.id);
  expect(
    screen.getByText(/#7 will be closed, and its messages will move to #3\. This cannot be undone\./),
  ).toBeVisible();
  await user.click(screen.getByRole("button", { name: "Merge into #3" }));
  await waitFor(() => expect(onMerged).toHaveBeenCalledWith(target.id));
  expect(merged).toEqual({ intoTicketId: target.id });
});
