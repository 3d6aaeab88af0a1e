/**
 * The queue's team tools against the (msw) API: "Select all matching" counts first and asks before a
 * large change; the bulk bar assigns; saved views keep every filter and the sort, and can be renamed,
 * re-filtered and deleted; a deactivated colleague's shared view can be deleted by any admin.
 */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { Admin, BulkBody, SavedView } from "@parley/contract";
import type { TicketFilters } from "../../tickets/api/tickets";
import { server } from "../../../../test/msw";
import { renderWithClient } from "../../../../test/render";

vi.mock("../../../services/realtime/socket", async () =>
  (await import("../../../../test/fake-socket")).fakeSocketModule(),
);

const { default: QueueTeamTools } = await import("./QueueTeamTools");

const ME = "admin-me";
const admin = (over: Partial<Admin>): Admin => ({
  id: "x",
  email: null,
  name: null,
  active: true,
  online: true,
  invited: false,
  openTickets: 0,
  skills: [],
  ...over,
});
const ADMINS = [
  admin({ id: ME, name: "Ada Admin" }),
  admin({ id: "admin-bea", name: "Bea Agent" }),
  admin({ id: "admin-gone", name: "Gone Agent", active: false }),
];

function api(
  opts: {
    count?: number;
    /** How many tickets the queue's filters match (its "N tickets"). */
    queue?: number;
    views?: SavedView[];
    deletedFirstBySomeoneElse?: boolean;
  } = {},
) {
  let views = opts.views ?? [];
  const calls = {
    listed: 0,
    bulk: [] as BulkBody[],
    counts: [] as unknown[],
    created: [] as unknown[],
    patched: [] as Array<[string, unknown]>,
    deleted: [] as string[],
  };
  server.use(
    http.get("/api/admins", () => HttpResponse.json({ items: ADMINS })),
    http.get("/api/tickets/count", () =>
      HttpResponse.json({ count: opts.queue ?? opts.count ?? 10, capped: false }),
    ),
    http.get("/api/views", () => {
      calls.listed += 1;
      return HttpResponse.json({ items: views });
    }),
    http.post("/api/views", async ({ request }) => {
      const body = (await request.json()) as Pick<SavedView, "name" | "shared" | "filters">;
      calls.created.push(body);
      const view = { ...body, id: `v${views.length + 1}`, ownerId: ME, count: 1 };
      views = [...views, view];
      return HttpResponse.json(view, { status: 201 });
    }),
    http.patch("/api/views/:id", async ({ request, params }) => {
      const patch = (await request.json()) as Partial<SavedView>;
      calls.patched.push([String(params.id), patch]);
      views = views.map((v) => (v.id === params.id ? { ...v, ...patch } : v));
      return HttpResponse.json(views.find((v) => v.id === params.id));
    }),
    http.delete("/api/views/:id", ({ params }) => {
      calls.deleted.push(String(params.id));
      views = views.filter((v) => v.id !== params.id);
      if (opts.deletedFirstBySomeoneElse) {
        return HttpResponse.json(
          { error: { code: "NOT_FOUND", message: "View not found.", requestId: "r1" } },
          { status: 404 },
        );
      }
      return new HttpResponse(null, { status: 204 });
    }),
    http.post("/api/tickets/bulk/count", async ({ request }) => {
      calls.counts.push(((await request.json()) as { filter: unknown }).filter);
      return HttpResponse.json({ count: opts.count ?? 0, max: 50_000 });
    }),
    http.post("/api/tickets/bulk", async ({ request }) => {
      const body = (await request.json()) as BulkBody;
      calls.bulk.push(body);
      return HttpResponse.json({
        jobId: body.jobId ?? "job",
        updated: opts.count ?? body.ids?.length ?? 0,
        skipped: [],
      });
    }),
  );
  return calls;
}

const render = (filters: TicketFilters, props: { onView?: (f: SavedView["filters"]) => void } = {}) =>
  renderWithClient(
    <QueueTeamTools
      filters={filters}
      meId={ME}
      selectedIds={[]}
      onClearSelection={() => {}}
      onView={props.onView ?? (() => {})}
    />,
  );

