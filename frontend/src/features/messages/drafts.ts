/**
 * Drafts in localStorage: the reply box per ticket and the new-ticket form survive reloads and ticket
 * switches, and are cleared on send. Storage may be missing or full (private mode): then drafts
 * simply live as long as the page, never an error.
 */
const PREFIX = "parley:draft:";

export const replyDraftKey = (ticketId: string, internal: boolean) =>
  `${PREFIX}${internal ? "note" : "reply"}:${ticketId}`;
export const NEW_TICKET_DRAFT_KEY = `${PREFIX}new-ticket`;

export function readDraft<T = string>(key: string): T | null {
  try {
    const raw = window.localStorage.getItem(key);
    return raw === null ? null : (JSON.parse(raw) as T);
  } catch {
    return null;
  }
}

export function writeDraft(key: string, value: unknown): void {
  try {
    const empty = value === "" || value === null || value === undefined;
    if (empty) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or unavailable: the draft lives only as long as the page.
  }
}

export const clearDraft = (key: string) => writeDraft(key, null);
