import {
  errorResponses,
  jsonBody,
  jsonResponse,
  type OpenApiRegistrar,
} from "../../../platform/http/openapi";
import {
  acceptInviteBodySchema,
  adminIdParamsSchema,
  adminListSchema,
  adminSchema,
  adminSkillsBodySchema,
  bulkBodySchema,
  bulkCountBodySchema,
  bulkCountSchema,
  bulkResultSchema,
  createAdminBodySchema,
  createdAdminSchema,
  renewInviteBodySchema,
  createSavedViewBodySchema,
  inviteInfoSchema,
  inviteQuerySchema,
  loginResponseSchema,
  mergeBodySchema,
  satisfactionBodySchema,
  satisfactionReportQuerySchema,
  satisfactionReportSchema,
  satisfactionSchema,
  savedViewIdParamsSchema,
  savedViewListSchema,
  savedViewSchema,
  setTagsBodySchema,
  updateSavedViewBodySchema,
  similarTicketsQuerySchema,
  teamSettingsSchema,
  ticketIdParamsSchema,
  similarTicketListSchema,
  ticketSatisfactionSchema,
  ticketSchema,
  updateAdminBodySchema,
  updateTeamSettingsBodySchema,
} from "@parley/contract";

const noContent = { description: "Done (no body)" };

