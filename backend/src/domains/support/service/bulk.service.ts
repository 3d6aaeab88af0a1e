import { randomUUID } from "node:crypto";
import { BULK_FILTER_MAX, type BulkProgress, type TicketStatus } from "@parley/contract";
import type { AdminPrincipal } from "../../../shared/principal";
import { ValidationError } from "../../../shared/app-error";
import { bulkVerdict, shopSeesChange, type BulkSet } from "../domain/team";
import { changeTime, type Ticket } from "../domain/ticket";
import { isUuid } from "../domain/cursor";
import { toBulkTicketFilter, type QueueFilterInput } from "./queue-filter";
import type { EventRow, TeamRepository, TicketChangeRow } from "../repository/team.repository";
import type { SupportServiceDeps, SupportIdentityPort } from "./ticket.service";
import type { TeamEvents } from "./team.events";
import { slaPatch } from "./sla.port";
import type { Tx } from "./access";
import { announceBulkChanges, bulkNotices, type BulkChange } from "./bulk.notify";

/** Tickets per chunk: progress (work done so far, not yet committed) goes out after each. */
const CHUNK = 500;

export type BulkInput = {
  ids?: string[];
  filter?: QueueFilterInput;
  set: BulkSet;
  jobId?: string;
};

const notFound = (id: string): BulkSkip => ({ id, code: "NOT_FOUND", number: null, status: null });

/**
 * The named ids, one per ticket: a UUID's letter case names nothing (the database compares them as
 * uuid), so an id's key is its lower-case form, taken once. `sent` maps each key back to the id as the
 * client first sent it, which is how a skipped id is reported.
 */
function uniqueIds(named: string[]): { ids: string[]; malformed: string[]; sent: Map<string, string> } {
  const sent = new Map<string, string>();
  for (const id of named) {
    const key = id.toLowerCase();
    if (!sent.has(key)) sent.set(key, id);
  }
  const ids: string[] = [];
  const malformed: string[] = [];
  for (const [key, id] of sent) {
    if (isUuid(key)) ids.push(key);
    else malformed.push(id);
  }
  return { ids, malformed, sent };
}

/** A ticket a bulk chunk changed: as it was before, and the change applied to it. */
export type ChangedTicket = { before: Ticket; change: TicketChangeRow };

/** A refused ticket, named by its number and status as it was (both null when it was not found). */
export type BulkSkip = { id: string; code: string; number: number | null; status: TicketStatus | null };
export type BulkOutcome = { jobId: string; updated: number; skipped: BulkSkip[] };

/**
 * One bulk job: every named ticket is locked (in id order), judged by the same lifecycle as a PATCH,
 * and changed with set-based SQL; refusals are reported per ticket. All in one transaction: either
 * every change the answer reports happened, or none did.
 */
