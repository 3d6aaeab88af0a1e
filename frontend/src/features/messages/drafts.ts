/**
 * Drafts in localStorage: the reply box per ticket and the new-ticket form survive reloads and ticket
 * switches, and are cleared on send. Storage may be missing or full (private mode): then drafts
 * simply live as long as the page, never an error.
 *
 * Drafts belong to the signed-in user: every key carries the user's id (set by the session through
 * `claimDrafts`), so on a shared support-desk browser the next agent never sees, nor sends in their own
 * name, what the previous one had typed. The reply outbox (messages queued offline) lives here too, for
 * the same reason: it is sent with whoever's token is current, so it must only ever be its author's.
 */
const PREFIX = "parley:draft:";
const OUTBOX_PREFIX = "parley:outbox:";
/** Whose drafts the keys name; `null` before anyone signed in (the keys then name nobody's). */
let owner: string | null = null;

// Ids are opaque strings: encoded, a ':' in one cannot make a key that names another user's draft.
const ownerPart = () => (owner === null ? "-" : encodeURIComponent(owner));

export const replyDraftKey = (ticketId: string, internal: boolean) =>
  `${PREFIX}${ownerPart()}:${internal ? "note" : "reply"}:${ticketId}`;
/** The colleagues picked by "@" in a ticket's note draft (ids and labels), kept with its text. */
export const mentionsDraftKey = (ticketId: string) => `${replyDraftKey(ticketId, true)}:mentions`;
/** Unsent and failed messages of a ticket, kept across reloads until the server has them. */
export const outboxDraftKey = (ticketId: string) => `${OUTBOX_PREFIX}${ownerPart()}:${ticketId}`;
const newTicketKeyOf = () => `${PREFIX}${ownerPart()}:new-ticket`;
/**
 * The new-ticket form's draft. A live binding (`claimDrafts` reassigns it): the form reads it at each use,
 * so it always names the draft of the user signed in then.
 */
export let NEW_TICKET_DRAFT_KEY = newTicketKeyOf();

function setOwner(userId: string | null): void {
  owner = userId;
  NEW_TICKET_DRAFT_KEY = newTicketKeyOf();
}

function storedKeys(): string[] {
  try {
    const keys: string[] = [];
    for (let i = 0; i < window.localStorage.length; i++) {
      const key = window.localStorage.key(i);
      if (key !== null) keys.push(key);
    }
    return keys;
  } catch {
    return [];
  }
}

function remove(keys: string[]): void {
  try {
    for (const key of keys) window.localStorage.removeItem(key);
  } catch {
    // Storage unavailable: nothing was stored either.
  }
}

const isDraftKey = (key: string) => key.startsWith(PREFIX) || key.startsWith(OUTBOX_PREFIX);

/**
 * The session's user changed (page load with a stored session, sign-in, adopted token; `null` when the
 * session ends). Drafts of anyone else still in storage are deleted, not merely hidden behind their keys:
 * another user's words stay on a shared browser only until the next person signs in. So are keys from
 * before drafts were per user, whose author nobody knows. A session that merely expired keeps its drafts
 * (`null` deletes nothing), so the same user signing in again finds them.
 */
export function claimDrafts(userId: string | null): void {
  setOwner(userId);
  if (userId === null) return;
  const mine = [PREFIX, OUTBOX_PREFIX].map((p) => `${p}${ownerPart()}:`);
  remove(storedKeys().filter((key) => isDraftKey(key) && !mine.some((m) => key.startsWith(m))));
}

/** Sign-out: every draft and queued message in this browser goes, whoever wrote it. */
export function clearAllDrafts(): void {
  setOwner(null);
  remove(storedKeys().filter(isDraftKey));
}

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
