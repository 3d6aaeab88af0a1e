/**
 * Typed fetchers for team operations (issue 16): admins, invites, settings, tags, bulk, merge, satisfaction,
 * saved views.
 */
import { z } from "zod";
import {
  adminListSchema,
  bulkCountSchema,
  bulkResultSchema,
  createdAdminSchema,
  adminSchema,
  satisfactionSchema,
  savedViewListSchema,
  savedViewSchema,
  teamSettingsSchema,
  ticketListSchema,
  ticketSchema,
  type BulkBody,
  type BulkFilter,
  type CreateAdminBody,
  type SavedView,
  type TeamSettings,
  type UpdateSavedViewBody,
} from "@parley/contract";
import { request, requestNoContent } from "../../../services/api/client";

const ticketPath = (id: string) => `/api/tickets/${encodeURIComponent(id)}`;

export const listTeam = () => request(adminListSchema, "/api/admins").then((r) => r.items);
export const createAdmin = (body: CreateAdminBody) =>
  request(createdAdminSchema, "/api/admins", { method: "POST", body });
/** A new invite link for an invited admin who has not set a password; the old link stops working. */
export const renewInvite = (id: string) =>
  request(createdAdminSchema, `/api/admins/${encodeURIComponent(id)}/invite`, { method: "POST", body: {} });
export const setAdminActive = (id: string, active: boolean) =>
  request(adminSchema, `/api/admins/${encodeURIComponent(id)}`, { method: "PATCH", body: { active } });

/** Replaces the admin's skills (the server trims, lower-cases and drops duplicates); 204. */
export const setAdminSkills = (id: string, skills: string[]) =>
  requestNoContent(`/api/admins/${encodeURIComponent(id)}/skills`, { method: "PUT", body: { skills } });

export const getTeamSettings = () => request(teamSettingsSchema, "/api/team/settings");
export const putTeamSettings = (body: Partial<TeamSettings>) =>
  request(teamSettingsSchema, "/api/team/settings", { method: "PUT", body });

export const inviteInfoSchema = z.object({ email: z.string().nullable(), name: z.string().nullable() });
export const getInvite = (token: string) =>
  request(inviteInfoSchema, "/api/auth/invite", { query: { token } });
export const acceptInvite = (token: string, password: string) =>
  request(z.object({ token: z.string() }).loose(), "/api/auth/invite", {
    method: "POST",
    body: { token, password },
  });

export const setTicketTags = (id: string, tags: string[]) =>
  request(ticketSchema, `${ticketPath(id)}/tags`, { method: "PUT", body: { tags } });
export const runBulk = (body: BulkBody) =>
  request(bulkResultSchema, "/api/tickets/bulk", { method: "POST", body });
/** How many tickets a bulk change over `filter` would take up, as the bulk job reads the filter. */
export const countBulk = (filter: BulkFilter) =>
  request(bulkCountSchema, "/api/tickets/bulk/count", { method: "POST", body: { filter } });
export const mergeTicket = (id: string, intoTicketId: string) =>
  request(ticketSchema, `${ticketPath(id)}/merge`, { method: "POST", body: { intoTicketId } });
export const similarTickets = (q: string) =>
  request(ticketListSchema.pick({ items: true }), "/api/tickets/similar", { query: { q } }).then(
    (r) => r.items,
  );

export const getSatisfaction = (id: string) =>
  request(z.object({ rating: satisfactionSchema.nullable() }), `${ticketPath(id)}/satisfaction`).then(
    (r) => r.rating,
  );
export const rateTicket = (id: string, body: { score: number; comment?: string }) =>
  request(satisfactionSchema, `${ticketPath(id)}/satisfaction`, { method: "POST", body });

export const listViews = () => request(savedViewListSchema, "/api/views").then((r) => r.items);
export type NewSavedView = Pick<SavedView, "name" | "shared" | "filters">;
export const createView = (body: NewSavedView) =>
  request(savedViewSchema, "/api/views", { method: "POST", body });
const viewPath = (id: string) => `/api/views/${encodeURIComponent(id)}`;
export const updateView = (id: string, body: UpdateSavedViewBody) =>
  request(savedViewSchema, viewPath(id), { method: "PATCH", body });
export const deleteView = (id: string) => requestNoContent(viewPath(id), { method: "DELETE" });
