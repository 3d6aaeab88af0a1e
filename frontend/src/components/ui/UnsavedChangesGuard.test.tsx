import { useState } from "react";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Link, Route, Routes } from "react-router";
import { renderInDataRouter, renderWithClient } from "../../../test/render";
import UnsavedChangesGuard from "./UnsavedChangesGuard";

/** A one-field form: unsaved while its field holds text. */
function Draft({ name }: { name: string }) {
  const [text, setText] = useState("");
  return (
    <form aria-label={name}>
      <UnsavedChangesGuard dirty={text !== ""} />
      <label>
        {name}
        <input value={text} onChange={(e) => setText(e.target.value)} />
      </label>
    </form>
  );
}

function Page() {
  const [second, setSecond] = useState(false);
  return (
    <>
      <Link to="/elsewhere">Elsewhere</Link>
      <Draft name="First" />
      <button type="button" onClick={() => setSecond(true)}>
        Open a second form
      </button>
      {second && <Draft name="Second" />}
    </>
  );
}

const pages = (
  <Routes>
    <Route path="/here" element={<Page />} />
    <Route path="/elsewhere" element={<h1>Elsewhere</h1>} />
  </Routes>
);

/** Whether a reload or tab close would ask now. */
function reloadAsks() {
  const event = new Event("beforeunload", { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
}

test("when a form has unsaved changes, then reloading or closing the tab asks, and once it is clean it no longer does", async () => {
  const user = userEvent.setup();
  renderInDataRouter(pages, "/here");
  expect(reloadAsks()).toBe(false);
  const field = screen.getByRole("textbox", { name: "First" });
  await user.type(field, "x");
  expect(reloadAsks()).toBe(true);
  await user.clear(field);
  expect(reloadAsks()).toBe(false);
});

// A router consults only its latest blocker: a clean form mounted after a dirty one must not let it go.
test("when a clean form opens after a dirty one, then leaving still asks", async () => {
  const user = userEvent.setup();
  renderInDataRouter(pages, "/here");
  await user.type(screen.getByRole("textbox", { name: "First" }), "x");
  await user.click(screen.getByRole("button", { name: "Open a second form" }));
  expect(screen.getByRole("textbox", { name: "Second" })).toHaveValue("");
  await user.click(screen.getByRole("link", { name: "Elsewhere" }));
  expect(
    await screen.findByRole("alertdialog", { name: "Leave without saving?" }),
  ).toHaveAccessibleDescription("Your changes have not been saved. If you leave this page, they are lost.");
});

test("when there is no data router (a plain MemoryRouter), then the form still works and reloading still asks", async () => {
  const user = userEvent.setup();
  renderWithClient(<Draft name="First" />);
  await user.type(screen.getByRole("textbox", { name: "First" }), "x");
  expect(screen.getByRole("textbox", { name: "First" })).toHaveValue("x");
  expect(reloadAsks()).toBe(true);
});
