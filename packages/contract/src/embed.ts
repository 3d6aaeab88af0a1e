import { z } from "zod";
import { EXTERNAL_ID_MAX, externalId, hasVisibleText, line, str } from "./common";

/**
 * Parley inside a marketplace (issue 18): the order (or listing, payout, booking) a ticket is about,
 * the token claim that limits which ones a shop may name, and the postMessage protocol between a host
 * page and an embedded Parley frame (/embed/support, /embed/help).
 */

export const TICKET_CONTEXT_TYPES = ["order", "listing", "payout", "booking"] as const;
export type TicketContextType = (typeof TICKET_CONTEXT_TYPES)[number];

export const CONTEXT_TITLE_MAX = 200;
export const CONTEXT_URL_MAX = 2048;
/** At most this many entries in a token's `contexts` claim. */
export const CONTEXT_CLAIM_MAX = 1000;
/**
 * The longest entry of a `contexts` claim: `type:id`, where the id may be as long as any host id. (Entries
 * were held to 255 characters, so a token naming an order with a long id was refused as a whole.)
 */
export const CONTEXT_KEY_MAX = Math.max(...TICKET_CONTEXT_TYPES.map((t) => t.length)) + 1 + EXTERNAL_ID_MAX;

/**
 * A link back to the host: absolute http(s) only (never javascript:, data: or a relative path), written
 * out with its `//`: a URL parser also reads "https:example.com" or "https:\\example.com" as http(s), but
 * such a link is a typo or a trick, and the database holds only the plain form.
 *
 * No raw control characters inside (line breaks, tabs, DEL, C1, U+2028/9): a URL parser drops some and
 * encodes others, so the link opened is not the text stored, and a line break splits the alert email or
 * Telegram text it is quoted in. A real URL writes them percent-encoded (%0A); refused rather than
 * rewritten, since which form the host meant cannot be known.
 */
export const contextUrlSchema = str()
  .trim()
  .max(CONTEXT_URL_MAX)
  .refine((s) => !/[\p{Cc}\u2028\u2029]/u.test(s), {
    message: "Must not contain control characters such as line breaks or tabs (percent-encode them).",
    abort: true,
  })
  .refine(
    (s) => {
      if (!/^https?:\/\//i.test(s)) return false;
      try {
        const u = new URL(s);
        return u.protocol === "http:" || u.protocol === "https:";
      } catch {
        return false;
      }
    },
    { message: "Must be an absolute http(s) URL (http://… or https://…)." },
  );

/**
 * An id on the host platform, compared exactly (the `contexts` claim, the queue's `contextId` filter): so it
 * must read as what it is. Padding, line breaks and other control characters, or nothing visible, would make
 * " A-1001" another order than "A-1001" while both look alike: refused, not silently changed.
 */
const contextIdSchema = externalId()
  .refine((s) => !/[\p{Cc}\u2028\u2029]/u.test(s), {
    message: "Must be one line without control characters.",
  })
  .refine((s) => s === s.trim(), { message: "Must not start or end with white space." })
  .refine(hasVisibleText, { message: "Must contain visible text, not only invisible characters." });

export const ticketContextSchema = z
  .strictObject({
    type: z.enum(TICKET_CONTEXT_TYPES),
    id: contextIdSchema,
    title: line(1, CONTEXT_TITLE_MAX).optional(),
    url: contextUrlSchema.optional(),
  })
  .meta({ id: "TicketContext", description: "What the ticket is about on the host platform." });
export type TicketContextInput = z.input<typeof ticketContextSchema>;

/** The context as a ticket carries it: absent fields are null. */
export const ticketContextViewSchema = z
  .object({
    type: z.enum(TICKET_CONTEXT_TYPES),
    id: z.string(),
    title: z.string().nullable(),
    url: z.string().nullable(),
  })
  .meta({ id: "TicketContextView" });
export type TicketContext = z.infer<typeof ticketContextViewSchema>;

/**
 * Who wrote a website visitor's conversation (issue 18), as the visitor gave it when the chat opened:
 * admins only, and only on `source: "visitor"` tickets; a shop never receives it.
 */
export const ticketVisitorSchema = z
  .object({
    name: z.string().nullable(),
    email: z.string().nullable(),
    pageUrl: z
      .string()
      .nullable()
      .meta({ description: "The page the visitor wrote from (absolute http(s))." }),
  })
  .meta({ id: "TicketVisitor" });
export type TicketVisitor = z.infer<typeof ticketVisitorSchema>;

/** The key a `contexts` claim lists: `type:id`, e.g. `order:8812`. */
export function contextKey(c: { type: TicketContextType; id: string }): string {
  return `${c.type}:${c.id}`;
}

/** GET /api/embed/config (public): which host origins may frame Parley and talk to it by postMessage. */
export const embedConfigSchema = z
  .object({ allowedOrigins: z.array(z.string()) })
  .meta({ id: "EmbedConfig" });
export type EmbedConfig = z.infer<typeof embedConfigSchema>;

export const EMBED_THEMES = ["light", "dark"] as const;
export type EmbedTheme = (typeof EMBED_THEMES)[number];

/** Host page → frame. The token travels only this way (never in the URL). */
export const hostToFrameMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("parley:token"), token: z.string().min(1).max(8192) }),
  z.object({ type: z.literal("parley:theme"), theme: z.enum(EMBED_THEMES) }),
]);
export type HostToFrameMessage = z.infer<typeof hostToFrameMessageSchema>;

/** Frame → host page. `ready` asks for the token; `height` is the content's height in CSS pixels. */
export const frameToHostMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("parley:ready") }),
  z.object({ type: z.literal("parley:height"), height: z.number().nonnegative() }),
]);
export type FrameToHostMessage = z.infer<typeof frameToHostMessageSchema>;
