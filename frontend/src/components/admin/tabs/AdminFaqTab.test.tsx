import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { FaqArticle, FaqStats } from "@parley/contract";
import AdminFaqTab from "./AdminFaqTab";
import { makeArticle } from "../../../../test/fixtures";
import { recordRequests, server } from "../../../../test/msw";
import { renderWithClient } from "../../../../test/render";

const STATS: FaqStats = {
  since: null,
  deflection: {
    sessions: 8,
    deflected: 2,
    filed: 5,
    rate: 0.25,
    definition: "A session is one new-ticket form.",
  },
  zeroResultSearches: [{ query: "crypto payouts", count: 4, lastSearchedAt: new Date().toISOString() }],
  leastHelpful: [],
};

/** A small in-memory FAQ behind msw, as the admin endpoints answer. */
function backend(initial: FaqArticle[]) {
  let articles = [...initial];
  server.use(
    http.get("/api/faq/stats", () => HttpResponse.json(STATS)),
    http.get("/api/faq", () => HttpResponse.json({ items: articles })),
    http.post("/api/faq", async ({ request }) => {
      const created = makeArticle((await request.json()) as Partial<FaqArticle>);
      articles = [...articles, created];
      return HttpResponse.json(created, { status: 201 });
    }),
    http.post("/api/faq/reorder", async ({ request }) => {
      const { ids } = (await request.json()) as { ids: string[] };
      articles = ids.map((id) => articles.find((a) => a.id === id)!);
      return new HttpResponse(null, { status: 204 });
    }),
    http.patch("/api/faq/:id", async ({ params, request }) => {
      const changes = (await request.json()) as Partial<FaqArticle>;
      articles = articles.map((a) => (a.id === params.id ? { ...a, ...changes } : a));
      return HttpResponse.json(articles.find((a) => a.id === params.id));
    }),
    http.delete("/api/faq/:id", ({ params }) => {
      articles = articles.filter((a) => a.id !== params.id);
      return new HttpResponse(null, { status: 204 });
    }),
  );
  return recordRequests();
}

const rows = () =>
  within(screen.getByRole("list", { name: "Articles in reading order" }))
    .getAllByRole("listitem")
    .map((li) => li.querySelector("p")!.textContent);

test("when the tab opens, then it shows the stats and every article, drafts included", async () => {
  const sent = backend([
    makeArticle({ question: "Live one?" }),
    makeArticle({ question: "Draft one?", published: false }),
  ]);
  renderWithClient(<AdminFaqTab />);
  expect(await screen.findByText("25%")).toBeInTheDocument();
  expect(screen.getByText("crypto payouts")).toBeInTheDocument();
  expect(await screen.findByText("Draft one?")).toBeInTheDocument();
  expect(screen.getByText("Draft")).toBeInTheDocument();
  expect(sent.find((c) => c.path === "/api/faq")!.query.get("includeUnpublished")).toBe("true");
});

test("when an admin creates an article, then it is sent and appears in the list", async () => {
  const user = userEvent.setup();
  const sent = backend([makeArticle({ question: "Existing?" })]);
  renderWithClient(<AdminFaqTab />);
  await screen.findByText("Existing?");
  await user.click(screen.getByRole("button", { name: "New article" }));
  const form = screen.getByRole("form", { name: "New article" });
  await user.click(within(form).getByRole("button", { name: "Create article" }));
  await waitFor(() =>
    expect(within(form).getByLabelText("Question")).toHaveAccessibleDescription("Write the question."),
  );

  await user.selectOptions(within(form).getByLabelText("Audience"), "Shops");
  // Long input is pasted, not typed key by key: the test must not depend on how fast the machine types.
  await user.click(within(form).getByLabelText("Category"));
  await user.paste("Payouts");
  await user.click(within(form).getByLabelText("Question"));
  await user.paste("Can I get paid daily?");
  fireEvent.change(within(form).getByLabelText("Answer (Markdown)"), { target: { value: "Not **yet**." } });
  expect(within(form).getByLabelText("Answer preview").querySelector("strong")).toHaveTextContent("yet");
  await user.click(within(form).getByRole("button", { name: "Create article" }));

  expect(await screen.findByText("Can I get paid daily?")).toBeInTheDocument();
  expect(sent.find((c) => c.method === "POST" && c.path === "/api/faq")!.body).toEqual({
    audience: "shop",
    category: "Payouts",
    question: "Can I get paid daily?",
    answer: "Not **yet**.",
    published: true,
  });
});

test("when an admin moves an article down, publishes a draft and deletes one, then each is sent", async () => {
  const user = userEvent.setup();
  const a = makeArticle({ question: "Alpha?" });
  const b = makeArticle({ question: "Bravo?", published: false });
  const c = makeArticle({ question: "Charlie?" });
  const sent = backend([a, b, c]);
  renderWithClient(<AdminFaqTab />);
  await screen.findByText("Alpha?");

  await user.click(screen.getByRole("button", { name: "Move “Alpha?” down" }));
  await waitFor(() => expect(rows()).toEqual(["Bravo?", "Alpha?", "Charlie?"]));
  await waitFor(() =>
    expect(sent.find((x) => x.path === "/api/faq/reorder")?.body).toEqual({ ids: [b.id, a.id, c.id] }),
  );

  await user.click(screen.getByRole("button", { name: "Publish “Bravo?”" }));
  expect(await screen.findByRole("button", { name: "Unpublish “Bravo?”" })).toBeInTheDocument();
  expect(sent.find((x) => x.method === "PATCH")!.body).toEqual({ published: true });

  await user.click(screen.getByRole("button", { name: "Delete “Charlie?”" }));
  expect(sent.some((x) => x.method === "DELETE")).toBe(false);
  await user.click(screen.getByRole("button", { name: "Yes, delete “Charlie?”" }));
  await waitFor(() => expect(rows()).toEqual(["Bravo?", "Alpha?"]));
});

test("when a change fails, then the admin is told what failed", async () => {
  const user = userEvent.setup();
  backend([makeArticle({ question: "Alpha?" })]);
  server.use(
    http.delete("/api/faq/:id", () =>
      HttpResponse.json({ error: { code: "INTERNAL", message: "disk full" } }, { status: 500 }),
    ),
  );
  renderWithClient(<AdminFaqTab />);
  await user.click(await screen.findByRole("button", { name: "Delete “Alpha?”" }));
  await user.click(screen.getByRole("button", { name: "Yes, delete “Alpha?”" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("Deleting failed: disk full");
  expect(rows()).toEqual(["Alpha?"]);
});

test("when the articles cannot be loaded, then an error with a retry is shown", async () => {
  server.use(
    http.get("/api/faq/stats", () => HttpResponse.json(STATS)),
    http.get("/api/faq", () =>
      HttpResponse.json({ error: { code: "INTERNAL", message: "x" } }, { status: 500 }),
    ),
  );
  renderWithClient(<AdminFaqTab />);
  expect(await screen.findByText("The articles could not be loaded.")).toBeInTheDocument();
});
