import { z } from "zod";
import { queryInt, str, uuid } from "./common";

/** Files attached to messages: the upload object, its limits and the request fields that name uploads. */

/** How many uploads one message (or a new ticket's first message) may carry. */
export const ATTACHMENTS_PER_MESSAGE_MAX = 10;
/** The default of UPLOAD_MAX_BYTES: 25 MB per file. */
export const UPLOAD_MAX_BYTES_DEFAULT = 25 * 1024 * 1024;
/** Longest file name kept (longer names are shortened, keeping the extension). */
export const ATTACHMENT_NAME_MAX = 255;
/** Unattached uploads are deleted after this long. */
export const UNATTACHED_UPLOAD_TTL_HOURS = 24;

/** Bytes as the limits' sentences give them: "25 MB", "0.5 MB". */
export const megabytes = (bytes: number): string => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/**
 * Why a file over the limit is refused: the server's 413 says it, and the web app says the same before it
 * sends a byte of such a file.
 */
export const fileTooLargeMessage = (limitBytes: number): string =>
  `The file is larger than the limit of ${megabytes(limitBytes)}.`;

/** GET /api/uploads/limits: what an upload may be, so a client can refuse a file before sending it. */
export const uploadLimitsSchema = z
  .object({
    maxBytes: z
      .number()
      .int()
      .meta({ description: "Largest file accepted, in bytes (UPLOAD_MAX_BYTES); a larger one is 413." }),
    perMessage: z
      .number()
      .int()
      .meta({ description: `Uploads one message may carry (${ATTACHMENTS_PER_MESSAGE_MAX}).` }),
  })
  .meta({ id: "UploadLimits" });
export type UploadLimits = z.infer<typeof uploadLimitsSchema>;

/** `attachmentIds` on new tickets and messages: the sender's own uploads, not yet attached. */
export const attachmentIdsSchema = z
  .array(uuid("attachment id"))
  .max(
    ATTACHMENTS_PER_MESSAGE_MAX,
    `At most ${ATTACHMENTS_PER_MESSAGE_MAX} attachments per message; send the rest in another message.`,
  )
  .refine((ids) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length, {
    message: "Each attachment may be named once.",
  })
  .meta({
    description: `Ids of uploads (POST /api/uploads) by the same sender, not yet attached; at most ${ATTACHMENTS_PER_MESSAGE_MAX}.`,
  });

export const attachmentIdParamsSchema = z.strictObject({
  id: str().meta({ description: "Attachment id (UUID). Unknown, malformed or not visible to you: 404." }),
});

/** An upload, before and after it is attached: what POST /api/uploads returns and message.attachments lists. */
export const attachmentSchema = z
  .object({
    id: z.string().meta({ format: "uuid" }),
    name: z
      .string()
      .meta({ description: "The file name as sent (path parts and control characters removed)." }),
    contentType: z
      .string()
      .meta({ description: "The type sniffed from the bytes (or from the name for text)." }),
    size: z.number().int().meta({ description: "Bytes stored (images: after their metadata was stripped)." }),
    url: z.string().meta({ description: "GET it with the bearer token: /api/attachments/{id}." }),
    thumbnailUrl: z
      .string()
      .optional()
      .meta({ description: "Images only: a WebP thumbnail, /api/attachments/{id}/thumbnail." }),
  })
  .meta({ id: "Attachment" });
export type Attachment = z.infer<typeof attachmentSchema>;

/** How long a signed link works, in seconds. */
export const ATTACHMENT_LINK_TTL_SECONDS = 600;

/** `?exp&sig` of a signed link (both or neither; anything else is 400). */
export const attachmentDownloadQuerySchema = z
  .strictObject({
    exp: queryInt(1, Number.MAX_SAFE_INTEGER).optional(),
    sig: str().min(1).max(100).optional(),
  })
  .refine((q) => (q.exp === undefined) === (q.sig === undefined), {
    message: "A signed link has both exp and sig.",
  });

/**
 * GET /api/attachments/{id}/link: URLs that work without an Authorization header until `expiresAt`
 * (for `<img src>`, `<a download>`). An expired or altered link is 401.
 */
export const attachmentLinkSchema = z
  .object({
    url: z.string(),
    thumbnailUrl: z.string().optional(),
    expiresAt: z.string().meta({ format: "date-time" }),
  })
  .meta({ id: "AttachmentLink" });
export type AttachmentLink = z.infer<typeof attachmentLinkSchema>;

/** The most attachments one POST /api/attachments/links names. */
export const ATTACHMENT_LINKS_MAX = 100;

/**
 * POST /api/attachments/links: the links of several attachments in one request (a long thread's images),
 * each as GET /api/attachments/{id}/link gives it. An id named twice is answered once.
 */
export const attachmentLinksRequestSchema = z
  .strictObject({
    ids: z
      .array(uuid("attachment id"))
      .min(1, "Name at least one attachment.")
      .max(ATTACHMENT_LINKS_MAX, `At most ${ATTACHMENT_LINKS_MAX} attachments per request.`),
  })
  .meta({ id: "AttachmentLinksRequest" });
export type AttachmentLinksRequest = z.infer<typeof attachmentLinksRequestSchema>;

/** The links of the named attachments the caller may see, in the order named; the others are left out. */
export const attachmentLinksSchema = z
  .object({
    items: z.array(attachmentLinkSchema.extend({ id: z.string().meta({ format: "uuid" }) })),
  })
  .meta({ id: "AttachmentLinks" });
export type AttachmentLinks = z.infer<typeof attachmentLinksSchema>;
