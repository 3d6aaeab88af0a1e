import { useRef } from "react";
import type { ThreadItem } from "../../types/thread";
import RelativeTime from "./RelativeTime";
import { AttachmentList } from "../../features/attachments";
import MessageBody from "../../features/messages/MessageBody";
import { mentionsMe, type MentionNames } from "../../features/messages/mentions";

export type ChatMessageProps = {
  message: ThreadItem;
  /** Sent by the viewer's side (shop or admin team): drawn on the right. */
  mine: boolean;
  /** Show a "Seen" receipt under this message. */
  seen?: boolean;
  onRetry?: (clientMessageId: string) => void;
  /** The current admins' names: an internal note's "@Name" of one is highlighted, the viewer's the most. */
  mentions?: MentionNames;
};

function initials(name: string | null): string {
  const parts = (name ?? "?")
    .replace(/\(.*\)/, "")
    .trim()
    .split(/\s+/);
  return (parts[0]?.[0] ?? "?").toUpperCase() + (parts[1]?.[0] ?? "").toUpperCase();
}

export default function ChatMessage({ message, mine, seen, onRetry, mentions }: ChatMessageProps) {
  const { body, senderType, senderName, createdAt, internal, delivery } = message;
  const item = useRef<HTMLLIElement>(null);

  if (senderType === "system") {
    return (
      <li className="my-2 text-center text-xs text-slate-600">
        <span>{body}</span> · <RelativeTime iso={createdAt} />
      </li>
    );
  }

  const name = senderName ?? (senderType === "admin" ? "Support" : "Shop");
  // Only notes mention: a public message's "@" is whatever the writer meant by it.
  const noteMentions = internal ? mentions : undefined;
  const forMe = !!noteMentions && mentionsMe(body, noteMentions);
  const bubble = internal
    ? `bg-amber-50 text-amber-950 border-l-4 border-amber-400 ${forMe ? "ring-2 ring-amber-500" : "ring-1 ring-amber-300"}`
    : mine
      ? "bg-indigo-600 text-white"
      : "bg-white text-slate-900 ring-1 ring-slate-200";

  return (
    // No aria-label on the item: some screen readers (VoiceOver) read a labelled item's label instead of
    // its text. A hidden "Message from" before the visible name says the same and keeps the text.
    // tabIndex -1: Retry hands the focus to the message it re-sends (the button itself goes away).
    <li
      ref={item}
      tabIndex={-1}
      // What "Review" of a colleague's reply (ReplyCollisionNotice) finds and focuses.
      data-message-id={message.id ?? undefined}
      className={`flex gap-2 rounded-lg focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${mine ? "flex-row-reverse" : ""}`}
    >
      <span
        aria-hidden="true"
        className={`mt-5 flex size-8 shrink-0 items-center justify-center rounded-full text-xs font-semibold ${
          senderType === "admin" ? "bg-indigo-100 text-indigo-700" : "bg-teal-100 text-teal-700"
        }`}
      >
        {initials(name)}
      </span>
      <div className={`flex max-w-[80%] min-w-0 flex-col ${mine ? "items-end" : "items-start"}`}>
        <div className="mb-1 flex items-baseline gap-2 text-xs text-slate-600">
          <span className="font-medium text-slate-700">
            <span className="sr-only">{internal ? "Internal note" : "Message"} from </span>
            {name}
          </span>
          {delivery === "sent" && <RelativeTime iso={createdAt} />}
        </div>
        <div
          className={`rounded-2xl px-3.5 py-2 text-sm leading-relaxed [overflow-wrap:anywhere] shadow-sm ${bubble} ${
            delivery === "sending" ? "opacity-70" : ""
          } ${delivery === "failed" ? "ring-2 ring-red-400" : ""}`}
        >
          {internal && (
            <p className="mb-1 flex items-center gap-1 text-xs font-semibold tracking-wide text-amber-800 uppercase">
              <svg aria-hidden="true" viewBox="0 0 20 20" className="size-3.5" fill="currentColor">
                <path d="M10 2a4 4 0 0 0-4 4v2H5a1 1 0 0 0-1 1v8a1 1 0 0 0 1 1h10a1 1 0 0 0 1-1V9a1 1 0 0 0-1-1h-1V6a4 4 0 0 0-4-4Zm-2 6V6a2 2 0 1 1 4 0v2H8Z" />
              </svg>
              Internal note<span className="font-normal tracking-normal normal-case"> · admins only</span>
              {forMe && (
                <span className="ms-1 rounded-full bg-amber-400 px-1.5 py-0.5 tracking-normal text-amber-950 normal-case">
                  Mentions you
                </span>
              )}
            </p>
          )}
          <MessageBody
            body={body}
            linkClassName={mine && !internal ? "text-white underline" : "text-indigo-700 underline"}
            mentions={noteMentions}
          />
        </div>
        {/* Attachments (issue 13): a separate block under the body. */}
        {message.attachments?.length ? <AttachmentList attachments={message.attachments} /> : null}
        {delivery === "sending" && (
          <p className="mt-1 text-xs text-slate-600" role="status">
            Sending…
          </p>
        )}
        {delivery === "failed" && (
          <p className="mt-1 flex items-center gap-2 text-xs text-red-700" role="alert">
            <span>{message.error ?? "Not sent."}</span>
            {onRetry && message.clientMessageId && (
              <button
                type="button"
                onClick={() => {
                  // The button unmounts once the message is sending again: the focus would fall to <body>.
                  item.current?.focus();
                  onRetry(message.clientMessageId!);
                }}
                className="rounded px-1.5 py-0.5 font-semibold text-red-700 underline hover:bg-red-50"
              >
                Retry
              </button>
            )}
          </p>
        )}
        {seen && delivery === "sent" && <p className="mt-1 text-xs text-slate-600">Seen</p>}
      </div>
    </li>
  );
}
