import { z } from "zod";
import {
  queryInt,
  externalId,
  isoTime,
  str,
  text,
  timeFilter,
  TIME_FILTER_MAX,
  TIME_FILTER_MIN,
} from "./common";
import {
  CATEGORY_MAX,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  ticketPrioritySchema,
  type TicketPriority,
} from "./tickets";

/**
 * Analytics and SLA: policies per priority on a business-hours calendar, the summary a support lead
 * reads, and the alerts the SLA checker sends. Definitions: docs/analytics.md.
 */

export const SLA_WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type SlaWeekday = (typeof SLA_WEEKDAYS)[number];
/**
 * firstResponse: creation to the first public admin reply; nextResponse: a shop message that follows an
 * admin reply to the next public admin reply (each such exchange is a new cycle); resolution: creation to
 * resolved. All paused while waiting on the shop or resolved.
 */
export const SLA_TARGETS = ["firstResponse", "nextResponse", "resolution"] as const;
export type SlaTargetName = (typeof SLA_TARGETS)[number];
/** Share of a target's business time after which the checker warns (percent). */
export const SLA_WARNING_THRESHOLDS = [75, 90] as const;

/** The longest target a policy accepts: a year of minutes. Anything longer is a typo, not a policy. */
export const SLA_TARGET_MAX_MINUTES = 525_600;
export const SLA_HOLIDAYS_MAX = 400;
export const SLA_HOURS_MAX = 70;
/** The widest period every report accepts (summary, drill-down, breakdown, export, satisfaction). */
export const ANALYTICS_MAX_DAYS = 366;
export const ANALYTICS_DEFAULT_DAYS = 30;

const DAY_MS = 86_400_000;

/** Why a report's period is refused: the message and details of its 400 VALIDATION_FAILED. */
export type AnalyticsPeriodProblem = { message: string; details: Array<{ path: string; message: string }> };

/**
 * The period of every report, its one definition: [from, to), missing ends default to the
 * ANALYTICS_DEFAULT_DAYS up to `now`; `from` after `to`, or more than ANALYTICS_MAX_DAYS days, is a problem
 * the server answers with 400.
 */
export function analyticsPeriod(
  q: { from?: Date; to?: Date },
  now: Date,
): { from: Date; to: Date; problem: AnalyticsPeriodProblem | null } {
  const to = q.to ?? now;
  const from = q.from ?? new Date(to.getTime() - ANALYTICS_DEFAULT_DAYS * DAY_MS);
  if (from > to) {
    return {
      from,
      to,
      problem: {
        message: "The period is reversed.",
        details: [{ path: "from", message: "from must not be after to." }],
      },
    };
  }
  if (to.getTime() - from.getTime() > ANALYTICS_MAX_DAYS * DAY_MS) {
    return {
      from,
      to,
      problem: {
        message: "The period is too long.",
        details: [{ path: "from", message: `A period spans at most ${ANALYTICS_MAX_DAYS} days.` }],
      },
    };
  }
  return { from, to, problem: null };
}

