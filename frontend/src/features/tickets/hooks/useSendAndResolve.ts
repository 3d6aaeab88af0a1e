/**
 * "Send and resolve": the reply goes first, through the thread's own send (optimistic copy, outbox,
 * clientMessageId), and only once the server has it is the ticket PATCHed to resolved. A refused resolve
 * (409 INVALID_TRANSITION: closed or merged meanwhile) leaves the reply sent and says so. A reply queued
 * offline carries the intention in the outbox (`resolveAfterSend`), so after a reload its send comes back
 * here (useTicketThread's `onRestoredResolve`) and resolves, or is told, the same way.
 */
import { useCallback, useState } from "react";
import type { Message } from "@parley/contract";
import { ApiError } from "../../../services/api/client";
import { useUpdateTicket } from "./useTickets";

export type ResolveOutcome = { ok: boolean; text: string; count: number };

function notResolved(err: unknown): string {
  const why =
    err instanceof ApiError && err.status === 0
      ? "no connection."
      : err instanceof Error && err.message
        ? err.message
        : "the server refused it.";
  return `Your reply was sent, but the ticket was not resolved: ${why} Change its status in the ticket details if it should be resolved.`;
}

/** The next outcome; the count makes the same words said twice a new announcement. */
const said = (ok: boolean, text: string) => (o: ResolveOutcome | null) => ({
  ok,
  text,
  count: (o?.count ?? 0) + 1,
});

export function useSendAndResolve(ticketId: string, meId: string) {
  const { mutateAsync: update } = useUpdateTicket(meId);
  const [outcome, setOutcome] = useState<ResolveOutcome | null>(null);

  /** `sent`: the thread's send, answering with the server's copy or null when it failed. */
  const run = useCallback(
    async (sent: Promise<Message | null>) => {
      setOutcome((o) => o && { ...o, text: "" });
      if (!(await sent)) {
        // The failed reply stays in the thread with Retry; resolving without it would leave the shop
        // unanswered.
        setOutcome(
          said(
            false,
            "Your reply was not sent, so the ticket was not resolved. Retry the reply, then resolve it.",
          ),
        );
        return;
      }
      try {
        const ticket = await update({ id: ticketId, patch: { status: "resolved" } });
        setOutcome(said(true, `Reply sent and ticket #${ticket.number} resolved.`));
      } catch (err) {
        setOutcome(said(false, notResolved(err)));
      }
    },
    [ticketId, update],
  );

  return { run, outcome, dismiss: () => setOutcome(null) };
}