test("when every matching ticket is chosen, then the bar says how many, and a change to 300 is confirmed first and sent with every queue filter", async () => {
  const user = userEvent.setup();
  const calls = api({ count: 300 });
  render({ status: ["open"], priority: ["urgent"], sla: "breached", shopId: "shop-acme", sort: "due" });
  await user.click(screen.getByRole("button", { name: "Select all matching" }));
  const bar = screen.getByRole("region", { name: "Bulk actions" });
  await waitFor(() => expect(bar).toHaveTextContent("Change all 300 tickets matching these filters"));
  // The count reads the filter the change will send: the SLA and shop filters too, not the sort.
  const filter = { status: ["open"], priority: ["urgent"], sla: "breached", shopId: "shop-acme" };
  expect(calls.counts).toEqual([filter]);

  await user.selectOptions(within(bar).getByRole("combobox", { name: "Status" }), "resolved");
  await user.click(within(bar).getByRole("button", { name: "Apply" }));
  expect(calls.bulk).toEqual([]);
  await user.click(within(bar).getByRole("button", { name: "Change 300 tickets" }));
  await waitFor(() => expect(calls.bulk).toHaveLength(1));
  expect(calls.bulk[0]).toMatchObject({ filter, set: { status: "resolved" } });
  await waitFor(() => expect(within(bar).getByRole("status")).toHaveTextContent("300 updated"));
});

test("when the bulk bar assigns, then active colleagues are offered (not deactivated ones) and the job gets assigneeId", async () => {
  const user = userEvent.setup();
  const calls = api({ count: 2 });
  render({ status: ["open"] });
  await user.click(screen.getByRole("button", { name: "Select all matching" }));
  const bar = screen.getByRole("region", { name: "Bulk actions" });
  const assignee = within(bar).getByRole("combobox", { name: "Assignee" });
  await waitFor(() =>
    expect(within(assignee).getByRole("option", { name: "Bea Agent" })).toBeInTheDocument(),
  );
  expect(within(assignee).queryByRole("option", { name: "Gone Agent" })).toBeNull();
  await waitFor(() => expect(bar).toHaveTextContent("all 2 tickets"));
  await user.selectOptions(assignee, "Bea Agent");
  await user.click(within(bar).getByRole("button", { name: "Apply" }));
  await waitFor(() => expect(calls.bulk).toHaveLength(1));
  expect(calls.bulk[0]!.set).toEqual({ assigneeId: "admin-bea" });
});

test("when a view is saved, then it keeps the SLA filter, the shop and the sort; applied, its chip reads as pressed and gives them all back", async () => {
  const user = userEvent.setup();
  const calls = api();
  const onView = vi.fn();
  const filters: TicketFilters = {
    priority: ["urgent"],
    status: ["open", "in_progress"],
    sla: "breached",
    sort: "due",
  };
  render(filters, { onView });
  await user.click(screen.getByRole("button", { name: "Save view" }));
  const form = screen.getByRole("form", { name: "Save view" });
  expect(form).toHaveTextContent("SLA breached");
  expect(form).toHaveTextContent("Sorted by");
  expect(form).not.toHaveTextContent("not kept");
  await user.type(within(form).getByRole("textbox", { name: "View name" }), "Urgent breached{Enter}");
  await waitFor(() => expect(calls.created).toHaveLength(1));
  expect(calls.created[0]).toEqual({
    name: "Urgent breached",
    shared: false,
    filters: { status: ["open", "in_progress"], priority: ["urgent"], sla: "breached", sort: "due" },
  });
  const chip = await screen.findByRole("button", { name: /^Urgent breached/ });
  expect(chip).toHaveAttribute("aria-pressed", "true");
  await user.click(chip);
  expect(onView).toHaveBeenCalledWith({
    status: ["open", "in_progress"],
    priority: ["urgent"],
    sla: "breached",
    sort: "due",
  });
});

