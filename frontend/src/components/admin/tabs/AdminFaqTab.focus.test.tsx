/**
 * Editing an FAQ article from the keyboard: the focus follows the form in and comes back out of it, and
 * follows a moved article.
 */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { FaqArticle } from "@parley/contract";
import AdminFaqTab from "./AdminFaqTab";
import { makeArticle } from "../../../../test/fixtures";
import { server } from "../../../../test/msw";
import { renderWithClient } from "../../../../test/render";

beforeEach(() => {
  let articles = [
    makeArticle({ question: "How do refunds work?" }),
    makeArticle({ question: "Where is my payout?" }),
  ];
  server.use(
    http.get("/api/faq/stats", () =>
      HttpResponse.json({ since: null, deflection: null, zeroResultSearches: [], leastHelpful: [] }),
    ),
    http.get("/api/faq", () => HttpResponse.json({ items: articles })),
    http.patch("/api/faq/:id", async ({ params, request }) => {
      const changes = (await request.json()) as Partial<FaqArticle>;
      articles = articles.map((a) => (a.id === params.id ? { ...a, ...changes } : a));
      return HttpResponse.json(articles.find((a) => a.id === params.id));
    }),
    http.delete("/api/faq/:id", ({ params }) => {
      articles = articles.filter((a) => a.id !== params.id);
      return new HttpResponse(null, { status: 204 });
    }),
    http.post("/api/faq/reorder", async ({ request }) => {
      const { ids } = (await request.json()) as { ids: string[] };
      articles = ids.map((id) => articles.find((a) => a.id === id)!);
      return new HttpResponse(null, { status: 204 });
    }),
  );
});

test("when an article's Edit is pressed, then its form's first field takes the focus; Cancel and Save hand it back to that article's Edit", async () => {
  const user = userEvent.setup();
  renderWithClient(<AdminFaqTab />);
  const edit = await screen.findByRole("button", { name: "Edit “Where is my payout?”" });
  edit.focus();
  await user.keyboard("{Enter}");
  const form = screen.getByRole("form", { name: "Edit article" });
  expect(within(form).getByRole("combobox", { name: "Audience" })).toHaveFocus();

  await user.click(within(form).getByRole("button", { name: "Cancel" }));
  expect(screen.getByRole("button", { name: "Edit “Where is my payout?”" })).toHaveFocus();

  await user.keyboard("{Enter}");
  const again = screen.getByRole("form", { name: "Edit article" });
  await user.type(within(again).getByRole("textbox", { name: "Question" }), " (EU)");
  await user.click(within(again).getByRole("button", { name: /^Save/ }));
  expect(await screen.findByRole("button", { name: "Edit “Where is my payout? (EU)”" })).toHaveFocus();
});

test("when an article is deleted from the keyboard, then the focus goes to Yes, back to Delete on Keep, and to the next article once it is gone", async () => {
  const user = userEvent.setup();
  renderWithClient(<AdminFaqTab />);
  const del = await screen.findByRole("button", { name: "Delete “How do refunds work?”" });
  del.focus();
  await user.keyboard("{Enter}");
  expect(screen.getByRole("button", { name: "Yes, delete “How do refunds work?”" })).toHaveFocus();
  await user.click(screen.getByRole("button", { name: "Keep the article" }));
  expect(screen.getByRole("button", { name: "Delete “How do refunds work?”" })).toHaveFocus();

  await user.keyboard("{Enter}");
  await user.keyboard("{Enter}");
  await waitFor(() =>
    expect(screen.queryByRole("button", { name: "Delete “How do refunds work?”" })).not.toBeInTheDocument(),
  );
  await waitFor(() =>
    expect(screen.getByRole("button", { name: "Delete “Where is my payout?”" })).toHaveFocus(),
  );
});

test("when an article is moved to the bottom and back to the top from the keyboard, then the focus follows it to its other move button", async () => {
  const user = userEvent.setup();
  renderWithClient(<AdminFaqTab />);
  const order = () =>
    within(screen.getByRole("list", { name: "Articles in reading order" }))
      .getAllByRole("listitem")
      .map((li) => li.querySelector("p")?.textContent);
  const down = await screen.findByRole("button", { name: "Move “How do refunds work?” down" });
  down.focus();
  await user.keyboard("{Enter}");
  await waitFor(() => expect(order()).toEqual(["Where is my payout?", "How do refunds work?"]));
  // Last now, its Move down is disabled: its Move up has the focus, so Enter moves it straight back.
  expect(screen.getByRole("button", { name: "Move “How do refunds work?” down" })).toBeDisabled();
  await waitFor(() =>
    expect(screen.getByRole("button", { name: "Move “How do refunds work?” up" })).toHaveFocus(),
  );

  await user.keyboard("{Enter}");
  await waitFor(() => expect(order()).toEqual(["How do refunds work?", "Where is my payout?"]));
  expect(screen.getByRole("button", { name: "Move “How do refunds work?” up" })).toBeDisabled();
  await waitFor(() =>
    expect(screen.getByRole("button", { name: "Move “How do refunds work?” down" })).toHaveFocus(),
  );
});
