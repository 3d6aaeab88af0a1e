import { Router, type RequestHandler } from "express";
import {
  analyticsPeriod,
  renewInviteBodySchema,
  adminSkillsBodySchema,
  bulkBodySchema,
  bulkCountBodySchema,
  createAdminBodySchema,
  createSavedViewBodySchema,
  mergeBodySchema,
  satisfactionBodySchema,
  setTagsBodySchema,
  satisfactionReportQuerySchema,
  similarTicketsQuerySchema,
  updateAdminBodySchema,
  updateSavedViewBodySchema,
  updateTeamSettingsBodySchema,
  type Admin,
  type Satisfaction,
} from "@parley/contract";
import { noQuery, parse } from "../../../platform/http/validate";
import { principalOf, requireRole } from "../../../platform/http/auth";
import { ValidationError } from "../../../shared/app-error";
import type { AdminPrincipal } from "../../../shared/principal";
import type { BulkService } from "../service/bulk.service";
import type { MergeService } from "../service/merge.service";
import type { SatisfactionService } from "../service/satisfaction.service";
import type { TagsService } from "../service/tags.service";
import type { AssignmentService } from "../service/assignment.service";
import type { SatisfactionRow } from "../repository/team.repository";
import { toTicketDto } from "./ticket.mappers";

/** What the team screen asks of the identity domain (wired in modules.ts). */
export type TeamAdminsPort = {
  list(): Promise<
    Array<{ id: string; email: string | null; name: string | null; active: boolean; invited: boolean }>
  >;
  create(input: { email: string; name: string; password?: string }): Promise<{
    admin: { id: string; email: string | null; name: string | null; active: boolean; invited: boolean };
    inviteToken: string | null;
  }>;
  /** A new invite link for an invited admin who has not set a password (404 / 409 otherwise). */
  renewInvite(id: string): Promise<{
    admin: { id: string; email: string | null; name: string | null; active: boolean; invited: boolean };
    inviteToken: string;
  }>;
  /** `actorId`: the admin making the change (none may deactivate themselves). */
  setActive(
    id: string,
    active: boolean,
    actorId: string,
  ): Promise<{ id: string; email: string | null; name: string | null; active: boolean; invited: boolean }>;
};

export type TeamGuards = {
  authenticate: RequestHandler;
  writeRateLimit: RequestHandler;
  readRateLimit: RequestHandler;
};

const toSatisfactionDto = (s: SatisfactionRow): Satisfaction => ({
  ticketId: s.ticketId,
  score: s.score,
  comment: s.comment,
  createdAt: s.createdAt.toISOString(),
});

const idParam = (req: Parameters<RequestHandler>[0]) => String(req.params.id);
const adminOf = (req: Parameters<RequestHandler>[0]) => principalOf(req) as AdminPrincipal;

