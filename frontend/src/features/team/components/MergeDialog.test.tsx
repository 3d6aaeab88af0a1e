import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { server } from "../../../../test/msw";
import { renderWithClient } from "../../../../test/render";
import { makeTicket } from "../../../../test/fixtures";
import MergeDialog from "./MergeDialog";

test("when the merge dialog opens, then focus is in its picker; Escape closes it and focus returns to its button", async () => {
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
  expect(screen.getByRole("combobox", { name: /Merge #7 into/ })).toHaveFocus();
  await user.keyboard("{Escape}");
  expect(dialog).not.toBeInTheDocument();
  await waitFor(() =>
    expect(screen.getByRole("button", { name: "Merge into another ticket…" })).toHaveFocus(),
  );
  // Only the dialog closes: the sheet around it does not see this Escape.
  expect(outside).toBe(0);
});
