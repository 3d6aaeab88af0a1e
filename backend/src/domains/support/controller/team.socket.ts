import { rooms, type SupportNamespace } from "../../../platform/realtime";
import type { SavedViewEvents, TeamEvents } from "../service/team.events";

/**
 * Presence is a lease: each process renews its connected admins every PRESENCE_RENEW_MS, and an admin
 * nobody renewed for PRESENCE_LEASE_S goes offline. A disconnect that could not be recorded (its process
 * killed, the database away at that moment) would otherwise leave the admin online for good, picked by
 * auto-assignment and never swept.
 */
export const PRESENCE_RENEW_MS = 20_000;
export const PRESENCE_LEASE_S = 60;

/**
 * The socket side of team operations: bulk progress, low-score alerts and saved-view changes go to the
 * rooms the server chose; admin presence (the online dots, and who auto-assignment may pick) follows
 * connected sockets.
 */
export function createTeamSocket(deps: {
  setPresence(userId: string, online: boolean): Promise<void>;
  /** Online and seen now; returns who was not online before. */
  renewPresence(userIds: readonly string[]): Promise<string[]>;
  /** Offline for whoever was not renewed within the lease; returns who went. */
  expirePresence(leaseS: number): Promise<string[]>;
  onError(err: unknown): void;
}) {
  let nsp: SupportNamespace | null = null;
  const events: TeamEvents = {
    bulkProgress(userId, progress) {
      // The starter follows every chunk; every admin hears the end, so their queues refetch.
      if (progress.finished) nsp?.to(rooms.admins).emit("bulk:progress", progress);
      else nsp?.to(rooms.user("admin", userId)).emit("bulk:progress", progress);
    },
    lowSatisfaction(rating, to) {
      nsp
        ?.to(to === "assignee" && rating.assigneeId ? rooms.user("admin", rating.assigneeId) : rooms.admins)
        .emit("satisfaction:low", rating);
    },
  };
  const viewEvents: SavedViewEvents = {
    viewChanged(change) {
      const view = { id: change.id };
      // The owner's admin room: only sockets of admin tokens for that user (a shop token with the same
      // `sub` sits in another room), never a shop's.
      const owner = rooms.user("admin", change.ownerId);
      if (change.sharedBefore || change.sharedAfter) {
        // Every colleague lists it (or did): the ids only, each client refetches its own list. A view
        // unshared or deleted is gone from the colleagues' lists; the owner still lists an unshared one.
        if (change.deleted) nsp?.to(rooms.admins).emit("view:deleted", view);
        else if (change.sharedAfter) nsp?.to(rooms.admins).emit("view:changed", view);
        else {
          nsp?.to(rooms.admins).except(owner).emit("view:deleted", view);
          nsp?.to(owner).emit("view:changed", view);
        }
        return;
      }
      // A private view is its owner's business: only their own tabs hear of it.
      nsp?.to(owner).emit(change.deleted ? "view:deleted" : "view:changed", view);
    },
  };
  const announce = (userId: string, online: boolean) =>
    deps
      .setPresence(userId, online)
      .then(() => nsp?.to(rooms.admins).emit("admin:presence", { userId, online }))
      .catch((err: unknown) => deps.onError(err));
  return {
    events,
    viewEvents,
    attach(namespace: SupportNamespace) {
      nsp = namespace;
      namespace.on("connection", (socket) => {
        const p = socket.data.principal;
        if (p.role !== "admin") return;
        void announce(p.userId, true);
        socket.on("disconnect", () => {
          // Offline only when no other socket of this admin is left, in any process.
          namespace
            .in(rooms.user("admin", p.userId))
            .fetchSockets()
            .then((rest) => (rest.length === 0 ? announce(p.userId, false) : undefined))
            .catch((err: unknown) => deps.onError(err));
        });
      });
    },
    /**
     * Renews the lease of the admins connected to this process, then expires the leases nobody renewed,
     * and tells the admins' clients about every change either made (the online dots).
     */
    async refreshPresence(): Promise<void> {
      if (!nsp) return;
      const local = new Set<string>();
      for (const socket of nsp.sockets.values()) {
        const p = socket.data.principal;
        if (p.role === "admin") local.add(p.userId);
      }
      for (const userId of await deps.renewPresence([...local])) {
        nsp.to(rooms.admins).emit("admin:presence", { userId, online: true });
      }
      for (const userId of await deps.expirePresence(PRESENCE_LEASE_S)) {
        nsp.to(rooms.admins).emit("admin:presence", { userId, online: false });
      }
    },
    /**
     * A deactivated admin: every socket of theirs, in every process, is disconnected at once. Their shop
     * sockets too: a host may give one user id both roles, and the row it names is deactivated for either.
     */
    disconnectUser(userId: string) {
      nsp?.in([rooms.user("admin", userId), rooms.user("shop", userId)]).disconnectSockets(true);
    },
  };
}
