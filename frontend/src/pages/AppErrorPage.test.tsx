import { render, screen } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, expect, test, vi } from "vitest";
import AppErrorPage from "./AppErrorPage";

afterEach(() => vi.restoreAllMocks());

function Broken(): never {
  throw new Error("secret internals: column t.foo does not exist");
}

test("when a page throws while rendering, then the app shows a plain error page with a reload, not the error", () => {
  vi.spyOn(console, "error").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
  const router = createMemoryRouter([{ path: "*", element: <Broken />, errorElement: <AppErrorPage /> }], {
    initialEntries: ["/admin"],
  });
  render(<RouterProvider router={router} />);
  expect(screen.getByRole("heading", { name: "Something went wrong" })).toBeTruthy();
  expect(screen.getByRole("button", { name: "Reload the page" })).toBeTruthy();
  expect(screen.getByRole("link", { name: "Go to the start page" }).getAttribute("href")).toBe("/");
  expect(document.body.textContent).not.toContain("secret internals");
});

test("when a page throws after the user followed a link, then the error page names itself in the tab and takes the focus", () => {
  vi.spyOn(console, "error").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
  document.title = "FAQ · Admin · Parley";
  const router = createMemoryRouter([{ path: "*", element: <Broken />, errorElement: <AppErrorPage /> }], {
    initialEntries: ["/admin/faq"],
  });
  render(<RouterProvider router={router} />);
  expect(document.title).toBe("Something went wrong · Parley");
  expect(screen.getByRole("heading", { name: "Something went wrong" })).toHaveFocus();
});
