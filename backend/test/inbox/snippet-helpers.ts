import type { Actor } from "../support/test-context";
import type { ticketApi } from "../tickets/helpers";

/** A result's `searchSnippet` (CONTRACT.md, queue search). */
export type Snippet = { messageId: string; parts: Array<{ text: string; match: boolean }> };
export type Listed = { id: string; searchSnippet?: Snippet | null };

/** The words a snippet marks as matches. */
export const matched = (s: Snippet | null | undefined) => s?.parts.filter((p) => p.match).map((p) => p.text);

/** Searching and posting as the snippet tests do, on the ticket API of their file. */
export function snippetApi(api: ReturnType<typeof ticketApi>) {
  return {
    /** The listed tickets of `as` for `q` (an admin's narrowed to `shop`), each with its snippet. */
    async search(as: Actor, q: string, shop: Actor): Promise<Listed[]> {
      const res = await api.list(as, as.role === "admin" ? { q, shopId: shop.shopId! } : { q });
      expect(res.status).toBe(200);
      return res.body.items as Listed[];
    },
    /** Posts `body` (an internal note with `internal`) and returns the message's id. */
    async post(as: Actor, ticketId: string, body: string, internal = false): Promise<string> {
      const res = await api.post(as, ticketId, internal ? { body, internal } : { body });
      expect(res.status).toBe(201);
      return res.body.id as string;
    },
  };
}
