/**
 * Saved replies from the keyboard (session 40's audit): adding and deleting never leave the focus on
 * <body>, a delete is asked inline and a failed one says so, and a list that failed to load offers Try again.
 */
import { screen, waitFor, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { server } from "../../../../test/msw";
import { renderManager, reply, withSavedRepliesServer } from "./CannedResponsesManager.test-helpers";

const boom = () =>
  HttpResponse.json({ error: { code: "INTERNAL", message: "Boom", requestId: "r" } }, { status: 500 });

const store = withSavedRepliesServer();

// jsdom drops the sr-only span's leading space ("DeleteRefund policy"), hence the \s*.
const button = (list: HTMLElement, name: RegExp) => within(list).getByRole("button", { name });

test("when a reply is added with Enter, then the fresh form's title has the focus and the add is announced", async () => {
  const { user } = renderManager();
  const form = screen.getByRole("form", { name: "New saved reply" });
  await user.type(within(form).getByRole("textbox", { name: "Title" }), "Welcome");
  await user.type(within(form).getByRole("textbox", { name: "Text" }), "Hello there");
  within(form).getByRole("button", { name: "Add saved reply" }).focus();
  await user.keyboard("{Enter}");
  const list = await screen.findByRole("list", { name: "Saved replies" });
  await within(list).findByRole("heading", { name: "Welcome" });
  const fresh = screen.getByRole("form", { name: "New saved reply" });
  await waitFor(() => expect(within(fresh).getByRole("textbox", { name: "Title" })).toHaveFocus());
  expect(within(fresh).getByRole("textbox", { name: "Title" })).toHaveValue("");
  expect(screen.getByText("Added “Welcome”.")).toBeInTheDocument();
});

test("when Delete is pressed, then it asks inline; Keep hands the focus back, Yes deletes and the focus goes to the next reply", async () => {
  const confirm = vi.spyOn(window, "confirm");
  const { user } = renderManager();
  const list = await screen.findByRole("list", { name: "Saved replies" });
  (await within(list).findByRole("button", { name: /^Delete\s*Refund policy$/ })).focus();
  await user.keyboard("{Enter}");
  const question = within(list).getByRole("group", { name: "Confirm delete" });
  expect(question).toHaveTextContent("Delete “Refund policy”?");
  expect(within(question).getByRole("button", { name: "Yes, delete" })).toHaveFocus();

  await user.click(within(question).getByRole("button", { name: "Keep" }));
  await waitFor(() => expect(button(list, /^Delete\s*Refund policy$/)).toHaveFocus());

  await user.keyboard("{Enter}");
  await user.keyboard("{Enter}"); // Yes, delete
  await waitFor(() =>
    expect(within(list).queryByRole("heading", { name: "Refund policy" })).not.toBeInTheDocument(),
  );
  await waitFor(() => expect(button(list, /^Edit\s*Shipping times$/)).toHaveFocus());
  expect(screen.getByText("Deleted “Refund policy”.")).toBeInTheDocument();
  expect(confirm).not.toHaveBeenCalled();
  confirm.mockRestore();
});

test("when the last reply is deleted, then the focus goes to the new-reply form's title", async () => {
  store.items = [reply("c1", "Only one")];
  const { user } = renderManager();
  const list = await screen.findByRole("list", { name: "Saved replies" });
  (await within(list).findByRole("button", { name: /^Delete\s*Only one$/ })).focus();
  await user.keyboard("{Enter}");
  await user.keyboard("{Enter}");
  const form = screen.getByRole("form", { name: "New saved reply" });
  await waitFor(() => expect(within(form).getByRole("textbox", { name: "Title" })).toHaveFocus());
});

test("when a delete fails, then it says so beside the question and the focus stays on Yes, delete", async () => {
  server.use(http.delete("/api/canned-responses/:id", boom));
  const { user } = renderManager();
  const list = await screen.findByRole("list", { name: "Saved replies" });
  (await within(list).findByRole("button", { name: /^Delete\s*Refund policy$/ })).focus();
  await user.keyboard("{Enter}");
  await user.keyboard("{Enter}");
  expect(await within(list).findByRole("alert")).toHaveTextContent("“Refund policy” could not be deleted");
  expect(within(list).getByRole("button", { name: "Yes, delete" })).toHaveFocus();
  expect(within(list).getByRole("heading", { name: "Refund policy" })).toBeInTheDocument();
});

test("when the list fails to load, then it says so with Try again, which loads it", async () => {
  let fail = true;
  server.use(
    http.get("/api/canned-responses", () => (fail ? boom() : HttpResponse.json({ items: store.items }))),
  );
  const { user } = renderManager();
  const alert = await screen.findByRole("alert");
  expect(alert).toHaveTextContent("The saved replies could not be loaded.");
  fail = false;
  await user.click(within(alert).getByRole("button", { name: "Try again" }));
  const list = await screen.findByRole("list", { name: "Saved replies" });
  expect(await within(list).findByRole("heading", { name: "Refund policy" })).toBeInTheDocument();
});
