import { BULK_FILTER_MAX } from "@parley/contract";
import type { AdminPrincipal } from "../../../shared/principal";
import { NotFoundError } from "../../../shared/app-error";
import { normaliseTags } from "../domain/team";
import { toBulkTicketFilter, type QueueFilterInput } from "./queue-filter";
import type { TeamRepository } from "../repository/team.repository";
import type { SupportServiceDeps, TicketWithUnread } from "./ticket.service";
import { lockVisibleTicket, sideOfPrincipal, snapshot } from "./access";
import { isUuid } from "../domain/cursor";
import type { SavedViewEvents } from "./team.events";
import { ticketUpdatedNotice } from "./notify.port";

/** The sidebar shows "1000+" above this. */
const VIEW_COUNT_CAP = 1000;

/** Tags on a ticket (admins) and saved views (named queue filters, personal or shared) with live counts. */
export function createTagsService(
  deps: SupportServiceDeps & { team: TeamRepository; viewEvents: () => SavedViewEvents },
) {
  const { db, tickets, team, events, emit, notify } = deps;
  return {
    async setTags(principal: AdminPrincipal, ticketId: string, tags: string[]): Promise<TicketWithUnread> {
      const next = normaliseTags(tags);
      const result = await db.transaction(async (trx) => {
        const { ticket, now } = await lockVisibleTicket(tickets, trx, principal, ticketId);
        const before = normaliseTags(ticket.tags);
        if (before.join(",") === next.join(",")) return { ticket, snap: null };
        const updated = await team.setTags(trx, ticket.id, next, now);
        const change = {
          type: "tags" as const,
          actorId: principal.userId,
          from: before.join(","),
          to: next.join(","),
        };
        await events.insert(trx, ticket.id, [change], now);
        // The webhooks' ticket.updated joins the outbox in this transaction, as a bulk tag change's does
        // (bulk.notify.ts): it is delivered only once the change commits, and never for a no-op (above).
        await notify.record(trx, [ticketUpdatedNotice(updated, [change], principal)]);
        return { ticket: updated, snap: await snapshot(tickets, trx, updated) };
      });
      // The shop's copy has no tags and keeps its updatedAt: nothing for its sockets to hear.
      if (result.snap) emit.ticketUpdated(result.snap, "admins");
      // The caller's side's unread count, as PATCH answers it: the snapshot's, or read now for a no-op.
      const unread = result.snap?.unread ?? (await tickets.unreadCounts(db, result.ticket.id));
      return { ...result.ticket, unreadCount: unread[sideOfPrincipal(principal)] };
    },

    async listViews(principal: AdminPrincipal) {
      const views = await team.listViews(db, principal.userId);
      const out = [];
      for (const v of views) {
        const f = v.filters as QueueFilterInput;
        const count = await team.countMatching(db, toBulkTicketFilter(f, principal.userId), VIEW_COUNT_CAP);
        out.push({ ...v, filters: f, count });
      }
      return out;
    },

    async createView(
      principal: AdminPrincipal,
      input: { name: string; shared: boolean; filters: QueueFilterInput },
    ) {
      const id = await team.insertView(db, { ownerId: principal.userId, ...input });
      deps.viewEvents().viewChanged({
        id,
        ownerId: principal.userId,
        sharedBefore: false,
        sharedAfter: input.shared,
        deleted: false,
      });
      const views = await this.listViews(principal);
      const view = views.find((v) => v.id === id);
      if (!view) throw new Error("created view vanished");
      return view;
    },

    /** Only the owner changes a view (renames it, shares it, replaces its filters); else 404 as for delete. */
    async updateView(
      principal: AdminPrincipal,
      id: string,
      patch: { name?: string; shared?: boolean; filters?: QueueFilterInput },
    ) {
      // Whether it was shared is read under the row's lock: unsharing must reach the colleagues who
      // listed it, and a private view's edits nobody else.
      const before =
        isUuid(id) &&
        (await db.transaction(async (trx) => {
          const found = await team.lockOwnView(trx, id, principal.userId);
          if (found) await team.updateView(trx, id, principal.userId, patch);
          return found;
        }));
      if (!before) throw new NotFoundError("View");
      deps.viewEvents().viewChanged({
        id,
        ownerId: principal.userId,
        sharedBefore: before.shared,
        sharedAfter: patch.shared ?? before.shared,
        deleted: false,
      });
      const view = (await this.listViews(principal)).find((v) => v.id === id);
      if (!view) throw new NotFoundError("View");
      return view;
    },

    /**
     * How many tickets a filter-based bulk request would take up, read as it reads its filter (at most
     * BULK_FILTER_MAX, the most it takes): said before an agent changes "every matching ticket".
     */
    async countMatching(principal: AdminPrincipal, filter: QueueFilterInput) {
      const count = await team.countMatching(
        db,
        toBulkTicketFilter(filter, principal.userId),
        BULK_FILTER_MAX,
      );
      return { count, max: BULK_FILTER_MAX };
    },

    /**
     * The owner deletes a view, and any admin a shared one left by a deactivated colleague; anyone else's,
     * unknown or malformed is 404 (like a malformed ticket id). A malformed id never reaches the uuid
     * column: "36 dashes" would fail its cast.
     */
    async deleteView(principal: AdminPrincipal, id: string): Promise<void> {
      const gone = isUuid(id) && (await team.deleteView(db, id, principal.userId));
      if (!gone) throw new NotFoundError("View");
      deps.viewEvents().viewChanged({
        id,
        ownerId: gone.ownerId,
        sharedBefore: gone.shared,
        sharedAfter: false,
        deleted: true,
      });
    },
  };
}

export type TagsService = ReturnType<typeof createTagsService>;
