/**
 * One ticket's messages in the TanStack Query cache: `{messages, cursor}`, kept by the contract's resume
 * functions (merged by id; the `after=` cursor moves only with server pages, so a message the socket
 * delivered while an earlier one was missed never hides the gap).
 */
import type { QueryClient } from "@tanstack/react-query";
import {
  fetchMessagesAfter,
  mergeMessages,
  MESSAGE_PAGE_DEFAULT,
  type Message,
  type MessageRead,
} from "@parley/contract";
import type { Side } from "../../../types/thread";
import { listMessages } from "./tickets";

export type ThreadData = { messages: Message[]; cursor: string | null };

export const threadKey = (ticketId: string) => ["thread", ticketId] as const;
export const viewersKey = (ticketId: string) => ["thread", ticketId, "viewers"] as const;
export const sendKey = (ticketId: string) => ["thread", ticketId, "send"] as const;

/** Puts messages into the thread's cache (also before its first fetch has finished). */
export function addToThread(qc: QueryClient, ticketId: string, messages: Message[]): void {
  qc.setQueryData<ThreadData>(threadKey(ticketId), (old) => ({
    messages: mergeMessages(old?.messages ?? [], messages),
    cursor: old?.cursor ?? null,
  }));
}

/** A read receipt: the reader's side has read the other side's public messages up to this one. */
export function applyReadReceipt(data: ThreadData, read: MessageRead): ThreadData {
  const upTo = data.messages.findIndex((m) => m.id === read.upToMessageId);
  if (upTo < 0) return data;
  const messages = data.messages.map((m, i) =>
    i <= upTo && !m.readAt && !m.internal && m.senderType !== read.readerType && m.senderType !== "system"
      ? { ...m, readAt: read.readAt }
      : m,
  );
  return { ...data, messages };
}

/**
 * Where a catch-up starts. Normally the cursor. A read receipt (`message:read`) sent while the socket was
 * down moves no cursor and no `updatedAt`, so for the viewer's own public messages still shown unread
 * the fetch starts just before the first of them: the answer carries their `readAt`, and replaces them.
 */
export function catchUpFrom(data: ThreadData | undefined, side?: Side): string | null {
  if (!data) return null;
  if (!side) return data.cursor;
  const cursorAt = data.cursor ? data.messages.findIndex((m) => m.id === data.cursor) : -1;
  const firstUnread = data.messages.findIndex((m) => m.senderType === side && !m.internal && !m.readAt);
  if (firstUnread < 0 || cursorAt < 0 || firstUnread > cursorAt) return data.cursor;
  return firstUnread === 0 ? null : data.messages[firstUnread - 1]!.id;
}

/**
 * The thread query's fetch: everything after the cursor (or the viewer's first unread message, see
 * catchUpFrom), page by page, merged with whatever the cache holds when the pages are in (socket events
 * may have arrived meanwhile).
 */
export async function fetchThread(
  qc: QueryClient,
  ticketId: string,
  signal?: AbortSignal,
  pageSize = MESSAGE_PAGE_DEFAULT,
  side?: Side,
): Promise<ThreadData> {
  const { messages, cursor } = await fetchMessagesAfter(
    (after) => listMessages(ticketId, { after, limit: pageSize, signal }),
    catchUpFrom(qc.getQueryData<ThreadData>(threadKey(ticketId)), side),
    pageSize,
  );
  const now = qc.getQueryData<ThreadData>(threadKey(ticketId));
  return { messages: mergeMessages(now?.messages ?? [], messages), cursor };
}
