import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { QueryClientProvider } from "@tanstack/react-query";
import { http, HttpResponse } from "msw";
import { z } from "zod";
import { server } from "../../../../test/msw";
import { testQueryClient } from "../../../../test/render";
import { request, setToken } from "../../../services/api/client";
import {
  claimDrafts,
  NEW_TICKET_DRAFT_KEY,
  outboxDraftKey,
  readDraft,
  replyDraftKey,
  writeDraft,
} from "../../messages/drafts";
import { useSession } from "../hooks/useSession";
import SessionProvider from "./SessionProvider";

const ada = { id: "ada", role: "admin" as const, shopId: null, name: "Ada" };
const bea = { id: "bea", role: "admin" as const, shopId: null, name: "Bea" };

/** What a reply box would show for ticket t1, read while rendering (as ChatInput does). */
function Probe() {
  const session = useSession();
  return (
    <div>
      <output aria-label="who">{session.user?.name ?? "nobody"}</output>
      <output aria-label="why">{session.endedReason ?? ""}</output>
      <output aria-label="reply draft">{readDraft<string>(replyDraftKey("t1", false)) ?? ""}</output>
      <button type="button" onClick={session.logout}>
        Sign out
      </button>
      <button type="button" onClick={() => void session.login("bea@example.test", "pw")}>
        Sign in as Bea
      </button>
    </div>
  );
}

function renderSignedIn(user: typeof ada | null) {
  if (user) {
    setToken("t0k3n");
    localStorage.setItem("parley.user", JSON.stringify(user));
  }
  return render(
    <QueryClientProvider client={testQueryClient()}>
      <MemoryRouter>
        <SessionProvider realtime={false}>
          <Probe />
        </SessionProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

/** Ada's work in progress, as her reply box, note box, new-ticket form and outbox leave it. */
function adaWrites() {
  claimDrafts("ada");
  writeDraft(replyDraftKey("t1", false), "Ada's half-written reply");
  writeDraft(replyDraftKey("t1", true), "Ada's note");
  writeDraft(NEW_TICKET_DRAFT_KEY, { subject: "Ada's ticket", message: "" });
  writeDraft(outboxDraftKey("t1"), [{ clientMessageId: "c1", body: "Ada's queued reply" }]);
}

const draftKeys = () =>
  Object.keys(localStorage).filter((k) => k.startsWith("parley:draft:") || k.startsWith("parley:outbox:"));

afterEach(() => {
  localStorage.clear();
  setToken(null);
  claimDrafts(null);
});

test("when the same user reloads, then the drafts are there again", () => {
  adaWrites();
  claimDrafts(null); // the page is gone
  renderSignedIn(ada);
  expect(screen.getByRole("status", { name: "reply draft" })).toHaveTextContent("Ada's half-written reply");
  expect(draftKeys()).toHaveLength(4);
});

test("when Ada signs out and Bea signs in on the same browser, then Bea sees none of Ada's drafts and none is left in storage", async () => {
  const user = userEvent.setup();
  server.use(
    http.post("/api/auth/login", () =>
      HttpResponse.json({ token: "b3a", user: { ...bea, email: "bea@example.test" } }),
    ),
  );
  renderSignedIn(ada);
  adaWrites();
  await user.click(screen.getByRole("button", { name: "Sign out" }));
  expect(draftKeys()).toEqual([]);

  await user.click(screen.getByRole("button", { name: "Sign in as Bea" }));
  await waitFor(() => expect(screen.getByRole("status", { name: "who" })).toHaveTextContent("Bea"));
  expect(screen.getByRole("status", { name: "reply draft" })).toHaveTextContent("");
  expect(readDraft(NEW_TICKET_DRAFT_KEY)).toBeNull();
  expect(readDraft(outboxDraftKey("t1"))).toBeNull();
});

test("when Ada's session expired and Bea signs in next, then Ada's drafts and queued replies are deleted, not shown", () => {
  adaWrites();
  claimDrafts(null);
  // Drafts from before they were per user: nobody knows whose they are.
  localStorage.setItem("parley:draft:reply:t1", JSON.stringify("Unowned old draft"));
  localStorage.setItem("parley:outbox:t1", JSON.stringify([{ clientMessageId: "c0", body: "Old" }]));
  renderSignedIn(bea);
  expect(screen.getByRole("status", { name: "reply draft" })).toHaveTextContent("");
  expect(draftKeys()).toEqual([]);
});

test("when the server answers 401 because the account was deactivated, then the sign-in page says so, not that the session expired", async () => {
  renderSignedIn(ada);
  server.use(
    http.get("/api/tickets", () =>
      HttpResponse.json(
        { error: { code: "UNAUTHENTICATED", message: "This account has been deactivated." } },
        { status: 401 },
      ),
    ),
  );
  await request(z.unknown(), "/api/tickets").catch(() => undefined);
  await waitFor(() => expect(screen.getByRole("status", { name: "who" })).toHaveTextContent("nobody"));
  expect(screen.getByRole("status", { name: "why" })).toHaveTextContent("deactivated by an administrator");
});
