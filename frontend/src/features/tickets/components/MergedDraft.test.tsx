import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { makeTicket } from "../../../../test/fixtures";
import { server } from "../../../../test/msw";
import { renderWithClient } from "../../../../test/render";
import { readDraft, replyDraftKey, writeDraft } from "../../messages/drafts";
import { MergedDraft } from "./MergedDraft";

const target = makeTicket({ id: "22222222-2222-4222-8222-222222222222", number: 187 });
const SOURCE = "11111111-1111-4111-8111-111111111111";

beforeEach(() => {
  server.use(http.get(`/api/tickets/${target.id}`, () => HttpResponse.json(target)));
});
afterEach(() => localStorage.clear());

test("when the ticket is merged under an agent with an unsent reply, then the words stay on screen and go to the target on request, after the target's own draft", async () => {
  const user = userEvent.setup();
  writeDraft(replyDraftKey(SOURCE, false), "Bea's careful answer about the shipping label");
  writeDraft(replyDraftKey(SOURCE, true), "Note: label reprinted");
  writeDraft(replyDraftKey(target.id, false), "Already waiting on #187");
  const onOpen = vi.fn();
  renderWithClient(<MergedDraft ticketId={SOURCE} targetId={target.id} onOpen={onOpen} />);

  const panel = screen.getByRole("region", { name: "Your unsent draft" });
  expect(panel).toHaveTextContent("Bea's careful answer about the shipping label");
  expect(panel).toHaveTextContent("Note: label reprinted");
  await user.click(await screen.findByRole("button", { name: "Open #187 with my draft" }));

  expect(onOpen).toHaveBeenCalledWith(target.id);
  expect(readDraft(replyDraftKey(target.id, false))).toBe(
    "Already waiting on #187\n\nBea's careful answer about the shipping label",
  );
  expect(readDraft(replyDraftKey(target.id, true))).toBe("Note: label reprinted");
  expect(readDraft(replyDraftKey(SOURCE, false))).toBeNull();
  expect(readDraft(replyDraftKey(SOURCE, true))).toBeNull();
});

test("when the merged ticket had no draft, then nothing is shown", () => {
  const { container } = renderWithClient(
    <MergedDraft ticketId={SOURCE} targetId={target.id} onOpen={() => {}} />,
  );
  expect(container).toBeEmptyDOMElement();
});