export function createBulkService(
  deps: SupportServiceDeps & {
    team: TeamRepository;
    identity: SupportIdentityPort & { isActive(userId: string): Promise<boolean> };
    teamEvents: () => TeamEvents;
    /** Where a failure after the commit goes (the job's answer stays a success: its change is made). */
    onError: (err: unknown) => void;
    /** A reopened ticket of a deactivated admin goes back to the queue (and to auto-assignment), as on PATCH. */
    returnToQueue: (ticketId: string, fromUserId: string) => Promise<void>;
    /** An unassigned reopened ticket is offered to auto-assignment, as on PATCH. */
    offer: (ticketId: string) => Promise<unknown>;
  },
) {
  const { db, tickets, team, sla, emit } = deps;

  /**
   * One chunk, set-based: one locking SELECT, the lifecycle judged per ticket by the pure bulkVerdict,
   * one UPDATE of the tickets, one read-and-write of their SLA clocks, one INSERT of timeline rows.
   * `changed` lists each changed ticket as it was before with what changed: the seam for recording
   * per-chunk notifications (one notify.record call per chunk) inside this same transaction.
   */
  async function applyChunk(trx: Tx, principal: AdminPrincipal, set: BulkSet, chunk: string[], began: Date) {
    const actorId = principal.userId;
    const skipped: BulkOutcome["skipped"] = [];
    const locked = await team.lockMany(trx, chunk);
    // The job's clock began before these locks: a ticket changed while it waited must not go back in time.
    const now = changeTime(began, locked);
    const found = new Set(locked.map((t) => t.id));
    for (const id of chunk) if (!found.has(id)) skipped.push(notFound(id));
    const changes: TicketChangeRow[] = [];
    const changed: ChangedTicket[] = [];
    const timeline: EventRow[] = [];
    for (const t of locked) {
      const v = bulkVerdict(t, set);
      if (v.kind === "skip") {
        skipped.push({ id: t.id, code: v.code, number: t.number, status: t.status });
        continue;
      }
      if (v.kind === "unchanged") continue;
      const change: TicketChangeRow = {
        id: t.id,
        status: v.status,
        priority: v.priority,
        assigneeId: v.assignee ? v.assignee.to : undefined,
        tags: v.tags,
      };
      changes.push(change);
      changed.push({ before: t, change });
      if (v.status) timeline.push({ ticketId: t.id, type: "status", actorId, from: t.status, to: v.status });
      if (v.priority)
        timeline.push({ ticketId: t.id, type: "priority", actorId, from: t.priority, to: v.priority });
      if (v.assignee)
        timeline.push({ ticketId: t.id, type: "assignee", actorId, from: t.assigneeId, to: v.assignee.to });
      if (v.tags)
        timeline.push({
          ticketId: t.id,
          type: "tags",
          actorId,
          from: t.tags.join(","),
          to: v.tags.join(","),
        });
    }
    // The SLA clocks move with the status and priority changes, under the same row locks: read for the whole chunk
    // in one query, advanced per ticket by the pure clock rule, written back in one statement. Their
    // new deadlines ride along in the tickets' one UPDATE.
    const statusChanges = changes.filter((c) => c.status || c.priority);
    const outcomes = await sla.ticketsChanged(
      trx,
      now,
      statusChanges.map((c) => ({
        ticketId: c.id,
        change: { status: c.status ?? undefined, priority: c.priority ?? undefined },
      })),
    );
    const alerts: Array<{ ticket: Ticket; alerts: unknown[] }> = [];
    const byId = new Map(locked.map((t) => [t.id, t]));
    for (const c of statusChanges) {
      const outcome = outcomes.get(c.id) ?? null;
      const clock = slaPatch(outcome);
      if (clock.sla) c.sla = clock.sla;
      if (outcome?.alerts.length) alerts.push({ ticket: byId.get(c.id)!, alerts: outcome.alerts });
      for (const e of clock.events) timeline.push({ ticketId: c.id, ...e });
    }
    await team.applyChanges(trx, changes, now);
    await team.insertEvents(trx, timeline, now);
    // Notifications (issue 12): each changed ticket's alert joins the outbox in this transaction.
    await deps.notify.record(trx, bulkNotices(principal, locked, changes, timeline, alerts));
    return { changed, skipped, alerts };
  }

  return {
    async run(principal: AdminPrincipal, input: BulkInput): Promise<BulkOutcome> {
      const jobId = input.jobId ?? randomUUID();
      const set = input.set;
      if (set.assigneeId) {
        const ok =
          (await deps.identity.isAdmin(set.assigneeId)) && (await deps.identity.isActive(set.assigneeId));
        if (!ok) {
          throw new ValidationError("The assignee must be an active admin.", [
            { path: "set.assigneeId", message: "No active admin has this id." },
          ]);
        }
      }
      const skipped: BulkOutcome["skipped"] = [];
      let ids: string[];
      let asSent = (id: string) => id;
      if (input.ids) {
        const named = uniqueIds(input.ids);
        ids = named.ids;
        skipped.push(...named.malformed.map(notFound));
        asSent = (id) => named.sent.get(id) ?? id;
      } else {
        const f = input.filter ?? {};
        const filter = toBulkTicketFilter(f, principal.userId);
        ids = await team.idsMatching(db, filter, BULK_FILTER_MAX);
      }
      const total = ids.length + skipped.length;
      const progress = (done: number, finished: boolean): BulkProgress => ({ jobId, done, total, finished });

      const work = db.transaction(async (trx) => {
        const now = await tickets.now(trx);
        // Each chunk locks its rows in id order, but named ids come in the client's order: two jobs naming
        // the same tickets in different orders over several chunks locked them crosswise and deadlocked
        // (one failed with a 500). All of them are locked first, in id order, as a filter's ids already are.
        if (input.ids && ids.length > CHUNK) await team.lockInIdOrder(trx, ids);
        let updated = 0;
        const changes: BulkChange[] = [];
        const alerts: Array<{ ticket: Ticket; alerts: unknown[] }> = [];
        const reopened: Array<{ id: string; assigneeId: string | null }> = [];
        for (let i = 0; i < ids.length; i += CHUNK) {
          const chunk = ids.slice(i, i + CHUNK);
          const done = await applyChunk(trx, principal, set, chunk, now);
          skipped.push(...done.skipped.map((s) => ({ ...s, id: asSent(s.id) })));
          alerts.push(...done.alerts);
          updated += done.changed.length;
          for (const c of done.changed) {
            changes.push({ id: c.before.id, shopSees: shopSeesChange(c.change) });
            // Reopened, its assignee not named by this change: checked after the commit, as a PATCH's
            // reopening is (a named assignee, or an unassignment, is the admin's choice and stands).
            if (c.change.status === "open" && set.assigneeId === undefined)
              reopened.push({ id: c.before.id, assigneeId: c.before.assigneeId });
          }
          // Work in progress, not yet committed: `done` counts the ids worked through so far.
          deps.teamEvents().bulkProgress(principal.userId, progress(Math.min(i + CHUNK, ids.length), false));
        }
        return { updated, changes, alerts, reopened };
      });
      const result = await work.catch((err: unknown) => {
        // Rolled back: none of the work in progress the starter heard of happened. A finished progress
        // with nothing done ends the job for every listener (the request itself answers with the error).
        deps.teamEvents().bulkProgress(principal.userId, progress(0, true));
        throw err;
      });
      try {
        await announceBulkChanges({ emit, read: (batch) => team.snapshots(db, batch) }, result.changes);
      } catch (err) {
        // Committed all the same: the shops that missed an event see the change when they next load.
        deps.onError(err);
      }
      try {
        // A resolved ticket keeps a deactivated assignee (for the reports); reopened, it must not stay with
        // someone who cannot sign in and is missing from every "unassigned" view.
        // An unassigned one is offered to auto-assignment (which applies its own switch, capacity and skills).
        const active = new Map<string, boolean>();
        for (const r of result.reopened) {
          if (r.assigneeId === null) {
            await deps.offer(r.id);
            continue;
          }
          if (!active.has(r.assigneeId)) active.set(r.assigneeId, await deps.identity.isActive(r.assigneeId));
          if (!active.get(r.assigneeId)) await deps.returnToQueue(r.id, r.assigneeId);
        }
      } catch (err) {
        deps.onError(err);
      }
      for (const a of result.alerts) sla.publish(a.ticket, a.alerts);
      deps.teamEvents().bulkProgress(principal.userId, progress(total, true));
      return { jobId, updated: result.updated, skipped };
    },
  };
}

export type BulkService = ReturnType<typeof createBulkService>;