/** /api/admins, /api/team/settings, /api/views, /api/analytics/satisfaction and the team routes under /api/tickets. */
export function createTeamRouter(deps: {
  guards: TeamGuards;
  admins: TeamAdminsPort;
  /** Deactivation's side effects: tickets back to the queue, sockets disconnected. */
  onDeactivated(adminId: string, actorId: string): Promise<void>;
  bulk: BulkService;
  merge: MergeService;
  satisfaction: SatisfactionService;
  tags: TagsService;
  assignment: AssignmentService;
  isOnline(userId: string): Promise<boolean>;
}) {
  const { guards } = deps;
  const router = Router();
  const any = [guards.authenticate, guards.writeRateLimit, guards.readRateLimit];
  const admin = [...any, requireRole("admin")];

  const adminDto = async (
    a: { id: string; email: string | null; name: string | null; active: boolean; invited: boolean },
    counts?: Map<string, number>,
    online?: Set<string>,
    skills?: Map<string, string[]>,
  ): Promise<Admin> => ({
    id: a.id,
    email: a.email,
    name: a.name,
    active: a.active,
    invited: a.invited,
    online: a.active && (online ? online.has(a.id) : await deps.isOnline(a.id)),
    openTickets: (counts ?? (await deps.assignment.openCountsByAssignee())).get(a.id) ?? 0,
    skills: (skills ?? (await deps.assignment.skillsByAdmin())).get(a.id) ?? [],
  });

  router.get("/admins", ...admin, noQuery, async (_req, res) => {
    const [list, counts, online, skills] = await Promise.all([
      deps.admins.list(),
      deps.assignment.openCountsByAssignee(),
      deps.assignment.onlineAdmins(),
      deps.assignment.skillsByAdmin(),
    ]);
    const onlineSet = new Set(online);
    res.json({ items: await Promise.all(list.map((a) => adminDto(a, counts, onlineSet, skills))) });
  });

  const inviteUrl = (token: string | null) => (token ? `/invite?token=${encodeURIComponent(token)}` : null);

  router.post("/admins", ...admin, noQuery, async (req, res) => {
    const body = parse(createAdminBodySchema, req.body ?? {}, "admin");
    const { admin: created, inviteToken } = await deps.admins.create(body);
    res.status(201).json({ ...(await adminDto(created)), inviteUrl: inviteUrl(inviteToken) });
  });

  router.post("/admins/:id/invite", ...admin, noQuery, async (req, res) => {
    parse(renewInviteBodySchema, req.body ?? {}, "invite request");
    const { admin: invited, inviteToken } = await deps.admins.renewInvite(idParam(req));
    res.json({ ...(await adminDto(invited)), inviteUrl: inviteUrl(inviteToken) });
  });

  router.patch("/admins/:id", ...admin, noQuery, async (req, res) => {
    const body = parse(updateAdminBodySchema, req.body ?? {}, "admin update");
    const updated = await deps.admins.setActive(idParam(req), body.active, adminOf(req).userId);
    if (!body.active) await deps.onDeactivated(updated.id, adminOf(req).userId);
    res.json(await adminDto(updated));
  });

  router.put("/admins/:id/skills", ...admin, noQuery, async (req, res) => {
    const body = parse(adminSkillsBodySchema, req.body ?? {}, "skills");
    await deps.assignment.setSkills(idParam(req), body.skills);
    res.status(204).end();
  });

  router.get("/team/settings", ...admin, noQuery, async (_req, res) => {
    res.json(await deps.assignment.settings());
  });

  router.put("/team/settings", ...admin, noQuery, async (req, res) => {
    const body = parse(updateTeamSettingsBodySchema, req.body ?? {}, "team settings");
    res.json(await deps.assignment.updateSettings(adminOf(req), body));
  });

  router.get("/views", ...admin, noQuery, async (req, res) => {
    res.json({ items: await deps.tags.listViews(adminOf(req)) });
  });
  router.post("/views", ...admin, noQuery, async (req, res) => {
    const body = parse(createSavedViewBodySchema, req.body ?? {}, "view");
    res.status(201).json(await deps.tags.createView(adminOf(req), body));
  });
  router.patch("/views/:id", ...admin, noQuery, async (req, res) => {
    const body = parse(updateSavedViewBodySchema, req.body ?? {}, "view");
    res.json(await deps.tags.updateView(adminOf(req), idParam(req), body));
  });
  router.delete("/views/:id", ...admin, noQuery, async (req, res) => {
    await deps.tags.deleteView(adminOf(req), idParam(req));
    res.status(204).end();
  });

  router.get("/analytics/satisfaction", ...admin, async (req, res) => {
    const q = parse(satisfactionReportQuerySchema, req.query, "query");
    const { from, to, problem } = analyticsPeriod(q, new Date());
    if (problem) throw new ValidationError(problem.message, problem.details);
    res.json(await deps.satisfaction.report(from, to));
  });

  router.post("/tickets/bulk/count", ...admin, noQuery, async (req, res) => {
    const body = parse(bulkCountBodySchema, req.body ?? {}, "bulk count");
    res.json(await deps.tags.countMatching(adminOf(req), body.filter));
  });

  router.post("/tickets/bulk", ...admin, noQuery, async (req, res) => {
    const body = parse(bulkBodySchema, req.body ?? {}, "bulk request");
    res.json(await deps.bulk.run(adminOf(req), body));
  });

  router.get("/tickets/similar", ...any, async (req, res) => {
    const q = parse(similarTicketsQuerySchema, req.query, "query");
    const items = await deps.merge.similar(principalOf(req), q.q);
    res.json({ items: items.map((t) => toTicketDto(t, t.unreadCount, "shop")) });
  });

  router.post("/tickets/:id/merge", ...admin, noQuery, async (req, res) => {
    const body = parse(mergeBodySchema, req.body ?? {}, "merge request");
    const target = await deps.merge.merge(adminOf(req), idParam(req), body.intoTicketId);
    res.json(toTicketDto(target, target.unreadCount));
  });

  router.put("/tickets/:id/tags", ...admin, noQuery, async (req, res) => {
    const body = parse(setTagsBodySchema, req.body ?? {}, "tags");
    const ticket = await deps.tags.setTags(adminOf(req), idParam(req), body.tags);
    res.json(toTicketDto(ticket, ticket.unreadCount));
  });

  router.post("/tickets/:id/satisfaction", ...any, noQuery, async (req, res) => {
    const body = parse(satisfactionBodySchema, req.body ?? {}, "rating");
    const saved = await deps.satisfaction.rate(principalOf(req), idParam(req), body);
    res.status(201).json(toSatisfactionDto(saved));
  });

  router.get("/tickets/:id/satisfaction", ...any, noQuery, async (req, res) => {
    const saved = await deps.satisfaction.get(principalOf(req), idParam(req));
    res.json({ rating: saved ? toSatisfactionDto(saved) : null });
  });

  return router;
}
