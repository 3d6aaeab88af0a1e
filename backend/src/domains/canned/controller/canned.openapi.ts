import {
  errorResponses,
  jsonBody,
  jsonResponse,
  type OpenApiRegistrar,
} from "../../../platform/http/openapi";
import {
  CANNED_PLACEHOLDERS,
  cannedResponseBodySchema,
  cannedResponseGetParamsSchema,
  cannedResponseListSchema,
  cannedResponsePatchSchema,
  cannedResponseSchema,
} from "@parley/contract";

/** The canned responses of the contract's "Team" section. */
export const registerCannedDocs: OpenApiRegistrar = (registry) => {
  const tags = ["Canned responses"];
  const placeholders = `Bodies may use ${CANNED_PLACEHOLDERS.map((p) => `{{${p}}}`).join(", ")}; the reply box fills them.`;
  // Said where a body is written: anything else in double braces would reach the shop as raw text.
  const refused = `${placeholders} Any other {{…}} is 400 VALIDATION_FAILED naming it (details[0].placeholders).`;
  registry.registerPath({
    method: "get",
    path: "/api/canned-responses",
    tags,
    summary: "Every saved reply, by title (admins)",
    description: placeholders,
    responses: {
      200: jsonResponse(cannedResponseListSchema, "Saved replies"),
      ...errorResponses(400, 401, 403),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/canned-responses",
    tags,
    summary: "Save a reply (admins)",
    description: refused,
    request: jsonBody(cannedResponseBodySchema),
    responses: { 201: jsonResponse(cannedResponseSchema, "Created"), ...errorResponses(400, 401, 403, 409) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/canned-responses/{id}",
    tags,
    summary: "One saved reply (admins); unknown or malformed id: 404",
    description: placeholders,
    request: { params: cannedResponseGetParamsSchema },
    responses: {
      200: jsonResponse(cannedResponseSchema, "The saved reply, as in the list"),
      ...errorResponses(400, 401, 403, 404),
    },
  });
  registry.registerPath({
    method: "patch",
    path: "/api/canned-responses/{id}",
    tags,
    summary: "Change a saved reply's title or body (admins)",
    description: `${refused} A title-only change is not checked.`,
    request: { params: cannedResponseGetParamsSchema, ...jsonBody(cannedResponsePatchSchema) },
    responses: { 200: jsonResponse(cannedResponseSchema, "Updated"), ...errorResponses(400, 401, 403, 404) },
  });
  registry.registerPath({
    method: "delete",
    path: "/api/canned-responses/{id}",
    tags,
    summary: "Delete a saved reply (admins)",
    request: { params: cannedResponseGetParamsSchema },
    responses: { 204: { description: "Deleted" }, ...errorResponses(400, 401, 403, 404) },
  });
};
