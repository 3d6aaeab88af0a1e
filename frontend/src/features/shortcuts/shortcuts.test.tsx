import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { isSendAndResolveKey, shortcutFor, stepTicket } from "./shortcuts";
import { useShortcuts } from "./useShortcuts";
import ShortcutsDialog from "./ShortcutsDialog";

test("when j/k step through tickets, then they stop at the ends and start at the first", () => {
  const ids = ["a", "b", "c"];
  expect(stepTicket(ids, null, 1)).toBe("a");
  expect(stepTicket(ids, "a", 1)).toBe("b");
  expect(stepTicket(ids, "c", 1)).toBe("c");
  expect(stepTicket(ids, "a", -1)).toBe("a");
  expect(stepTicket([], null, 1)).toBeNull();
});

test("when a modifier is held, then no shortcut fires", () => {
  const base = { ctrlKey: false, metaKey: false, altKey: false, isComposing: false, target: document.body };
  expect(shortcutFor({ ...base, key: "j" })).toBe("next");
  expect(shortcutFor({ ...base, key: "j", ctrlKey: true })).toBeNull();
  expect(shortcutFor({ ...base, key: "x" })).toBe("toggleSelect");
  expect(shortcutFor({ ...base, key: "q" })).toBeNull();
});

function Harness() {
  const [log, setLog] = useState<string[]>([]);
  const add = (s: string) => () => setLog((l) => [...l, s]);
  useShortcuts({
    next: add("next"),
    reply: add("reply"),
    assignMe: add("assignMe"),
    resolve: add("resolve"),
    search: add("search"),
  });
  return (
    <>
      <input aria-label="Field" />
      <textarea aria-label="Box" />
      <button type="button">Button</button>
      <output aria-label="Log">{log.join(",")}</output>
    </>
  );
}

test("when keys are pressed on the page, then shortcuts fire; while typing in a field, never", async () => {
  render(<Harness />);
  await userEvent.click(screen.getByRole("button", { name: "Button" }));
  await userEvent.keyboard("jrae/");
  expect(screen.getByLabelText("Log")).toHaveTextContent("next,reply,assignMe,resolve,search");

  await userEvent.click(screen.getByRole("textbox", { name: "Field" }));
  await userEvent.keyboard("jrae");
  await userEvent.click(screen.getByRole("textbox", { name: "Box" }));
  await userEvent.keyboard("jrae/");
  expect(screen.getByLabelText("Log")).toHaveTextContent(/^next,reply,assignMe,resolve,search$/);
  expect(screen.getByRole("textbox", { name: "Box" })).toHaveValue("jrae/");
});

test("when Ctrl or Cmd goes with Shift+Enter, then it is send-and-resolve; with Alt, without Shift or while composing, never", () => {
  const base = {
    key: "Enter",
    shiftKey: true,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    isComposing: false,
  };
  expect(isSendAndResolveKey({ ...base, ctrlKey: true })).toBe(true);
  expect(isSendAndResolveKey({ ...base, metaKey: true })).toBe(true);
  expect(isSendAndResolveKey(base)).toBe(false);
  expect(isSendAndResolveKey({ ...base, ctrlKey: true, shiftKey: false })).toBe(false);
  expect(isSendAndResolveKey({ ...base, ctrlKey: true, altKey: true })).toBe(false);
  expect(isSendAndResolveKey({ ...base, ctrlKey: true, isComposing: true })).toBe(false);
  // A page shortcut it is not: it belongs to the reply box.
  expect(shortcutFor({ ...base, ctrlKey: true, target: document.body })).toBeNull();
});

test("when the ? dialog opens, then it lists the reply box's send-and-resolve keys", () => {
  render(<ShortcutsDialog open onClose={() => {}} />);
  const dialog = screen.getByRole("dialog", { name: "Keyboard shortcuts" });
  expect(dialog).toHaveTextContent("Ctrl+Shift+Enter");
  expect(dialog).toHaveTextContent("In the reply box: send the reply and resolve the ticket");
});
