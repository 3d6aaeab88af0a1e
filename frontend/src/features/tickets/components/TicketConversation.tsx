import { useEffect, useMemo, useRef, type ReactNode } from "react";
import { canTransition, type Ticket } from "@parley/contract";
import type { Side } from "../../../types/thread";
import TicketHeader from "../../../components/support/TicketHeader";
import TicketThread from "../../../components/support/TicketThread";
import ChatInput, { type ChatInputProps } from "../../../components/support/ChatInput";
import ViewersBar from "../../../components/support/ViewersBar";
import { ErrorState, SkeletonList } from "../../../components/support/ListStates";
import { ApiError } from "../../../services/api/client";
import { useTicket } from "../hooks/useTickets";
import { useTicketThread } from "../hooks/useTicketThread";
import { useReplyCollision } from "../hooks/useReplyCollision";
import { useSendAndResolve } from "../hooks/useSendAndResolve";
import ReplyCollisionNotice from "./ReplyCollisionNotice";
import SendAndResolveNotice from "./SendAndResolveNotice";
import { FileDropZone, useUploadLimits, useUploads } from "../../attachments";
import { useTeamList } from "../../team/hooks/useTeam";
import { mentionLabel, type MentionNames } from "../../messages/mentions";
import { MergedNotice } from "./TicketLink";
import { MergedDraft } from "./MergedDraft";
import { isSinglePaneLayout } from "./SupportLayout";

export type TicketConversationProps = {
  ticketId: string;
  side: Side;
  me: { id: string; name: string | null };
  onBack: () => void;
  /** Shown in the header, after the ticket's facts / at its end. */
  subtitle?: (ticket: Ticket) => ReactNode;
  actions?: (ticket: Ticket) => ReactNode;
  /** Notices under the header (errors of the tab's own actions). */
  notices?: (ticket: Ticket) => ReactNode;
  /** After the last message, scrolled with the thread (the status's note, the rating). */
  threadEnd?: (ticket: Ticket) => ReactNode;
  /** A side panel next to the thread (the admin's ticket details). */
  aside?: (ticket: Ticket) => ReactNode;
  closedReason: string;
  /** Opens another ticket in this page (the target of a merged ticket). */
  onOpenTicket?: (ticketId: string) => void;
  /**
   * Take the focus when the ticket has loaded, on any layout: the form that filed it (and had the focus)
   * is gone. Otherwise only a single-pane layout moves the focus here.
   */
  focusOnOpen?: boolean;
  /** Saved replies, their placeholder values, a handle for shortcuts, Escape: per ticket. */
  composer?: (ticket: Ticket) => Pick<ChatInputProps, "canned" | "placeholderValues" | "handle" | "onEscape">;
};

/**
 * The conversation pane both dashboards share: the ticket's header, who else is viewing, the live
 * thread (optimistic sends, Seen, typing) and the reply box; an internal-note switch for admins.
 */
