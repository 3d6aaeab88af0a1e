/**
 * The frame turns compact (header hidden: `compact:hidden`) only while an on-screen keyboard is up. jsdom
 * applies no CSS, so these read the frame's `data-compact`, which drives the variant (index.css).
 */
import { act, screen } from "@testing-library/react";
import { renderRoute } from "../../../test/render";
import AppShell from "./AppShell";

const saved = { width: window.innerWidth, height: window.innerHeight };
afterEach(() => {
  window.innerWidth = saved.width;
  window.innerHeight = saved.height;
});

function renderShell() {
  renderRoute(
    <AppShell title="Admin" tabs={[{ to: "/admin", label: "Support", end: true }]}>
      <textarea aria-label="Reply" />
    </AppShell>,
    "/admin",
    { as: { id: "a1", role: "admin", name: "Ada" } },
  );
}
const frame = () => screen.getByRole("banner").closest("[data-compact]");

test("when a 1280×800 window is zoomed to 200 % (640×400 CSS px), then the header keeps its navigation, Sign out, connection state and heading", async () => {
  window.innerWidth = 640;
  window.innerHeight = 400;
  renderShell();
  const header = screen.getByRole("banner");
  expect(frame()).toHaveAttribute("data-compact", "false");
  expect(screen.getByRole("navigation", { name: "Sections" })).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Sign out" })).toBeInTheDocument();
  expect(screen.getByRole("heading", { level: 1, name: "Admin" })).toBeInTheDocument();
  expect(header).toContainElement(screen.getByRole("button", { name: "Sign out" }));

  // Typing with no keyboard covering anything (a desktop) changes nothing.
  await act(async () => {
    screen.getByRole("textbox", { name: "Reply" }).focus();
    await new Promise((r) => setTimeout(r, 0));
  });
  expect(frame()).toHaveAttribute("data-compact", "false");
});
