import { z } from "zod";
import {
  externalId,
  hasVisibleText,
  isoTime,
  itemsOf,
  line,
  str,
  text,
  timeFilter,
  utf8Bytes,
  uuid,
} from "./common";
import {
  CATEGORY_MAX,
  RELEVANCE_NEEDS_QUERY,
  relevanceWithoutQuery,
  TICKET_PRIORITIES,
  TICKET_SLA_FILTERS,
  TICKET_SORTS,
  TICKET_SOURCES,
  TICKET_STATUSES,
  listTicketsQuerySchema,
  ticketPrioritySchema,
  ticketSchema,
  ticketStatusSchema,
} from "./tickets";
import { tagListSchema, tagSchema } from "./tags";

/** Team operations (issue 16): admins, auto-assignment, tags, bulk actions, merge, satisfaction, saved views. */

/** Ids a bulk request may name directly; larger sets go by `filter`. */
export const BULK_IDS_MAX = 10_000;
/** Tickets a filter-based bulk request may touch at once. */
export const BULK_FILTER_MAX = 50_000;
export const SATISFACTION_COMMENT_MAX = 2000;
/** A score at or below this alerts the assignee. */
export const LOW_SATISFACTION_SCORE = 2;

// ---- admins ----

export const adminSchema = z
  .object({
    id: z.string(),
    email: z.string().nullable(),
    name: z.string().nullable(),
    active: z.boolean(),
    online: z.boolean(),
    /** True while an invite link is outstanding (no password set yet). */
    invited: z.boolean(),
    openTickets: z.number().int(),
    /**
     * The ticket categories this admin takes first when auto-assignment routes by skills (lower case, as
     * stored); `[]` for none. Set with `PUT /api/admins/:id/skills`.
     */
    skills: z.array(z.string()).meta({
      description: "Ticket categories this admin takes first when auto-assignment routes by skills.",
    }),
  })
  .meta({ id: "Admin" });
export type Admin = z.infer<typeof adminSchema>;
export const adminListSchema = itemsOf(adminSchema).meta({ id: "AdminList" });

/** bcrypt hashes only a password's first 72 bytes: anything after them would not count. */
export const PASSWORD_MAX_BYTES = 72;

/** A password being set: 8 characters at least, and at most 72 bytes (UTF-8), all of which count. */
/** An admin's display name: at most this many characters. */
export const ADMIN_NAME_MAX = 255;

const newPassword = () =>
  str()
    .min(8)
    .refine((p) => utf8Bytes(p) <= PASSWORD_MAX_BYTES, {
      message: `Must be at most ${PASSWORD_MAX_BYTES} bytes (about ${PASSWORD_MAX_BYTES} letters): longer passwords would count only their start.`,
    })
    // Eight spaces, tabs or zero-width characters are a password nobody chose (a paste gone wrong).
    .refine(hasVisibleText, {
      message: "Must contain visible characters, not only spaces or invisible ones.",
    });

export const createAdminBodySchema = z
  .strictObject({
    // 254: the longest address SMTP can carry (RFC 5321's 256-octet path, less its angle brackets).
    email: str().trim().toLowerCase().pipe(z.email()).pipe(z.string().max(254)),
    // One line, as it shows in the team list and beside every reply.
    name: line(1, ADMIN_NAME_MAX),
    password: newPassword().optional(),
  })
  .meta({ id: "CreateAdminBody" });
export type CreateAdminBody = z.input<typeof createAdminBodySchema>;

/** POST /api/admins/:id/invite takes nothing: a new link replaces the admin's old one. */
export const renewInviteBodySchema = z.strictObject({}).meta({ id: "RenewInviteBody" });

/**
 * 201 of POST /api/admins: `inviteUrl` (a path with a one-time token) when no password was given; also the
 * 200 of POST /api/admins/:id/invite (a new link for an invited admin who has not set a password).
 */
export const createdAdminSchema = adminSchema
  .extend({ inviteUrl: z.string().nullable() })
  .meta({ id: "CreatedAdmin" });
export type CreatedAdmin = z.infer<typeof createdAdminSchema>;

