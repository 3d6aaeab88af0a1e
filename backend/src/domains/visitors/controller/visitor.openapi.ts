import {
  ATTACHMENTS_PER_MESSAGE_MAX,
  createVisitorSessionBodySchema,
  markReadBodySchema,
  messageSchema,
  postVisitorMessageBodySchema,
  visitorAvailabilitySchema,
  visitorMessageListSchema,
  visitorMessagesQuerySchema,
  visitorSessionSchema,
} from "@parley/contract";
import {
  errorResponses,
  jsonBody,
  jsonResponse,
  type OpenApiRegistrar,
} from "../../../platform/http/openapi";

/** The visitor chat section of the contract (issue 18), from the schemas the controller parses with. */
export const registerVisitorDocs: OpenApiRegistrar = (registry) => {
  const tags = ["Visitors"];
  const visitorAuth =
    "Authorization: Bearer <visitorToken> (from POST /api/visitor/sessions). A user token is refused (401).";
  registry.registerPath({
    method: "post",
    path: "/api/visitor/sessions",
    tags,
    security: [],
    summary: "Open an anonymous visitor session (no token); rate-limited per address",
    request: jsonBody(createVisitorSessionBodySchema),
    responses: {
      201: jsonResponse(visitorSessionSchema, "The visitor token (audience parley-visitor)"),
      ...errorResponses(400, 429),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/visitor/messages",
    tags,
    security: [],
    summary: "A visitor writes to support; the first message opens the conversation",
    description:
      `${visitorAuth} Files: upload each with POST /api/uploads and the same visitor token, then name them in ` +
      `attachmentIds (at most ${ATTACHMENTS_PER_MESSAGE_MAX}; the first message may carry them too). As on a ` +
      "shop's message, each must be this visitor's own upload, not yet attached (anything else is 400, and " +
      "nothing is posted), and `body` is required with them. The message's `attachments` come back here, in " +
      "GET /api/visitor/messages and on the socket; the visitor downloads them with its token or a signed link " +
      "(GET /api/attachments/{id}/link).",
    request: jsonBody(postVisitorMessageBodySchema),
    responses: {
      201: jsonResponse(messageSchema, "The message"),
      // The controller answers a retry 200, as on a shop's reply: a client must know it is a success too.
      200: jsonResponse(messageSchema, "A repeated clientMessageId: the first message, nothing added"),
      ...errorResponses(400, 401, 429),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/visitor/messages",
    tags,
    security: [],
    summary: "The visitor's conversation: public messages only",
    description:
      `${visitorAuth} An \`after\` that is not a message of this conversation (another's, one that does not ` +
      "exist, or any before the first message) is 400.",
    request: { query: visitorMessagesQuerySchema },
    responses: {
      200: jsonResponse(visitorMessageListSchema, "Messages, oldest first"),
      ...errorResponses(400, 401, 429),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/visitor/read",
    tags,
    security: [],
    summary: "The visitor has seen support's replies up to upToMessageId (default: all so far)",
    description:
      `${visitorAuth} The replies get their readAt and admins hear message:read, as for a shop's read. The widget ` +
      "sends it while the conversation is on screen. Before the first message there is nothing to read (204), " +
      "and naming a message then is 400, as naming one that is not the conversation's.",
    request: jsonBody(markReadBodySchema),
    responses: { 204: { description: "Marked" }, ...errorResponses(400, 401, 429) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/visitor/availability",
    tags,
    security: [],
    summary: "Whether an admin is online, and when support usually answers",
    description: "Counted per address with the visitor's other reads (RATE_LIMIT_VISITOR_READS_PER_MINUTE).",
    responses: {
      200: jsonResponse(visitorAvailabilitySchema, "Availability"),
      ...errorResponses(400, 429),
    },
  });
};
