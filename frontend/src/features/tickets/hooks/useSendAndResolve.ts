/**
 * "Send and resolve": the reply goes first, through the thread's own send (optimistic copy, outbox,
 * clientMessageId), and only once the server has it is the ticket PATCHed to resolved. A refused resolve
 * (409 INVALID_TRANSITION: closed or merged meanwhile) leaves the reply sent and says so. The thread keeps
 * the intention in its outbox (`resolveAfterSend`) until `run` settles, so after a reload, whether the
 * reply went already or not, it comes back here (useTicketThread's `resolveAfterSend`) and resolves, or
 * is told, the same way. The server has no "reply and resolve" in one request: the message POST takes no
 * status. Resolving twice (a PATCH that got through before the reload) is no change, not an error.
 */
import { useCallback, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { Message } from "@parley/contract";
import { ApiError } from "../../../services/api/client";
import { threadKey, type ThreadData } from "../api/thread-cache";
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

/**
 * The other side wrote after `reply` (in the thread as loaded): a resolve made now, late after a reload,
 * would set aside that newer question (and re-resolve a ticket the shop's message reopened).
 */
function answeredSince(thread: ThreadData | undefined, reply: Message): boolean {
  const messages = thread?.messages ?? [];
  const at = messages.findIndex((m) => m.id === reply.id);
  return (
    at >= 0 &&
    messages.slice(at + 1).some((m) => !m.internal && m.senderType !== "admin" && m.senderType !== "system")
  );
}

/** The next outcome; the count makes the same words said twice a new announcement. */
const said = (ok: boolean, text: string) => (o: ResolveOutcome | null) => ({
  ok,
  text,
  count: (o?.count ?? 0) + 1,
});

export function useSendAndResolve(ticketId: string, meId: string) {
  const qc = useQueryClient();
  const { mutateAsync: update } = useUpdateTicket(meId);
  const [outcome, setOutcome] = useState<ResolveOutcome | null>(null);

  /** `sent`: the thread's send, answering with the server's copy or null when it failed. */
  const run = useCallback(
    async (sent: Promise<Message | null>) => {
      setOutcome((o) => o && { ...o, text: "" });
      const reply = await sent;
      if (!reply) {
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
      if (answeredSince(qc.getQueryData<ThreadData>(threadKey(ticketId)), reply)) {
        setOutcome(said(false, notResolved(new Error("the shop wrote again since."))));
        return;
      }
      try {
        const ticket = await update({ id: ticketId, patch: { status: "resolved" } });
        setOutcome(said(true, `Reply sent and ticket #${ticket.number} resolved.`));
      } catch (err) {
        setOutcome(said(false, notResolved(err)));
      }
    },
    [qc, ticketId, update],
  );

  return { run, outcome, dismiss: () => setOutcome(null) };
}