export const updateAdminBodySchema = z.strictObject({ active: z.boolean() }).meta({ id: "UpdateAdminBody" });

export const acceptInviteBodySchema = z
  .strictObject({ token: str().min(10).max(200), password: newPassword() })
  .meta({ id: "AcceptInviteBody" });
export type AcceptInviteBody = z.infer<typeof acceptInviteBodySchema>;

// ---- auto-assignment ----

export const teamSettingsSchema = z
  .object({
    autoAssign: z.boolean(),
    capacity: z.number().int(),
    offlineReassignAfterS: z.number().int().nullable(),
    useSkills: z.boolean(),
  })
  .meta({ id: "TeamSettings" });
export type TeamSettings = z.infer<typeof teamSettingsSchema>;

export const updateTeamSettingsBodySchema = z
  .strictObject({
    autoAssign: z.boolean().optional(),
    capacity: z.number().int().min(1).max(1000).optional(),
    offlineReassignAfterS: z
      .number()
      .int()
      .min(30)
      .max(7 * 24 * 3600)
      .nullable()
      .optional(),
    useSkills: z.boolean().optional(),
  })
  .meta({ id: "UpdateTeamSettingsBody" });

/** Skills an admin may list; each is a ticket category, so at most CATEGORY_MAX characters. */
export const SKILLS_MAX = 50;

/**
 * One skill, as stored: trimmed and lower-cased BEFORE its length is checked (as a tag is). Lower-casing
 * can lengthen text ("İ" becomes "i" and a combining dot), so a skill checked first and lower-cased after
 * could be stored longer than CATEGORY_MAX. Then the rules of `text`, on what will be stored.
 */
export const skillSchema = str()
  .trim()
  .toLowerCase()
  .min(1)
  .max(CATEGORY_MAX)
  .refine((s) => !s.includes("\u0000"), { message: "Must not contain NUL characters." })
  .refine(hasVisibleText, { message: "Must contain visible text, not only invisible characters." });

export const adminSkillsBodySchema = z
  .strictObject({ skills: z.array(skillSchema).max(SKILLS_MAX) })
  .meta({ id: "AdminSkillsBody" });

// ---- tags ----

export const setTagsBodySchema = z.strictObject({ tags: tagListSchema }).meta({ id: "SetTagsBody" });

// ---- bulk ----

/**
 * A list of statuses or priorities: a JSON array, or the comma-separated string the queue's query takes
 * (`"open,in_progress"`), so a filter copied from the queue's URL means the same here.
 */
const listOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(
    (v) =>
      typeof v === "string"
        ? [
            ...new Set(
              v
                .split(",")
                .map((s) => s.trim())
                .filter(Boolean),
            ),
          ]
        : v,
    z.array(z.enum(values)).max(8),
  );

/** The queue filters a bulk request may name instead of ids (the same meaning as GET /api/tickets). */
export const bulkFilterSchema = z
  .strictObject({
    status: listOf(TICKET_STATUSES).optional(),
    priority: listOf(TICKET_PRIORITIES).optional(),
    assignee: externalId().optional(),
    shopId: externalId().optional(),
    tag: tagSchema.optional(),
    q: str().max(500).optional(),
    /** breached, or a running deadline within the hour (as the queue's `sla`). */
    sla: z.enum(TICKET_SLA_FILTERS).optional(),
    /** visitor: website visitors' conversations; shop: shops' tickets. */
    source: z.enum(TICKET_SOURCES).optional(),
    /** Tickets about one order (listing, payout, booking) of the host platform: the queue's own fields. */
    contextId: listTicketsQuerySchema.shape.contextId,
    contextType: listTicketsQuerySchema.shape.contextType,
  })
  .meta({ id: "BulkFilter" });
export type BulkFilter = z.infer<typeof bulkFilterSchema>;

export const bulkSetSchema = z
  .strictObject({
    status: ticketStatusSchema.optional(),
    priority: ticketPrioritySchema.optional(),
    assigneeId: externalId().nullable().optional(),
    addTags: tagListSchema.optional(),
    removeTags: tagListSchema.optional(),
  })
  .refine((s) => Object.values(s).some((v) => v !== undefined), {
    message: "Set at least one of status, priority, assigneeId, addTags, removeTags.",
  });

