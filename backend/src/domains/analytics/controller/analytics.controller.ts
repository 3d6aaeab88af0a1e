import { Router, type RequestHandler } from "express";
import { noQuery, parse } from "../../../platform/http/validate";
import { principalOf, requireRole } from "../../../platform/http/auth";
import {
  analyticsBreakdownQuerySchema,
  analyticsExportQuerySchema,
  analyticsQuerySchema,
  analyticsTicketsQuerySchema,
  putSlaPoliciesBodySchema,
  type SlaPolicies,
} from "@parley/contract";
import type { AnalyticsService } from "../service/analytics.service";
import type { SlaService } from "../service/sla.service";
import type { StoredPolicy } from "../repository/sla.repository";

export type AnalyticsGuards = { authenticate: RequestHandler; writeRateLimit: RequestHandler };

export function toSlaPoliciesDto(p: StoredPolicy): SlaPolicies {
  return {
    calendar: { timeZone: p.calendar.timeZone, hours: p.calendar.hours, holidays: p.calendar.holidays },
    targets: p.targets.map((t) => ({
      priority: t.priority,
      firstResponseMinutes: t.firstResponseMinutes,
      nextResponseMinutes: t.nextResponseMinutes ?? t.firstResponseMinutes,
      resolutionMinutes: t.resolutionMinutes,
    })),
    updatedAt: p.updatedAt.toISOString(),
    updatedBy: p.updatedBy,
    appliesTo: "tickets created after updatedAt",
  };
}

/** /api/analytics and /api/sla-policies (admins; the services refuse shops with 403). */
export function createAnalyticsRouter(deps: {
  analytics: AnalyticsService;
  sla: SlaService;
  guards: AnalyticsGuards;
}) {
  const { analytics, sla, guards } = deps;
  const router = Router();
  // Role before input: a shop hears 403 whatever it sends (the services refuse shops too).
  const adminOnly = requireRole("admin");

  router.get("/analytics/summary", guards.authenticate, adminOnly, async (req, res) => {
    const query = parse(analyticsQuerySchema, req.query, "query");
    res.json(await analytics.summary(principalOf(req), query));
  });

  router.get("/analytics/tickets", guards.authenticate, adminOnly, async (req, res) => {
    const query = parse(analyticsTicketsQuerySchema, req.query, "query");
    res.json(await analytics.tickets(principalOf(req), query));
  });

  router.get("/analytics/breakdown", guards.authenticate, adminOnly, async (req, res) => {
    const query = parse(analyticsBreakdownQuerySchema, req.query, "query");
    res.json(await analytics.breakdown(principalOf(req), query));
  });

  router.get("/analytics/export.csv", guards.authenticate, adminOnly, async (req, res) => {
    const query = parse(analyticsExportQuerySchema, req.query, "query");
    const { csv, truncated } = await analytics.exportCsv(principalOf(req), query);
    res.setHeader("Content-Type", "text/csv; charset=utf-8");
    res.setHeader("Content-Disposition", 'attachment; filename="tickets.csv"');
    if (truncated) res.setHeader("X-Truncated", "true");
    res.send(csv);
  });

  router.get("/sla-policies", guards.authenticate, adminOnly, noQuery, async (req, res) => {
    res.json(toSlaPoliciesDto(await sla.getPolicies(principalOf(req))));
  });

  router.put(
    "/sla-policies",
    guards.authenticate,
    adminOnly,
    guards.writeRateLimit,
    noQuery,
    async (req, res) => {
      const body = parse(putSlaPoliciesBodySchema, req.body ?? {}, "SLA policy");
      res.json(toSlaPoliciesDto(await sla.putPolicies(principalOf(req), body)));
    },
  );

  return router;
}
