import { canTransition, type TicketPriority, type TicketStatus } from "@parley/contract";
import { TAGS_PER_TICKET_MAX } from "@parley/contract";
import type { Ticket } from "./ticket";

/** Pure rules of team operations: tags, bulk changes, merge, satisfaction, auto-assignment. */

/** Sorted and de-duplicated, so the same tag set always looks the same (and compares equal). */
export function normaliseTags(tags: readonly string[]): string[] {
  return [...new Set(tags)].sort();
}

export function applyTagChange(
  current: readonly string[],
  add: readonly string[],
  remove: readonly string[],
) {
  const removed = new Set(remove);
  return normaliseTags([...current, ...add].filter((t) => !removed.has(t)));
}

/**
 * Whether a shop sees this change to its ticket: status, priority and assignee are on its ticket; tags are
 * the team's own labels (a shop never reads them), so a change of tags alone is not news to the shop.
 */
export function shopSeesChange(c: {
  status: unknown;
  priority: unknown;
  assigneeId: string | null | undefined;
}): boolean {
  return c.status != null || c.priority != null || c.assigneeId !== undefined;
}

export type BulkSet = {
  status?: TicketStatus;
  priority?: TicketPriority;
  assigneeId?: string | null;
  addTags?: string[];
  removeTags?: string[];
};

export type BulkVerdict =
  | { kind: "skip"; code: "INVALID_TRANSITION" | "VALIDATION_FAILED" }
  | {
      kind: "change";
      status: TicketStatus | null;
      priority: TicketPriority | null;
      assignee: { to: string | null } | null;
      tags: string[] | null;
    }
  | { kind: "unchanged" };

/**
 * A merged ticket lives on in its target: a change of its status, priority or assignee is refused (PATCH
 * and bulk alike), since work on it belongs to the target. Setting a field to the value it already has
 * changes nothing and is not refused; tags and notes stay free.
 */
export function mergedTicketRefuses(
  t: Pick<Ticket, "status" | "priority" | "assigneeId" | "mergedIntoId">,
  change: { status?: TicketStatus; priority?: TicketPriority; assigneeId?: string | null },
): boolean {
  if (!t.mergedIntoId) return false;
  return (
    (change.status !== undefined && change.status !== t.status) ||
    (change.priority !== undefined && change.priority !== t.priority) ||
    (change.assigneeId !== undefined && change.assigneeId !== t.assigneeId)
  );
}

/**
 * What a bulk `set` does to one ticket: the same lifecycle rules as a single admin PATCH (a merged
 * ticket's status, priority and assignee never change again).
 */
export function bulkVerdict(
  t: Pick<Ticket, "status" | "priority" | "assigneeId" | "tags" | "mergedIntoId">,
  set: BulkSet,
): BulkVerdict {
  if (mergedTicketRefuses(t, set)) return { kind: "skip", code: "INVALID_TRANSITION" };
  let status: TicketStatus | null = null;
  if (set.status !== undefined && set.status !== t.status) {
    if (!canTransition(t.status, set.status, "admin")) return { kind: "skip", code: "INVALID_TRANSITION" };
    status = set.status;
  }
  const priority = set.priority !== undefined && set.priority !== t.priority ? set.priority : null;
  const assignee =
    set.assigneeId !== undefined && set.assigneeId !== t.assigneeId ? { to: set.assigneeId } : null;
  let tags: string[] | null = null;
  if (set.addTags?.length || set.removeTags?.length) {
    const next = applyTagChange(t.tags, set.addTags ?? [], set.removeTags ?? []);
    if (next.length > TAGS_PER_TICKET_MAX) return { kind: "skip", code: "VALIDATION_FAILED" };
    if (next.join(",") !== normaliseTags(t.tags).join(",")) tags = next;
  }
  if (!status && !priority && !assignee && !tags) return { kind: "unchanged" };
  return { kind: "change", status, priority, assignee, tags };
}

export type MergeRefusal = "self" | "other_shop" | "source_merged" | "target_merged";

/** Merging is within one shop, never into itself, never from or into an already merged ticket. */
export function mergeRefusal(
  source: Pick<Ticket, "id" | "shopId" | "mergedIntoId">,
  target: Pick<Ticket, "id" | "shopId" | "mergedIntoId">,
): MergeRefusal | null {
  if (source.id === target.id) return "self";
  if (source.shopId !== target.shopId) return "other_shop";
  if (source.mergedIntoId) return "source_merged";
  if (target.mergedIntoId) return "target_merged";
  return null;
}

/** After a merge the target's first response is the earlier of the two: its thread now holds the source's replies. */
export function mergedFirstResponseAt(
  source: Pick<Ticket, "firstResponseAt">,
  target: Pick<Ticket, "firstResponseAt">,
): Date | null {
  const [a, b] = [source.firstResponseAt, target.firstResponseAt];
  if (!a || !b) return a ?? b;
  return a.getTime() <= b.getTime() ? a : b;
}

/** A shop rates a ticket once it has been resolved (or closed after resolution). */
export function canRate(t: Pick<Ticket, "status" | "resolvedAt" | "mergedIntoId">): boolean {
  if (t.mergedIntoId) return false;
  return t.status === "resolved" || (t.status === "closed" && t.resolvedAt !== null);
}

export type AssignmentCandidate = {
  userId: string;
  openCount: number;
  lastAssignedAt: Date | null;
  skills: string[];
};

/**
 * Who gets the next ticket: among candidates under capacity (and, with skills on, those listing the
 * ticket's category when anyone does), the fewest open assigned tickets; among equals, round robin:
 * whoever received a ticket longest ago (never first), then by id for a stable order.
 */
export function pickAssignee(
  candidates: readonly AssignmentCandidate[],
  opts: { capacity: number; category: string | null; useSkills: boolean },
): string | null {
  let pool = candidates.filter((c) => c.openCount < opts.capacity);
  if (opts.useSkills && opts.category) {
    const skilled = pool.filter((c) => c.skills.includes(opts.category!.toLowerCase()));
    if (skilled.length > 0) pool = skilled;
  }
  const sorted = [...pool].sort(
    (a, b) =>
      a.openCount - b.openCount ||
      (a.lastAssignedAt?.getTime() ?? 0) - (b.lastAssignedAt?.getTime() ?? 0) ||
      (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0),
  );
  return sorted[0]?.userId ?? null;
}
