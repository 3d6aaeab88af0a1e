import { renderRoute } from "../../../test/render";
import Dashboard from "./Dashboard";

function at(path: string) {
  renderRoute(
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
