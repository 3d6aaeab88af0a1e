import { BULK_FILTER_MAX } from "@parley/contract";
import type { AdminPrincipal } from "../../../shared/principal";
import { NotFoundError } from "../../../shared/app-error";
import { normaliseTags } from "../domain/team";
import { toBulkTicketFilter, type QueueFilterInput } from "./queue-filter";
import type { SavedViewRow, TeamRepository } from "../repository/team.repository";
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

  /** A view as the API answers it: its filters and how many tickets they match now. */
  const withCount = async (principal: AdminPrincipal, v: SavedViewRow) => {
    const filters = v.filters as QueueFilterInput;
    const count = await team.countMatching(db, toBulkTicketFilter(filters, principal.userId), VIEW_COUNT_CAP);
    return { ...v, filters, count };
  };
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
      for (const v of views) out.push(await withCount(principal, v));
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
      idAsSent: string,
      patch: { name?: string; shared?: boolean; filters?: QueueFilterInput },
    ) {
      // The database answers ids in lower case, and clients hold them so: the socket event names the view
      // that way whatever case the path used.
      const id = idAsSent.toLowerCase();
      // Whether it was shared is read under the row's lock: unsharing must reach the colleagues who
      // listed it, and a private view's edits nobody else.
      const changed =
        isUuid(id) &&
        (await db.transaction(async (trx) => {
          const before = await team.lockOwnView(trx, id, principal.userId);
          const after = before && (await team.updateView(trx, id, principal.userId, patch));
          return before && after ? { before, after } : null;
        }));
      if (!changed) throw new NotFoundError("View");
      deps.viewEvents().viewChanged({
        id,
        ownerId: principal.userId,
        sharedBefore: changed.before.shared,
        sharedAfter: changed.after.shared,
        deleted: false,
      });
      // The view as this change left it: read again after the commit, a rename sent at the same moment
      // answered the other one's name (or 404 once a delete followed), though this one was made.
      return withCount(principal, changed.after);
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
    async deleteView(principal: AdminPrincipal, idAsSent: string): Promise<void> {
      // Lower case, as the clients hold it: view:deleted must name the id they list.
      const id = idAsSent.toLowerCase();
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
