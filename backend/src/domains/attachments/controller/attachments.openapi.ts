import { z } from "zod";
import {
  ATTACHMENT_LINK_TTL_SECONDS,
  ATTACHMENTS_PER_MESSAGE_MAX,
  attachmentDownloadQuerySchema,
  attachmentIdParamsSchema,
  attachmentLinkSchema,
  attachmentLinksRequestSchema,
  attachmentLinksSchema,
  ATTACHMENT_LINKS_MAX,
  attachmentSchema,
  errorBodySchema,
  uploadLimitsSchema,
} from "@parley/contract";
import {
  errorResponses,
  jsonBody,
  jsonResponse,
  type OpenApiRegistrar,
} from "../../../platform/http/openapi";

const uploadBodySchema = z.object({
  file: z
    .string()
    .meta({ format: "binary", description: "The file; its name's extension must match its bytes." }),
});

const bytes = {
  description: "The bytes, with the sniffed Content-Type and a Content-Disposition",
  content: { "application/octet-stream": { schema: z.string().meta({ format: "binary" }) } },
};

/** The Attachments section of the contract. */
export const registerAttachmentDocs: OpenApiRegistrar = (registry) => {
  const tags = ["Attachments"];
  registry.registerPath({
    method: "post",
    path: "/api/uploads",
    tags,
    summary: "Upload a file (multipart/form-data, field `file`); user or visitor token",
    description:
      "Streams to storage. The type is sniffed from the bytes: programs, scripts and files whose bytes disagree with " +
      "their name's extension are 415. Images lose their metadata (EXIF, GPS) and get a WebP thumbnail. Over " +
      `UPLOAD_MAX_BYTES: 413 (details[0].limitBytes), sent with Connection: close. The upload is the uploader's until ` +
      `a message names it in attachmentIds (at most ${ATTACHMENTS_PER_MESSAGE_MAX} per message); unattached ` +
      "uploads are deleted after 24 hours. Who: a shop or admin (user token, limited per user as every write), " +
      "or a website visitor with `Authorization: Bearer <visitorToken>` (limited per address as the visitor's " +
      "other routes; a bad visitor token or a session that is gone is 401): the visitor's upload is attached " +
      "with POST /api/visitor/messages, and only that visitor (then whoever sees the conversation) downloads it.",
    request: { body: { content: { "multipart/form-data": { schema: uploadBodySchema } } } },
    responses: {
      201: jsonResponse(attachmentSchema, "The upload"),
      ...errorResponses(400, 401, 413, 429),
      415: {
        description:
          "UNSUPPORTED_MEDIA_TYPE: not multipart, a program or script, or bytes that disagree with the name",
        content: { "application/json": { schema: errorBodySchema } },
      },
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/uploads/limits",
    tags,
    summary: "What an upload may be (user or visitor token)",
    description:
      "The largest file this server accepts (UPLOAD_MAX_BYTES) and how many uploads a message may carry, so a " +
      "client can refuse a file before sending any of it. The same tokens as POST /api/uploads.",
    responses: { 200: jsonResponse(uploadLimitsSchema, "The limits"), ...errorResponses(400, 401) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/attachments/{id}",
    tags,
    summary: "Download an attachment",
    description:
      "For whoever may see its message (admins: all; a shop: its own shop's public messages; a website visitor, " +
      "with its visitor token: the public messages of its own conversation); before it is attached, " +
      "the uploader only. Anyone else: 404. Raster images, audio, video and plain text are inline; everything else " +
      "(SVG and HTML included) is Content-Disposition: attachment, always with X-Content-Type-Options: nosniff. " +
      "A single `Range: bytes=…` gives 206; one that starts at or past the end of the file gives 416 with " +
      "`Content-Range: bytes */<size>`; any other Range is ignored (200). With `exp` and `sig` from GET …/link, no " +
      "token is needed; an expired or altered link is 401.",
    request: { params: attachmentIdParamsSchema, query: attachmentDownloadQuerySchema },
    responses: {
      200: bytes,
      206: bytes,
      ...errorResponses(400, 401, 404),
      416: {
        description:
          "VALIDATION_FAILED: the Range starts at or past the end of the file; Content-Range: bytes */<size>",
        content: { "application/json": { schema: errorBodySchema } },
      },
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/attachments/{id}/thumbnail",
    tags,
    summary: "An image attachment's WebP thumbnail (same access as the attachment, or its signed link)",
    request: { params: attachmentIdParamsSchema, query: attachmentDownloadQuerySchema },
    responses: {
      200: {
        description: "image/webp",
        content: { "image/webp": { schema: z.string().meta({ format: "binary" }) } },
      },
      ...errorResponses(400, 401, 404),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/attachments/{id}/link",
    tags,
    summary: `Signed links to the file and thumbnail, valid ${ATTACHMENT_LINK_TTL_SECONDS / 60} minutes without a token`,
    description:
      "For `<img src>` and downloads where no Authorization header can be sent. Same access rule as the download.",
    request: { params: attachmentIdParamsSchema },
    responses: {
      200: jsonResponse(attachmentLinkSchema, "The links"),
      ...errorResponses(401, 404),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/attachments/links",
    tags,
    summary: `Signed links to up to ${ATTACHMENT_LINKS_MAX} attachments at once`,
    description:
      "Each as GET …/{id}/link gives it, with its `id`, in the order named and each id once. Attachments that " +
      "do not exist or that the caller may not see are left out (their own link would be 404).",
    request: jsonBody(attachmentLinksRequestSchema),
    responses: {
      200: jsonResponse(attachmentLinksSchema, "The links"),
      ...errorResponses(400, 401),
    },
  });
};