const HHMM_RE = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const hhmm = z.string().regex(HHMM_RE, "Must be a time of day HH:MM (00:00 to 24:00).");
export const minutesOfDay = (s: string): number => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (s: string) => {
  if (!DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};
// A holiday in year 0 is a typo, and one where PostgreSQL and JavaScript disagree about the calendar: the
// range is the one time filters allow (common.ts). As YYYY-MM-DD strings, order is date order.
const FIRST_DATE = TIME_FILTER_MIN.toISOString().slice(0, 10);
const LAST_DATE = TIME_FILTER_MAX.toISOString().slice(0, 10);
const calendarDate = z
  .string()
  .refine(isRealDate, { message: "Must be a date YYYY-MM-DD.", abort: true })
  .refine((s) => s >= FIRST_DATE && s <= LAST_DATE, {
    message: `Must be a date between ${FIRST_DATE} and ${LAST_DATE}.`,
  });

/** Whether the runtime knows this IANA time zone (Node and browsers both ship the tz database). */
export function isTimeZone(tz: string): boolean {
  if (tz.length === 0 || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const businessHoursSchema = z
  .strictObject({ day: z.enum(SLA_WEEKDAYS), start: hhmm, end: hhmm })
  .refine((h) => minutesOfDay(h.start) < minutesOfDay(h.end), {
    message: "start must be before end (a span past midnight is two spans).",
    path: ["end"],
  })
  .meta({ id: "BusinessHours" });
export type BusinessHours = z.infer<typeof businessHoursSchema>;

export const slaCalendarSchema = z
  .strictObject({
    timeZone: z.string().refine(isTimeZone, { message: "Must be an IANA time zone such as Europe/Berlin." }),
    hours: z.array(businessHoursSchema).min(1).max(SLA_HOURS_MAX),
    holidays: z.array(calendarDate).max(SLA_HOLIDAYS_MAX).default([]),
  })
  .superRefine((cal, ctx) => {
    for (const day of SLA_WEEKDAYS) {
      const spans = cal.hours
        .map((h, i) => ({ i, s: minutesOfDay(h.start), e: minutesOfDay(h.end), day: h.day }))
        .filter((h) => h.day === day)
        .sort((a, b) => a.s - b.s);
      for (let k = 1; k < spans.length; k++) {
        if (spans[k]!.s < spans[k - 1]!.e) {
          ctx.addIssue({
            code: "custom",
            path: ["hours", spans[k]!.i],
            message: `Overlaps another span on ${day}.`,
          });
        }
      }
    }
    const seen = new Set<string>();
    cal.holidays.forEach((d, i) => {
      if (seen.has(d)) ctx.addIssue({ code: "custom", path: ["holidays", i], message: "Listed twice." });
      seen.add(d);
    });
  })
  .meta({ id: "SlaCalendar" });
export type SlaCalendar = z.output<typeof slaCalendarSchema>;

const targetMinutes = z.number().int().min(1).max(SLA_TARGET_MAX_MINUTES);

export const slaTargetSchema = z
  .strictObject({
    priority: ticketPrioritySchema,
    firstResponseMinutes: targetMinutes.meta({ description: "Business minutes to the first public reply." }),
    nextResponseMinutes: targetMinutes.optional().meta({
      description:
        "Business minutes from a shop message that follows an admin reply to the next admin reply. Default (and for policies saved before it existed): firstResponseMinutes.",
    }),
    resolutionMinutes: targetMinutes.meta({
      description: "Business minutes to resolution, the clock paused while waiting on the shop.",
    }),
  })
  .meta({ id: "SlaTarget" });
export type SlaTarget = z.infer<typeof slaTargetSchema>;

const readOnly = (what: string) =>
  `Read-only: ${what}. Accepted so that the document GET returns can be sent back as it is, and ignored (the server sets it).`;

export const putSlaPoliciesBodySchema = z
  .strictObject({
    calendar: slaCalendarSchema,
    targets: z
      .array(slaTargetSchema)
      .length(TICKET_PRIORITIES.length)
      .refine((ts) => new Set(ts.map((t) => t.priority)).size === TICKET_PRIORITIES.length, {
        message: "One target per priority: low, medium, high, urgent.",
      }),
    // GET /api/sla-policies answers with these too; a read-modify-write client echoes them. Any other
    // unknown field is still 400 (strict), so nothing a client believes it set is dropped unseen.
    updatedAt: str()
      .max(100)
      .optional()
      .meta({ description: readOnly("when the policy was last saved") }),
    updatedBy: str()
      .max(255)
      .nullable()
      .optional()
      .meta({ description: readOnly("who saved it last") }),
    appliesTo: str()
      .max(200)
      .optional()
      .meta({ description: readOnly("which tickets the policy applies to") }),
  })
  .meta({
    id: "PutSlaPoliciesBody",
    description:
      "calendar and targets replace the policy. updatedAt, updatedBy and appliesTo, as GET returns them, are " +
      "read-only: optional here and ignored (the server sets them), so a GET body can be sent back unchanged. " +
      "Any other field is 400.",
  });
export type PutSlaPoliciesBody = z.input<typeof putSlaPoliciesBodySchema>;

export const slaPoliciesSchema = z
  .object({
    calendar: slaCalendarSchema,
    targets: z.array(slaTargetSchema),
    updatedAt: isoTime,
    updatedBy: z.string().nullable(),
    appliesTo: z.literal("tickets created after updatedAt").meta({
      description: "A policy change never moves the deadlines of tickets that already exist.",
    }),
  })
  .meta({ id: "SlaPolicies" });
export type SlaPolicies = z.infer<typeof slaPoliciesSchema>;

// ---- analytics ----

export const analyticsQuerySchema = z
  .strictObject({
    from: timeFilter()
      .optional()
      .meta({ description: "Start of the period (inclusive). Default: to − 30 days." }),
    to: timeFilter().optional().meta({ description: "End of the period (exclusive). Default: now." }),
    shopId: externalId().optional(),
    assigneeId: externalId().optional(),
    priority: ticketPrioritySchema.optional(),
    category: text(1, CATEGORY_MAX).optional(),
  })
  .meta({ id: "AnalyticsQuery" });
export type AnalyticsQuery = z.output<typeof analyticsQuerySchema>;

const percentiles = z.object({ median: z.number().nullable(), p90: z.number().nullable() });

export const analyticsSummarySchema = z
  .object({
    created: z.number().int(),
    resolved: z.number().int(),
    backlog: z.object({
      byStatus: z.object({ open: z.number().int(), in_progress: z.number().int() }),
      byPriority: z.object(
        Object.fromEntries(TICKET_PRIORITIES.map((p) => [p, z.number().int()])) as Record<
          TicketPriority,
          z.ZodNumber
        >,
      ),
    }),
    firstResponseSeconds: percentiles,
    resolutionSeconds: percentiles,
    sla: z.object({ attainment: z.number().nullable() }),
    series: z.array(z.object({ date: z.string(), created: z.number().int(), resolved: z.number().int() })),
  })
  .meta({ id: "AnalyticsSummary" });
export type AnalyticsSummary = z.infer<typeof analyticsSummarySchema>;

// ---- drill-down and breakdowns (the Analytics page) ----

/**
 * Which tickets a figure of the summary counts: created (created in the period), resolved (latest
 * resolution in the period), backlog (open or in progress now, created before `to`), breached (created in
 * the period with a missed deadline: the complement of SLA attainment).
 */
export const ANALYTICS_FIGURES = ["created", "resolved", "backlog", "breached"] as const;
export type AnalyticsFigure = (typeof ANALYTICS_FIGURES)[number];
export const ANALYTICS_BREAKDOWNS = ["assignee", "shop", "category", "priority"] as const;
export type AnalyticsBreakdownBy = (typeof ANALYTICS_BREAKDOWNS)[number];
export const ANALYTICS_TICKETS_DEFAULT = 50;
export const ANALYTICS_TICKETS_MAX = 200;
/** At most this many groups per breakdown (the busiest first). */
export const ANALYTICS_BREAKDOWN_MAX = 50;

/** The export's query: the summary's filters and which figure's tickets (default created). */
export const analyticsExportQuerySchema = analyticsQuerySchema
  .extend({ figure: z.enum(ANALYTICS_FIGURES).default("created") })
  .meta({ id: "AnalyticsExportQuery" });
export type AnalyticsExportQuery = z.output<typeof analyticsExportQuerySchema>;

export const analyticsTicketsQuerySchema = analyticsExportQuerySchema
  .extend({
    limit: queryInt(1, ANALYTICS_TICKETS_MAX).default(ANALYTICS_TICKETS_DEFAULT),
  })
  .meta({ id: "AnalyticsTicketsQuery" });
export type AnalyticsTicketsQuery = z.output<typeof analyticsTicketsQuerySchema>;

export const analyticsTicketSchema = z
  .object({
    id: z.string(),
    number: z.number().int(),
    shopId: z.string().nullable().meta({ description: "null: a website visitor's conversation (no shop)." }),
    subject: z.string(),
    status: z.enum(TICKET_STATUSES),
    priority: ticketPrioritySchema,
    category: z.string().nullable(),
    assigneeId: z.string().nullable(),
    createdAt: isoTime,
    resolvedAt: isoTime.nullable(),
    breached: z.boolean(),
  })
  .meta({ id: "AnalyticsTicket" });
export type AnalyticsTicket = z.infer<typeof analyticsTicketSchema>;
export const analyticsTicketListSchema = z
  .object({ items: z.array(analyticsTicketSchema), total: z.number().int() })
  .meta({ id: "AnalyticsTicketList" });
export type AnalyticsTicketList = z.infer<typeof analyticsTicketListSchema>;

export const analyticsBreakdownQuerySchema = analyticsQuerySchema
  .extend({ by: z.enum(ANALYTICS_BREAKDOWNS) })
  .meta({ id: "AnalyticsBreakdownQuery" });
export type AnalyticsBreakdownQuery = z.output<typeof analyticsBreakdownQuerySchema>;

export const analyticsBreakdownSchema = z
  .object({
    by: z.enum(ANALYTICS_BREAKDOWNS),
    items: z.array(
      z.object({
        key: z
          .string()
          .nullable()
          .meta({ description: "The admin, shop, category or priority; null for none." }),
        created: z.number().int(),
        resolved: z.number().int(),
        backlog: z.number().int(),
        breached: z.number().int(),
        attainment: z.number().nullable(),
      }),
    ),
  })
  .meta({ id: "AnalyticsBreakdown" });
export type AnalyticsBreakdown = z.infer<typeof analyticsBreakdownSchema>;

/** The statuses the backlog counts (work still to do). */
export const BACKLOG_STATUSES = TICKET_STATUSES.filter((s) => s === "open" || s === "in_progress");

// ---- socket alerts (to admins) ----

/** As the ticket's own shopId: a website visitor's conversation belongs to no shop. */
const alertShopId = z
  .string()
  .nullable()
  .meta({ description: "null: a website visitor's conversation (no shop), as the ticket's shopId." });

export const slaWarningSchema = z
  .object({
    ticketId: z.string(),
    number: z.number().int(),
    shopId: alertShopId,
    target: z.enum(SLA_TARGETS),
    threshold: z.union([z.literal(75), z.literal(90)]),
    dueAt: isoTime,
  })
  .meta({ id: "SlaWarning" });
export type SlaWarning = z.infer<typeof slaWarningSchema>;

export const slaBreachSchema = z
  .object({
    ticketId: z.string(),
    number: z.number().int(),
    shopId: alertShopId,
    target: z.enum(SLA_TARGETS),
    dueAt: isoTime,
  })
  .meta({ id: "SlaBreach" });
export type SlaBreach = z.infer<typeof slaBreachSchema>;