export const bulkBodySchema = z
  .strictObject({
    ids: z.array(str().max(100)).min(1).max(BULK_IDS_MAX).optional(),
    filter: bulkFilterSchema.optional(),
    set: bulkSetSchema,
    /** Echoed in bulk:progress events so a client can tell its own job apart. */
    jobId: str().min(1).max(100).optional(),
  })
  .refine((b) => (b.ids === undefined) !== (b.filter === undefined), {
    message: "Send either ids or filter.",
  })
  .meta({ id: "BulkBody" });
export type BulkBody = z.input<typeof bulkBodySchema>;

/**
 * A ticket a bulk job left unchanged on purpose: `code` says why (INVALID_TRANSITION: its status, or a
 * merge, does not allow the change; VALIDATION_FAILED: it would carry too many tags; NOT_FOUND), and
 * `number` and `status` (as it was; null when not found) name it as agents know it.
 */
export const bulkSkippedSchema = z.object({
  id: z.string(),
  code: z.string(),
  number: z.number().int().nullable(),
  status: ticketStatusSchema.nullable(),
});
export type BulkSkipped = z.infer<typeof bulkSkippedSchema>;

export const bulkResultSchema = z
  .object({
    jobId: z.string(),
    updated: z.number().int(),
    skipped: z.array(bulkSkippedSchema),
  })
  .meta({ id: "BulkResult" });
export type BulkResult = z.infer<typeof bulkResultSchema>;

/** POST /api/tickets/bulk/count: how many tickets a filter-based bulk request would take up. */
export const bulkCountBodySchema = z.strictObject({ filter: bulkFilterSchema }).meta({ id: "BulkCountBody" });
export type BulkCountBody = z.input<typeof bulkCountBodySchema>;
/** `count` stops at `max` (BULK_FILTER_MAX): a bulk request never takes up more. */
export const bulkCountSchema = z
  .object({ count: z.number().int(), max: z.number().int() })
  .meta({ id: "BulkCount" });
export type BulkCount = z.infer<typeof bulkCountSchema>;

/** Socket `bulk:progress` (to the admin who started the job). */
export const bulkProgressSchema = z.object({
  jobId: z.string(),
  done: z.number().int(),
  total: z.number().int(),
  finished: z.boolean(),
});
export type BulkProgress = z.infer<typeof bulkProgressSchema>;

// ---- merge ----

export const mergeBodySchema = z.strictObject({ intoTicketId: uuid("ticket id") }).meta({ id: "MergeBody" });

export const similarTicketsQuerySchema = z.strictObject({ q: str().min(1).max(500) });

// ---- satisfaction ----

export const satisfactionBodySchema = z
  .strictObject({
    score: z.number().int().min(1).max(5),
    // A comment box left empty is sent as "", blanks or null by many clients: a rating without a comment.
    comment: z.preprocess(
      (v) => (v === null || (typeof v === "string" && v.trim() === "") ? undefined : v),
      text(1, SATISFACTION_COMMENT_MAX).optional(),
    ),
  })
  .meta({ id: "SatisfactionBody" });
export type SatisfactionBody = z.infer<typeof satisfactionBodySchema>;

export const satisfactionSchema = z
  .object({
    ticketId: z.string(),
    score: z.number().int(),
    comment: z.string().nullable(),
    createdAt: isoTime,
  })
  .meta({ id: "Satisfaction" });
export type Satisfaction = z.infer<typeof satisfactionSchema>;

/** Socket `satisfaction:low` (to the assignee, else to all admins). */
export const lowSatisfactionSchema = satisfactionSchema.extend({ assigneeId: z.string().nullable() });
export type LowSatisfaction = z.infer<typeof lowSatisfactionSchema>;

