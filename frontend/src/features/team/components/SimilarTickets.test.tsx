import { screen, waitFor } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { similarTicketsQuerySchema } from "@parley/contract";
import { makeTicket } from "../../../../test/fixtures";
import { server } from "../../../../test/msw";
import { renderWithClient } from "../../../../test/render";
import SimilarTickets from "./SimilarTickets";

const match = makeTicket({ subject: "Payout for October is missing" });

/** The server's rule for `q` is the contract's: a query it would refuse gets its 400 here too. */
function serverAnswering() {
  const asked: string[] = [];
  server.use(
    http.get("/api/tickets/similar", ({ request }) => {
      const q = new URL(request.url).searchParams.get("q") ?? "";
      asked.push(q);
      if (!similarTicketsQuerySchema.safeParse({ q }).success)
        return HttpResponse.json({ error: { code: "VALIDATION_FAILED", message: "Bad q" } }, { status: 400 });
      return HttpResponse.json({ items: [match] });
    }),
  );
  return asked;
}

test("when the draft is longer than the server takes, then its start is asked for and the hint still shows", async () => {
  const asked = serverAnswering();
  const subject = "Payout for October is missing";
  renderWithClient(
    <SimilarTickets draft={`${subject}\n${"It never arrived. ".repeat(100)}`} onOpen={() => {}} />,
  );
  expect(await screen.findByRole("region", { name: "Your similar open tickets" })).toHaveTextContent(
    `#${match.number} ${match.subject}`,
  );
  expect(asked).toHaveLength(1);
  expect(asked[0]!.startsWith(`${subject}\nIt never arrived.`)).toBe(true);
  expect(asked[0]!.length).toBeLessThanOrEqual(similarTicketsQuerySchema.shape.q.maxLength!);
});

test("when the limit falls inside an emoji, then the half emoji is left out rather than sent", async () => {
  const asked = serverAnswering();
  const max = similarTicketsQuerySchema.shape.q.maxLength!;
  // "😀" is two UTF-16 units: its first half is the last unit the limit lets through.
  renderWithClient(<SimilarTickets draft={`${"a".repeat(max - 1)}😀 and more`} onOpen={() => {}} />);
  await screen.findByRole("region", { name: "Your similar open tickets" });
  await waitFor(() => expect(asked).toEqual(["a".repeat(max - 1)]));
});
