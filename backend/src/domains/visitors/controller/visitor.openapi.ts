import {
  createVisitorSessionBodySchema,
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
    description: visitorAuth,
    request: jsonBody(postVisitorMessageBodySchema),
    responses: { 201: jsonResponse(messageSchema, "The message"), ...errorResponses(400, 401, 429) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/visitor/messages",
    tags,
    security: [],
    summary: "The visitor's conversation: public messages only",
    description: visitorAuth,
    request: { query: visitorMessagesQuerySchema },
    responses: {
      200: jsonResponse(visitorMessageListSchema, "Messages, oldest first"),
      ...errorResponses(400, 401, 429),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/visitor/availability",
    tags,
    security: [],
    summary: "Whether an admin is online, and when support usually answers",
    responses: { 200: jsonResponse(visitorAvailabilitySchema, "Availability") },
  });
};