const scoreGroup = z.object({ count: z.number().int(), average: z.number().nullable() });
export const satisfactionReportSchema = z
  .object({
    overall: scoreGroup,
    byAdmin: z.array(scoreGroup.extend({ assigneeId: z.string().nullable() })),
    byCategory: z.array(scoreGroup.extend({ category: z.string().nullable() })),
  })
  .meta({ id: "SatisfactionReport" });
export type SatisfactionReport = z.infer<typeof satisfactionReportSchema>;

// ---- saved views ----

/** A view's name: one line (control characters become spaces), as it shows in the sidebar. */
export const VIEW_NAME_MAX = 80;

/** Every filter of the admin queue, and its sort: a view opens the queue as it was saved. */
export const savedViewFiltersSchema = z
  .strictObject({
    status: z.array(z.enum(TICKET_STATUSES)).max(8).optional(),
    priority: z.array(z.enum(TICKET_PRIORITIES)).max(8).optional(),
    assignee: externalId().optional(),
    tag: tagSchema.optional(),
    q: str().max(500).optional(),
    shopId: externalId().optional(),
    source: z.enum(TICKET_SOURCES).optional(),
    sla: z.enum(TICKET_SLA_FILTERS).optional(),
    contextId: externalId().optional(),
    /** The queue's order (not a filter: the count ignores it). */
    sort: z.enum(TICKET_SORTS).optional(),
  })
  .refine((f) => !relevanceWithoutQuery(f), { path: ["sort"], message: RELEVANCE_NEEDS_QUERY });
export const createSavedViewBodySchema = z
  .strictObject({
    name: line(1, VIEW_NAME_MAX),
    shared: z.boolean().default(false),
    filters: savedViewFiltersSchema,
  })
  .meta({ id: "CreateSavedViewBody" });
/** PATCH /api/views/:id (the owner only): rename, share or unshare, or replace the filters. */
export const updateSavedViewBodySchema = z
  .strictObject({
    name: line(1, VIEW_NAME_MAX).optional(),
    shared: z.boolean().optional(),
    filters: savedViewFiltersSchema.optional(),
  })
  .refine((b) => b.name !== undefined || b.shared !== undefined || b.filters !== undefined, {
    message: "Send at least one of name, shared, filters.",
  })
  .meta({ id: "UpdateSavedViewBody" });
export type UpdateSavedViewBody = z.input<typeof updateSavedViewBodySchema>;
export const savedViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    shared: z.boolean(),
    ownerId: z.string(),
    filters: savedViewFiltersSchema,
    count: z.number().int(),
  })
  .meta({ id: "SavedView" });
export type SavedView = z.infer<typeof savedViewSchema>;
export const savedViewListSchema = itemsOf(savedViewSchema).meta({ id: "SavedViewList" });

// ---- route parameters and answers (named for the OpenAPI document) ----

export const adminIdParamsSchema = z.strictObject({
  id: str().meta({ description: "Admin user id. Unknown: 404." }),
});
export const savedViewIdParamsSchema = z.strictObject({
  id: str().meta({
    description: "Saved view id. Unknown or a colleague's (personal or shared, for a change): 404.",
  }),
});
/**
 * GET /api/analytics/satisfaction: the window, by default the last 30 days; `from` after `to`, or a window
 * longer than 366 days → 400 (analyticsPeriod, as the other analytics reports).
 */
export const satisfactionReportQuerySchema = z.strictObject({
  from: timeFilter().optional(),
  to: timeFilter().optional(),
});
/** GET /api/tickets/:id/satisfaction: the shop's rating, or null while there is none. */
export const ticketSatisfactionSchema = z
  .object({ rating: satisfactionSchema.nullable() })
  .meta({ id: "TicketSatisfaction" });
/** GET /api/auth/invite?token=: who the one-time link is for. */
export const inviteQuerySchema = z.strictObject({ token: str().min(10).max(200) });
export const inviteInfoSchema = z
  .object({ email: z.string().nullable(), name: z.string().nullable() })
  .meta({ id: "InviteInfo" });
/** GET /api/tickets/similar: the shop's own open tickets like a draft, best match first. */
export const similarTicketListSchema = itemsOf(ticketSchema).meta({ id: "SimilarTicketList" });
