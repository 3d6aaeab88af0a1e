/**
 * One ticket's messages in the TanStack Query cache. Messages arrive from three places (socket events,
 * POST responses, catch-up fetches) in any order and possibly twice; they are merged by id so the thread
 * shows each message once, ordered by createdAt and then by arrival. `cursor` is the newest message a
 * fetch has confirmed we hold everything up to: the next catch-up asks for `after=cursor`, so a message
 * the socket delivered while an earlier one was missed never hides the gap.
 */
import type { QueryClient } from "@tanstack/react-query";
import { MESSAGE_PAGE_DEFAULT, type Message, type MessageRead } from "@parley/contract";
import { listMessages } from "./tickets";

export type ThreadData = { messages: Message[]; cursor: string | null };

export const threadKey = (ticketId: string) => ["thread", ticketId] as const;
export const viewersKey = (ticketId: string) => ["thread", ticketId, "viewers"] as const;
export const sendKey = (ticketId: string) => ["thread", ticketId, "send"] as const;

/** Adds or replaces (a later copy, e.g. with readAt, keeps its place) and keeps createdAt order. */
export function mergeMessages(known: Message[], incoming: Message[]): Message[] {
  if (incoming.length === 0) return known;
  const byId = new Map(known.map((m) => [m.id, m]));
  const added: Message[] = [];
  for (const m of incoming) {
    if (!byId.has(m.id) && !added.some((a) => a.id === m.id)) added.push(m);
    byId.set(m.id, m);
  }
  // Array.prototype.sort is stable: equal createdAt keeps arrival order.
  return [...known.map((m) => byId.get(m.id)!), ...added.map((m) => byId.get(m.id)!)].sort((a, b) =>
    a.createdAt.localeCompare(b.createdAt),
  );
}

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
 * The thread query's fetch: everything after the cursor, page by page, merged with whatever the cache
 * holds when the pages are in (socket events may have arrived meanwhile).
 */
export async function fetchThread(
  qc: QueryClient,
  ticketId: string,
  signal?: AbortSignal,
  pageSize = MESSAGE_PAGE_DEFAULT,
): Promise<ThreadData> {
  let cursor = qc.getQueryData<ThreadData>(threadKey(ticketId))?.cursor ?? null;
  const fetched: Message[] = [];
  for (;;) {
    const page = await listMessages(ticketId, { after: cursor, limit: pageSize, signal });
    fetched.push(...page);
    const last = page[page.length - 1];
    if (last) cursor = last.id;
    if (page.length < pageSize) break;
  }
  const now = qc.getQueryData<ThreadData>(threadKey(ticketId));
  return { messages: mergeMessages(now?.messages ?? [], fetched), cursor };
}