/** The contract's "Team" section (issue 16), from the schemas team.controller.ts parses with. */
export const registerTeamDocs: OpenApiRegistrar = (registry) => {
  const team = ["Team"];
  registry.registerPath({
    method: "get",
    path: "/api/admins",
    tags: team,
    summary: "The admin team, with who is online, their open tickets and their skills (admins)",
    responses: { 200: jsonResponse(adminListSchema, "Admins"), ...errorResponses(401, 403) },
  });
  registry.registerPath({
    method: "post",
    path: "/api/admins",
    tags: team,
    summary: "Create an admin (with a password) or invite one (without: a one-time inviteUrl)",
    request: jsonBody(createAdminBodySchema),
    responses: {
      201: jsonResponse(createdAdminSchema, "The new admin"),
      ...errorResponses(400, 401, 403, 409),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/admins/{id}/invite",
    tags: team,
    summary: "A new invite link for an admin invited by Parley who has not set a password",
    description:
      "For a link that expired (7 days), was lost, or was burnt by a deactivation: the old link stops working. An unknown admin is 404; one who is deactivated, or signs in already (a password, or the host's tokens), is 409.",
    request: { params: adminIdParamsSchema, ...jsonBody(renewInviteBodySchema) },
    responses: {
      200: jsonResponse(createdAdminSchema, "The admin, with the new inviteUrl"),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  });
  registry.registerPath({
    method: "patch",
    path: "/api/admins/{id}",
    tags: team,
    summary: "Deactivate or reactivate an admin",
    description:
      "A deactivated admin's tokens get 401 at once, their sockets are disconnected and their open tickets return to the queue. Deactivating yourself, or the last active admin, is 409.",
    request: { params: adminIdParamsSchema, ...jsonBody(updateAdminBodySchema) },
    responses: { 200: jsonResponse(adminSchema, "The admin"), ...errorResponses(400, 401, 403, 404, 409) },
  });
  registry.registerPath({
    method: "put",
    path: "/api/admins/{id}/skills",
    tags: team,
    summary: "The categories an admin takes when auto-assignment uses skills",
    description:
      "Replaces the admin's list (trimmed, lower-cased, duplicates dropped); `GET /api/admins` then shows it as `skills`.",
    request: { params: adminIdParamsSchema, ...jsonBody(adminSkillsBodySchema) },
    responses: { 204: noContent, ...errorResponses(400, 401, 403, 404) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/auth/invite",
    tags: ["Identity"],
    summary: "Who a one-time invite link is for",
    security: [],
    request: { query: inviteQuerySchema },
    responses: { 200: jsonResponse(inviteInfoSchema, "The invitee"), ...errorResponses(400, 404) },
  });
  registry.registerPath({
    method: "post",
    path: "/api/auth/invite",
    tags: ["Identity"],
    summary: "Accept an invite: set the password once and sign in",
    security: [],
    request: jsonBody(acceptInviteBodySchema),
    responses: { 200: jsonResponse(loginResponseSchema, "Signed in"), ...errorResponses(400, 404, 429) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/team/settings",
    tags: team,
    summary: "Auto-assignment settings (off by default)",
    responses: { 200: jsonResponse(teamSettingsSchema, "Settings"), ...errorResponses(401, 403) },
  });
  registry.registerPath({
    method: "put",
    path: "/api/team/settings",
    tags: team,
    summary: "Switch auto-assignment, set the per-admin capacity (≥ 1), skills, offline reassignment",
    request: jsonBody(updateTeamSettingsBodySchema),
    responses: { 200: jsonResponse(teamSettingsSchema, "Settings"), ...errorResponses(400, 401, 403) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/views",
    tags: team,
    summary: "Saved views (own and shared) with live counts",
    responses: { 200: jsonResponse(savedViewListSchema, "Views"), ...errorResponses(401, 403) },
  });
  registry.registerPath({
    method: "post",
    path: "/api/views",
    tags: team,
    summary: "Save a named set of queue filters, personal or shared",
    request: jsonBody(createSavedViewBodySchema),
    responses: { 201: jsonResponse(savedViewSchema, "The view"), ...errorResponses(400, 401, 403) },
  });
  registry.registerPath({
    method: "patch",
    path: "/api/views/{id}",
    tags: team,
    summary: "Rename a saved view, share or unshare it, or replace its filters (its owner only)",
    request: { params: savedViewIdParamsSchema, ...jsonBody(updateSavedViewBodySchema) },
    responses: {
      200: jsonResponse(savedViewSchema, "The view, with its count"),
      ...errorResponses(400, 401, 403, 404),
    },
  });
  registry.registerPath({
    method: "delete",
    path: "/api/views/{id}",
    tags: team,
    summary: "Delete a saved view",
    request: { params: savedViewIdParamsSchema },
    responses: { 204: noContent, ...errorResponses(401, 403, 404) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/analytics/satisfaction",
    tags: team,
    summary: "Satisfaction scores overall, per admin and per category",
    description:
      "The window is from..to, by default the last 30 days; `from` after `to` or a window longer than 366 days is 400, as for the other analytics reports.",
    request: { query: satisfactionReportQuerySchema },
    responses: {
      200: jsonResponse(satisfactionReportSchema, "Scores in the window"),
      ...errorResponses(400, 401, 403),
    },
  });

  const tickets = ["Tickets"];
  registry.registerPath({
    method: "post",
    path: "/api/tickets/bulk/count",
    tags: tickets,
    summary: "How many tickets a filter-based bulk change would take up (at most max)",
    description:
      "Read as POST /api/tickets/bulk reads its filter, so the number said before a change is the number it takes up (as of now).",
    request: jsonBody(bulkCountBodySchema),
    responses: { 200: jsonResponse(bulkCountSchema, "The count"), ...errorResponses(400, 401, 403) },
  });
  registry.registerPath({
    method: "post",
    path: "/api/tickets/bulk",
    tags: tickets,
    summary: "Change many tickets at once: named ids or all matching a filter",
    description:
      "One server job with progress on the socket (bulk:progress). The lifecycle applies to each ticket; a refused or unknown one is listed in skipped with its error code, the others change.",
    request: jsonBody(bulkBodySchema),
    responses: { 200: jsonResponse(bulkResultSchema, "What changed"), ...errorResponses(400, 401, 403, 413) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/tickets/similar",
    tags: tickets,
    summary: "The caller's shop's own open tickets that look like a draft",
    request: { query: similarTicketsQuerySchema },
    responses: {
      200: jsonResponse(similarTicketListSchema, "Similar tickets"),
      ...errorResponses(400, 401, 403),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/tickets/{id}/merge",
    tags: tickets,
    summary: "Merge a duplicate into another ticket of the same shop",
    description:
      "Messages move in time order; the source closes with a pointer (mergedIntoId). Another shop's ticket, itself or an already merged one → 400; a closed target → 409 (reopen it first).",
    request: { params: ticketIdParamsSchema, ...jsonBody(mergeBodySchema) },
    responses: {
      200: jsonResponse(ticketSchema, "The target ticket"),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  });
  registry.registerPath({
    method: "put",
    path: "/api/tickets/{id}/tags",
    tags: tickets,
    summary: "Replace a ticket's tags (admins; shops never see tags)",
    request: { params: ticketIdParamsSchema, ...jsonBody(setTagsBodySchema) },
    responses: { 200: jsonResponse(ticketSchema, "The ticket"), ...errorResponses(400, 401, 403, 404) },
  });
  registry.registerPath({
    method: "post",
    path: "/api/tickets/{id}/satisfaction",
    tags: tickets,
    summary: "The owner shop rates a resolved ticket once (1-5 and a comment)",
    request: { params: ticketIdParamsSchema, ...jsonBody(satisfactionBodySchema) },
    responses: {
      201: jsonResponse(satisfactionSchema, "The rating"),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/tickets/{id}/satisfaction",
    tags: tickets,
    summary: "The ticket's rating, if any",
    request: { params: ticketIdParamsSchema },
    responses: {
      200: jsonResponse(ticketSatisfactionSchema, "The rating or null"),
      ...errorResponses(401, 404),
    },
  });
};
