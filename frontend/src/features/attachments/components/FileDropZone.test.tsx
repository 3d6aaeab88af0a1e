import { useState } from "react";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { FileDropZone } from "./FileDropZone";

/** A child with state of its own (as the conversation inside the zone has: the reply box, the thread). */
function Child() {
  const [text, setText] = useState("");
  return <input aria-label="Child" value={text} onChange={(e) => setText(e.target.value)} />;
}

test("when the zone stops or starts taking files (a ticket closed, reopened), then what is inside stays mounted, its state and focus with it", async () => {
  const user = userEvent.setup();
  const zone = (disabled: boolean) => (
    <FileDropZone onFiles={() => {}} disabled={disabled}>
      <Child />
      <p>The thread</p>
    </FileDropZone>
  );
  const { rerender } = render(zone(false));
  const input = screen.getByRole("textbox", { name: "Child" });
  await user.type(input, "typed before");

  rerender(zone(true));
  expect(screen.getByRole("textbox", { name: "Child" })).toBe(input);
  expect(input).toHaveValue("typed before");
  expect(input).toHaveFocus();

  rerender(zone(false));
  expect(screen.getByRole("textbox", { name: "Child" })).toBe(input);
});
