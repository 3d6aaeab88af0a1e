import { z } from "zod";
import { BODY_MAX, CLIENT_MESSAGE_ID_MAX, messageSchema } from "./tickets";
import { line, str, text, uuid } from "./common";
import { attachmentIdsSchema } from "./attachments";
import { contextUrlSchema } from "./embed";

/**
 * Visitor chat (issue 18): an anonymous visitor on a public page opens a session (no login), writes to
 * support with the session's visitor token, and reads the public replies. Visitor tokens are JWTs with
 * audience VISITOR_TOKEN_AUDIENCE: never accepted where a user token is expected, and the reverse.
 */

export const VISITOR_TOKEN_AUDIENCE = "parley-visitor";
/** A visitor ticket's shopId: this prefix and the session id (a reserved pseudo-shop no shop token may name). */
export const VISITOR_SHOP_PREFIX = "visitor:";
export const VISITOR_NAME_MAX = 120;
export const VISITOR_EMAIL_MAX = 254;

export const createVisitorSessionBodySchema = z
  .strictObject({
    // One line: the name heads the conversation ("Website chat: Ada") and signs its messages.
    name: line(1, VISITOR_NAME_MAX).optional(),
    email: z.email().max(VISITOR_EMAIL_MAX).optional(),
    pageUrl: contextUrlSchema.optional().meta({ description: "The page the visitor writes from." }),
  })
  .meta({ id: "CreateVisitorSessionBody" });
export type CreateVisitorSessionBody = z.input<typeof createVisitorSessionBodySchema>;

export const visitorSessionSchema = z.object({ visitorToken: z.string() }).meta({ id: "VisitorSession" });
export type VisitorSession = z.infer<typeof visitorSessionSchema>;

export const postVisitorMessageBodySchema = z
  .strictObject({
    body: text(1, BODY_MAX),
    clientMessageId: str().min(1).max(CLIENT_MESSAGE_ID_MAX).optional(),
    // As on a shop's message: the visitor's own uploads (POST /api/uploads with its visitor token), not
    // yet attached; `body` stays required, as it is for a shop.
    attachmentIds: attachmentIdsSchema.optional(),
  })
  .meta({ id: "PostVisitorMessageBody" });
export type PostVisitorMessageBody = z.input<typeof postVisitorMessageBodySchema>;

export const visitorMessagesQuerySchema = z.strictObject({
  after: uuid("message id").optional().meta({ description: "Only messages newer than this one." }),
});

/** Public messages only: a visitor never sees an internal note. Empty before the first message. */
export const visitorMessageListSchema = z
  .object({ items: z.array(messageSchema) })
  .meta({ id: "VisitorMessageList" });
export type VisitorMessageList = z.infer<typeof visitorMessageListSchema>;

export const visitorAvailabilitySchema = z
  .object({
    online: z.boolean(),
    hoursText: z.string(),
    uploadMaxBytes: z.number().int().positive().meta({
      description:
        "The largest file POST /api/uploads takes, in bytes (UPLOAD_MAX_BYTES): the widget refuses a bigger one before sending it, since a browser cut off mid-upload may never read the 413.",
    }),
  })
  .meta({ id: "VisitorAvailability" });
export type VisitorAvailability = z.infer<typeof visitorAvailabilitySchema>;