test("when I edit my view, then I can rename it, give it the queue's filters, and delete it after confirming; a colleague's has no Edit", async () => {
  const user = userEvent.setup();
  const mine: SavedView = {
    id: "v-mine",
    name: "Urgent",
    shared: true,
    ownerId: ME,
    filters: { priority: ["urgent"] },
    count: 3,
  };
  const theirs: SavedView = { ...mine, id: "v-theirs", name: "Bea's", ownerId: "admin-bea" };
  const calls = api({ views: [mine, theirs] });
  render({ priority: ["urgent"], sla: "breached", sort: "due" });
  await screen.findByRole("button", { name: /^Bea's/ });
  expect(screen.queryByRole("button", { name: "Edit view Bea's" })).toBeNull();
  // The queue has more filters than the view: its chip is not the one applied.
  expect(screen.getByRole("button", { name: /^Urgent 3/ })).toHaveAttribute("aria-pressed", "false");

  await user.click(screen.getByRole("button", { name: "Edit view Urgent" }));
  let form = screen.getByRole("form", { name: "Edit view Urgent" });
  const name = within(form).getByRole("textbox", { name: "View name" });
  await user.clear(name);
  // Another view's name (in another case) is said, as the Save view form says it.
  await user.type(name, "bea's");
  expect(form).toHaveTextContent("A view called “Bea's” is already in your list.");
  await user.clear(name);
  await user.type(name, "Urgent breached");
  expect(form).not.toHaveTextContent("already in your list");
  await user.click(within(form).getByRole("checkbox", { name: /Use the queue’s current filters/ }));
  await user.click(within(form).getByRole("button", { name: "Save" }));
  await waitFor(() => expect(calls.patched).toHaveLength(1));
  expect(calls.patched[0]).toEqual([
    "v-mine",
    { name: "Urgent breached", filters: { priority: ["urgent"], sla: "breached", sort: "due" } },
  ]);
  await waitFor(() => expect(screen.queryByRole("form", { name: /Edit view/ })).toBeNull());
  expect(await screen.findByRole("button", { name: /^Urgent breached/ })).toHaveAttribute(
    "aria-pressed",
    "true",
  );

  await user.click(screen.getByRole("button", { name: "Edit view Urgent breached" }));
  form = screen.getByRole("form", { name: "Edit view Urgent breached" });
  await user.click(within(form).getByRole("button", { name: "Delete view" }));
  const confirm = within(form).getByRole("group", { name: "Confirm delete" });
  expect(confirm).toHaveTextContent("Delete “Urgent breached”? It goes for the whole team too.");
  await user.click(within(confirm).getByRole("button", { name: "Keep" }));
  expect(calls.deleted).toEqual([]);
  await user.click(within(form).getByRole("button", { name: "Delete view" }));
  await user.click(within(form).getByRole("button", { name: "Yes, delete" }));
  await waitFor(() => expect(calls.deleted).toEqual(["v-mine"]));
  await waitFor(() => expect(screen.queryByRole("button", { name: /^Urgent breached/ })).toBeNull());
  expect(screen.getByRole("status")).toHaveTextContent("Deleted “Urgent breached”");
  expect(screen.getByRole("button", { name: "Save view" })).toHaveFocus();
});

const leftView: SavedView = {
  id: "v-left",
  name: "Old triage",
  shared: true,
  ownerId: "admin-gone",
  filters: { status: ["open"] },
  count: 4,
};
const beasView: SavedView = { ...leftView, id: "v-bea", name: "Bea's", ownerId: "admin-bea" };
const LEFT_DELETE = "Delete view Old triage (shared by Gone Agent, deactivated)";

test("when a shared view's owner is deactivated, then any admin deletes it from the bar by keyboard after confirming; an active colleague's shared view has no Delete", async () => {
  const user = userEvent.setup();
  const calls = api({ views: [beasView, leftView] });
  render({});
  const remove = await screen.findByRole("button", { name: LEFT_DELETE });
  expect(remove).toHaveAttribute("title", "Shared by Gone Agent (deactivated): delete it for the team");
  const chip = screen.getByRole("button", { name: /^Old triage/ });
  expect(chip).toHaveAccessibleName(/^Old triage 4 ?\(shared by Gone Agent, deactivated\)$/);
  expect(chip.title).toMatch(/^Shared by Gone Agent \(deactivated\)\. /);
  expect(screen.getByRole("button", { name: /^Bea's/ })).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: /^Delete view Bea's/ })).toBeNull();
  expect(screen.queryByRole("button", { name: /^Edit view/ })).toBeNull();

  // Tab from the view's chip reaches its Delete; Enter asks first, Escape keeps it.
  chip.focus();
  await user.tab();
  expect(remove).toHaveFocus();
  await user.keyboard("{Enter}");
  let confirm = screen.getByRole("group", { name: "Confirm delete" });
  expect(confirm).toHaveTextContent(
    "Delete “Old triage”, shared by Gone Agent (deactivated)? It goes for the whole team.",
  );
  expect(within(confirm).getByRole("button", { name: "Yes, delete" })).toHaveFocus();
  await user.keyboard("{Escape}");
  expect(screen.queryByRole("group", { name: "Confirm delete" })).toBeNull();
  expect(calls.deleted).toEqual([]);
  expect(remove).toHaveFocus();

  await user.keyboard("{Enter}");
  confirm = screen.getByRole("group", { name: "Confirm delete" });
  expect(within(confirm).getByRole("button", { name: "Yes, delete" })).toHaveFocus();
  await user.keyboard("{Enter}");
  await waitFor(() => expect(calls.deleted).toEqual(["v-left"]));
  await waitFor(() => expect(screen.queryByRole("button", { name: /^Old triage/ })).toBeNull());
  expect(screen.getByRole("button", { name: /^Bea's/ })).toBeInTheDocument();
  expect(screen.getByRole("status")).toHaveTextContent("Deleted “Old triage”");
  expect(screen.getByRole("button", { name: "Save view" })).toHaveFocus();
});

test("when someone else deleted a deactivated colleague's view first, then the bar says so and the list is fetched again", async () => {
  const user = userEvent.setup();
  const calls = api({ views: [leftView], deletedFirstBySomeoneElse: true });
  render({});
  await user.click(await screen.findByRole("button", { name: LEFT_DELETE }));
  const listedBefore = calls.listed;
  await user.click(screen.getByRole("button", { name: "Yes, delete" }));
  expect(await screen.findByRole("alert")).toHaveTextContent(
    "“Old triage” was not deleted: someone else deleted it already, or Gone Agent is active again. The list is refreshed.",
  );
  await waitFor(() => expect(screen.queryByRole("button", { name: /^Old triage/ })).toBeNull());
  expect(calls.listed).toBeGreaterThan(listedBefore);
  expect(screen.queryByRole("group", { name: "Confirm delete" })).toBeNull();
  expect(screen.getByRole("button", { name: "Save view" })).toHaveFocus();
});

test("when Save is pressed with no name, then nothing is sent and the name box takes the focus with its error as its description", async () => {
  const user = userEvent.setup();
  const calls = api();
  render({ status: ["open"] });
  await user.click(screen.getByRole("button", { name: "Save view" }));
  const form = screen.getByRole("form", { name: "Save view" });
  const save = within(form).getByRole("button", { name: "Save" });
  save.focus();
  await user.keyboard("{Enter}");
  const name = within(form).getByRole("textbox", { name: "View name" });
  // Left on Save, a screen reader hears nothing of the error shown under the box.
  expect(name).toHaveFocus();
  expect(name).toHaveAttribute("aria-invalid", "true");
  expect(name).toHaveAccessibleDescription(/Name the view/);
  expect(calls.created).toHaveLength(0);
});

test("when no ticket matches the queue's filters, then Select all matching is not offered", async () => {
  api({ queue: 0 });
  render({ status: ["open"], q: "nothing like this" });
  expect(screen.getByRole("button", { name: "Save view" })).toBeInTheDocument();
  // Gone once the queue's count (0) is in.
  await waitFor(() => expect(screen.queryByRole("button", { name: "Select all matching" })).toBeNull());
});
