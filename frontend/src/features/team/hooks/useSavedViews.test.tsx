import type { ReactNode } from "react";
import { renderHook, waitFor } from "@testing-library/react";
import { QueryClientProvider } from "@tanstack/react-query";
import { http, HttpResponse } from "msw";
import type { SavedView } from "@parley/contract";
import { server } from "../../../../test/msw";
import { testQueryClient } from "../../../../test/render";
import { reconnect, serverSends } from "../../../../test/fake-socket";

// The socket service is the one part replaced: the test plays the server's events and reconnects.
vi.mock("../../../services/realtime/socket", async () =>
  (await import("../../../../test/fake-socket")).fakeSocketModule(),
);

const { teamKeys, useSavedViews } = await import("./useTeam");

const view = (id: string, name: string, over: Partial<SavedView> = {}): SavedView => ({
  id,
  name,
  shared: true,
  ownerId: "admin-colleague",
  filters: {},
  count: 0,
  ...over,
});

/** What GET /api/views answers now (the "server" the colleague changes). */
let onServer: SavedView[] = [];
let fetched = 0;

function setup() {
  server.use(
    http.get("/api/views", () => {
      fetched += 1;
      return HttpResponse.json({ items: onServer });
    }),
  );
  const client = testQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  return { client, ...renderHook(() => useSavedViews(), { wrapper }) };
}
const names = (views: SavedView[] | undefined) => (views ?? []).map((v) => v.name);

beforeEach(() => {
  onServer = [];
  fetched = 0;
});

test("when a colleague shares a new view or renames one, then my list shows it without a reload", async () => {
  onServer = [view("v1", "Urgent")];
  const { result } = setup();
  await waitFor(() => expect(names(result.current.data)).toEqual(["Urgent"]));

  onServer = [view("v1", "Urgent billing"), view("v2", "VIP shops")];
  serverSends("view:changed", { id: "v2" });
  await waitFor(() => expect(names(result.current.data)).toEqual(["Urgent billing", "VIP shops"]));
});

test("when a colleague deletes or unshares a view, then it leaves my list at once", async () => {
  onServer = [view("v1", "Urgent"), view("v2", "VIP shops")];
  const { client, result } = setup();
  await waitFor(() => expect(names(result.current.data)).toEqual(["Urgent", "VIP shops"]));

  onServer = [view("v2", "VIP shops")];
  serverSends("view:deleted", { id: "v1" });
  // Gone from the cache before any request answers.
  expect(names(client.getQueryData<SavedView[]>(teamKeys.views))).toEqual(["VIP shops"]);
  await waitFor(() => expect(names(result.current.data)).toEqual(["VIP shops"]));
  // The refetch that follows agrees.
  await waitFor(() => expect(fetched).toBe(2));
  expect(names(result.current.data)).toEqual(["VIP shops"]);
});

test("when the socket comes back after missing changes, then the list is fetched again", async () => {
  onServer = [view("v1", "Urgent")];
  const { result } = setup();
  await waitFor(() => expect(names(result.current.data)).toEqual(["Urgent"]));

  onServer = [];
  await reconnect();
  await waitFor(() => expect(names(result.current.data)).toEqual([]));
});
