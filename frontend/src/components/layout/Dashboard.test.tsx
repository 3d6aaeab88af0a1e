import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderRoute } from "../../../test/render";
import Dashboard from "./Dashboard";

function at(path: string) {
  return renderRoute(
    <Dashboard
      base="/admin"
      title="Admin"
      documentTitle="Admin support queue"
      support={<p>queue</p>}
      faq={<p>faq</p>}
      faqWidth="max-w-5xl"
      extra={[{ path: "analytics", label: "Analytics", element: <p>charts</p> }]}
    />,
    path,
    { as: { id: "a1", role: "admin", name: "Ada" }, route: "/admin/*" },
  );
}

test.each([
  ["/admin", "Admin support queue · Parley"],
  ["/admin/faq", "FAQ · Admin · Parley"],
  ["/admin/analytics", "Analytics · Admin · Parley"],
])("when %s is open, then the tab is titled %s", (path, title) => {
  at(path);
  expect(document.title).toBe(title);
});

test.each(["/admin/canned", "/admin/analytics/extra"])(
  "when %s names no section, then the frame says the page is not found, with a link back to Support",
  async (path) => {
    const user = userEvent.setup();
    const { location } = at(path);
    expect(screen.getByRole("heading", { name: "Page not found" })).toBeInTheDocument();
    expect(document.title).toBe("Page not found · Admin · Parley");
    // The frame stays: its navigation is there too.
    expect(screen.getByRole("navigation", { name: "Sections" })).toBeInTheDocument();

    await user.click(screen.getByRole("link", { name: "Back to Support" }));
    expect(location().pathname).toBe("/admin");
    expect(screen.getByText("queue")).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Page not found" })).not.toBeInTheDocument();
  },
);
