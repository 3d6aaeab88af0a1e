import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import AdminFAQTab from "./AdminFAQTab";
import { makeArticle, mockFetch, renderWithClient } from "../../faq/faq-test-utils";
import type { FaqArticle } from "../../../services/api/faq";

afterEach(() => vi.unstubAllGlobals());

const STATS = {
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

function backend(initial: FaqArticle[]) {
  let articles = [...initial];
  const calls = mockFetch((c) => {
    if (c.path === "/api/faq/stats") return { body: STATS };
    if (c.path === "/api/faq" && c.method === "GET") return { body: { items: articles } };
    if (c.path === "/api/faq" && c.method === "POST") {
      const created = makeArticle(c.body as Partial<FaqArticle>);
      articles = [...articles, created];
      return { status: 201, body: created };
    }
    if (c.path === "/api/faq/reorder") {
      const ids = (c.body as { ids: string[] }).ids;
      articles = ids.map((id) => articles.find((a) => a.id === id)!);
      return { status: 204 };
    }
    const match = /^\/api\/faq\/([^/]+)$/.exec(c.path);
    if (match && c.method === "PATCH") {
      articles = articles.map((a) => (a.id === match[1] ? { ...a, ...(c.body as object) } : a));
      return { body: articles.find((a) => a.id === match[1]) };
    }
    if (match && c.method === "DELETE") {
      articles = articles.filter((a) => a.id !== match[1]);
      return { status: 204 };
    }
    return undefined;
  });
  return calls;
}

const rows = () =>
  within(screen.getByRole("list", { name: "Articles in reading order" }))
    .getAllByRole("listitem")
    .map((li) => li.querySelector("p")!.textContent);

test("when the tab opens, then it shows the stats and every article, drafts included", async () => {
  const calls = backend([
    makeArticle({ question: "Live one?" }),
    makeArticle({ question: "Draft one?", published: false }),
  ]);
  renderWithClient(<AdminFAQTab />);
  expect(await screen.findByText("25%")).toBeInTheDocument();
  expect(screen.getByText("crypto payouts")).toBeInTheDocument();
  expect(await screen.findByText("Draft one?")).toBeInTheDocument();
  expect(screen.getByText("Draft")).toBeInTheDocument();
  expect(calls.find((c) => c.path === "/api/faq")!.query.get("includeUnpublished")).toBe("true");
});

test("when an admin creates an article, then it is sent and appears in the list", async () => {
  const calls = backend([makeArticle({ question: "Existing?" })]);
  renderWithClient(<AdminFAQTab />);
  await screen.findByText("Existing?");
  await userEvent.click(screen.getByRole("button", { name: "New article" }));
  const form = screen.getByRole("form", { name: "New article" });
  await userEvent.click(within(form).getByRole("button", { name: "Create article" }));
  expect(within(form).getByLabelText("Question")).toHaveAccessibleDescription("Write the question.");

  await userEvent.selectOptions(within(form).getByLabelText("Audience"), "Shops");
  await userEvent.type(within(form).getByLabelText("Category"), "Payouts");
  await userEvent.type(within(form).getByLabelText("Question"), "Can I get paid daily?");
  await userEvent.type(within(form).getByLabelText("Answer (Markdown)"), "Not **yet**.");
  expect(within(form).getByLabelText("Answer preview").querySelector("strong")).toHaveTextContent("yet");
  await userEvent.click(within(form).getByRole("button", { name: "Create article" }));

  expect(await screen.findByText("Can I get paid daily?")).toBeInTheDocument();
  expect(calls.find((c) => c.method === "POST" && c.path === "/api/faq")!.body).toEqual({
    audience: "shop",
    category: "Payouts",
    question: "Can I get paid daily?",
    answer: "Not **yet**.",
    published: true,
  });
});

test("when an admin moves an article down, publishes a draft and deletes one, then each is sent", async () => {
  const a = makeArticle({ question: "Alpha?" });
  const b = makeArticle({ question: "Bravo?", published: false });
  const c = makeArticle({ question: "Charlie?" });
  const calls = backend([a, b, c]);
  renderWithClient(<AdminFAQTab />);
  await screen.findByText("Alpha?");

  await userEvent.click(screen.getByRole("button", { name: "Move “Alpha?” down" }));
  await waitFor(() => expect(rows()).toEqual(["Bravo?", "Alpha?", "Charlie?"]));
  expect(calls.find((x) => x.path === "/api/faq/reorder")!.body).toEqual({ ids: [b.id, a.id, c.id] });

  await userEvent.click(screen.getByRole("button", { name: "Publish “Bravo?”" }));
  expect(await screen.findByRole("button", { name: "Unpublish “Bravo?”" })).toBeInTheDocument();
  expect(calls.find((x) => x.method === "PATCH")!.body).toEqual({ published: true });

  await userEvent.click(screen.getByRole("button", { name: "Delete “Charlie?”" }));
  expect(calls.some((x) => x.method === "DELETE")).toBe(false);
  await userEvent.click(screen.getByRole("button", { name: "Yes, delete “Charlie?”" }));
  await waitFor(() => expect(rows()).toEqual(["Bravo?", "Alpha?"]));
});

test("when the articles cannot be loaded, then an error with a retry is shown", async () => {
  mockFetch((c) =>
    c.path === "/api/faq/stats"
      ? { body: STATS }
      : { status: 500, body: { error: { code: "INTERNAL", message: "x" } } },
  );
  renderWithClient(<AdminFAQTab />);
  expect(await screen.findByText("The articles could not be loaded.")).toBeInTheDocument();
});