export default function TicketConversation(props: TicketConversationProps) {
  const { ticketId, side, me } = props;
  const ticket = useTicket(ticketId);
  const resolver = useSendAndResolve(ticketId, me.id);
  // "Send and resolve": the thread sends the reply and keeps the intention in its outbox until this has
  // resolved the ticket (also after a reload).
  const thread = useTicketThread({ ticketId, side, me, resolveAfterSend: resolver.run });
  // A file over the server's limit is refused at once, not after it has been sent.
  const uploadLimits = useUploadLimits();
  const uploads = useUploads({ maxBytes: uploadLimits.data?.maxBytes });
  const admin = side === "admin";
  const collision = useReplyCollision({ ticketId, meId: me.id, enabled: admin });
  // @mentions in notes: the team offered by "@" (not me), and the names the thread highlights.
  const team = useTeamList({ enabled: admin }).data;
  const teammates = useMemo(() => team?.filter((a) => a.id !== me.id), [team, me.id]);
  const mentionNames = useMemo((): MentionNames | undefined => {
    if (!team) return undefined;
    const current = team.filter((a) => a.active);
    const mine = current.find((a) => a.id === me.id);
    return {
      names: current.map(mentionLabel).filter((l): l is string => !!l),
      me: mine ? mentionLabel(mine) : null,
    };
  }, [team, me.id]);
  const returned = admin ? (thread.refusedNotes[0] ?? null) : null;
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = ticket.isSuccess;
  // On a phone the list that had the focus is hidden now: focus goes to the ticket, or it would be lost.
  // Two panes side by side keep it where it was (the queue, so j/k keep stepping), unless focusOnOpen.
  const focusOnOpen = props.focusOnOpen ?? false;
  useEffect(() => {
    if (loaded && (focusOnOpen || isSinglePaneLayout())) heading.current?.focus();
  }, [loaded, ticketId, focusOnOpen]);
  // A ticket that did not load has no header, so no Back: on a phone the list is hidden behind this pane,
  // and the error offers the way back itself, with the focus (the row that had it is hidden too).
  const back = useRef<HTMLButtonElement>(null);
  const failed = ticket.isError;
  useEffect(() => {
    if (failed && isSinglePaneLayout()) back.current?.focus();
  }, [failed, ticketId]);

  if (ticket.isPending) return <SkeletonList rows={4} label="Loading ticket" />;
  if (ticket.isError) {
    // A ticket that does not exist (or is another shop's) will not appear by asking again.
    const missing = ticket.error instanceof ApiError && ticket.error.code === "NOT_FOUND";
    return (
      <div>
        <ErrorState
          message={ticket.error.message || "This ticket could not be loaded."}
          {...(missing ? {} : { onRetry: () => void ticket.refetch() })}
        />
        <button
          ref={back}
          type="button"
          onClick={props.onBack}
          className="mx-4 rounded-md px-3 py-1.5 text-sm font-medium text-indigo-700 hover:bg-indigo-50 md:hidden"
        >
          Back to tickets
        </button>
      </div>
    );
  }
  const t = ticket.data;

  const closed = t.status === "closed";
  // An admin sees a colleague's reply typing by the reply box ("Sam is also replying": it may collide with
  // their own), not in the thread, where it would read as the shop's. A colleague's note collides with no
  // reply: it shows in the thread, where the note will appear, as "Sam is writing a note…".
  const colleagues = admin
    ? thread.typists.filter((p) => p.senderType === "admin" && !p.internal).map((p) => p.name)
    : [];
  const typingNames = admin
    ? thread.typists.filter((p) => p.senderType !== "admin").map((p) => p.name)
    : thread.typingNames;
  const noteNames = admin ? thread.typists.filter((p) => p.internal).map((p) => p.name) : [];
  const conversation = (
    <FileDropZone onFiles={uploads.add} disabled={closed} className="flex min-h-0 min-w-0 flex-1 flex-col">
      <TicketThread
        items={thread.items}
        viewerSide={side}
        state={thread.state}
        onReload={thread.reload}
        seenKey={thread.seenKey}
        typingNames={typingNames}
        noteNames={noteNames}
        onRetry={thread.retry}
        mentions={mentionNames}
        notice={
          t.mergedIntoId ? <MergedNotice targetId={t.mergedIntoId} onOpen={props.onOpenTicket} /> : undefined
        }
        end={props.threadEnd?.(t)}
      />
      {t.mergedIntoId && (
        // Keyed by ticket: a draft panel belongs to the ticket whose words it shows.
        <MergedDraft
          key={ticketId}
          ticketId={ticketId}
          targetId={t.mergedIntoId}
          onOpen={props.onOpenTicket}
        />
      )}
      {admin && (
        <>
          <SendAndResolveNotice outcome={resolver.outcome} onDismiss={resolver.dismiss} />
          <ReplyCollisionNotice collision={collision} typing={colleagues} />
        </>
      )}
      <ChatInput
        allowInternal={admin}
        replyTo={t.source === "visitor" ? "visitor" : "shop"}
        onSend={(body, { internal, attachments, resolve, mentions }) => {
          if (resolve && !internal) thread.sendAndResolve(body, attachments);
          else thread.send(body, internal, attachments, mentions);
        }}
        admins={admin ? teammates : undefined}
        returned={returned}
        onReturned={(key) => {
          // Its files go back with the text, and it leaves the thread (and the outbox): one copy, in the box.
          const note = thread.refusedNotes.find((n) => n.key === key);
          if (note?.attachments.length) uploads.restore(note.attachments);
          thread.withdraw(key);
        }}
        allowResolve={admin && !t.mergedIntoId && canTransition(t.status, "resolved", "admin")}
        holdSend={admin ? collision.holdSend : undefined}
        onReplyDraft={admin ? collision.onReplyDraft : undefined}
        onTyping={thread.onTyping}
        disabled={closed}
        disabledReason={
          t.mergedIntoId
            ? "This ticket was merged into another ticket; continue the conversation there."
            : props.closedReason
        }
        uploads={uploads}
        draftId={ticketId}
        // A merged ticket's words are in MergedDraft's panel, with the way to carry them on.
        showKeptDraft={!t.mergedIntoId}
        // No autoFocus: opening a ticket leaves focus where it was (the queue, so j/k keep working,
        // and no phone keyboard pops up); `r` or a click puts the caret in the reply box.
        {...props.composer?.(t)}
      />
    </FileDropZone>
  );

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <TicketHeader
        ticket={t}
        headingRef={heading}
        onBack={props.onBack}
        subtitle={props.subtitle?.(t)}
        actions={props.actions?.(t)}
      />
      <ViewersBar viewers={thread.viewers} meId={me.id} />
      {props.notices?.(t)}
      {props.aside ? (
        <div className="flex min-h-0 flex-1 flex-col lg:flex-row">
          {props.aside(t)}
          {conversation}
        </div>
      ) : (
        conversation
      )}
    </div>
  );
}
