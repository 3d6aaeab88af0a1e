/** The FAQ article form holds back in-app navigation while it has unsaved changes (as the app runs it). */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { Link, Route, Routes } from "react-router";
import type { FaqArticle } from "@parley/contract";
import AdminFaqTab from "./AdminFaqTab";
import { makeArticle } from "../../../../test/fixtures";
import { recordRequests, server } from "../../../../test/msw";
import { renderInDataRouter } from "../../../../test/render";

const article = makeArticle({ question: "How do refunds work?" });

const pages = (
  <Routes>
    <Route
      path="/admin/faq"
      element={
        <>
          <Link to="/admin/replies">Saved replies</Link>
          <AdminFaqTab />
        </>
      }
    />
    <Route path="/admin/replies" element={<h1>Saved replies page</h1>} />
  </Routes>
);

beforeEach(() => {
  let articles = [article];
  server.use(
    http.get("/api/faq/stats", () => HttpResponse.json({ items: [] }, { status: 500 })),
    http.get("/api/faq", () => HttpResponse.json({ items: articles })),
    http.patch("/api/faq/:id", async ({ params, request }) => {
      const changes = (await request.json()) as Partial<FaqArticle>;
      articles = articles.map((a) => (a.id === params.id ? { ...a, ...changes } : a));
      return HttpResponse.json(articles.find((a) => a.id === params.id));
    }),
  );
});

async function editQuestion(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole("button", { name: "Edit “How do refunds work?”" }));
  const form = screen.getByRole("form", { name: "Edit article" });
  const question = within(form).getByRole("textbox", { name: "Question" });
  await user.type(question, " And returns?");
  return { form, question };
}

test("when an article has unsaved edits and a link is followed, then a dialog asks first, and Stay keeps the edits", async () => {
  const user = userEvent.setup();
  const { location } = renderInDataRouter(pages, "/admin/faq");
  const { question } = await editQuestion(user);
  await user.click(screen.getByRole("link", { name: "Saved replies" }));
  expect(
    await screen.findByRole("alertdialog", { name: "Leave without saving?" }),
  ).toHaveAccessibleDescription("This article has changes you have not saved.");
  await user.click(screen.getByRole("button", { name: "Stay" }));
  expect(location().pathname).toBe("/admin/faq");
  expect(question).toHaveValue("How do refunds work? And returns?");
});

test("when the edits were saved, then the form closes and a link leaves at once", async () => {
  const user = userEvent.setup();
  const sent = recordRequests();
  const { location } = renderInDataRouter(pages, "/admin/faq");
  const { form } = await editQuestion(user);
  await user.click(within(form).getByRole("button", { name: "Save changes" }));
  await waitFor(() => expect(screen.queryByRole("form", { name: "Edit article" })).not.toBeInTheDocument());
  expect(sent.some((r) => r.method === "PATCH")).toBe(true);
  await user.click(screen.getByRole("link", { name: "Saved replies" }));
  expect(await screen.findByRole("heading", { name: "Saved replies page" })).toBeInTheDocument();
  expect(location().pathname).toBe("/admin/replies");
  expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
});

test("when a new article form is open but untouched, then a link leaves at once", async () => {
  const user = userEvent.setup();
  renderInDataRouter(pages, "/admin/faq");
  await user.click(await screen.findByRole("button", { name: "New article" }));
  expect(screen.getByRole("form", { name: "New article" })).toBeInTheDocument();
  await user.click(screen.getByRole("link", { name: "Saved replies" }));
  expect(await screen.findByRole("heading", { name: "Saved replies page" })).toBeInTheDocument();
  expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
});
