import type { Principal } from "../../../shared/principal";
import { NotFoundError, ValidationError } from "../../../shared/app-error";
import { pickAssignee } from "../domain/team";
import type { Ticket } from "../domain/ticket";
import type { TeamRepository, TeamSettingsRow } from "../repository/team.repository";
import type { SupportServiceDeps } from "./ticket.service";
import { snapshot } from "./access";

/** How long auto-assignment trusts the team settings it read (see `currentSettings`). */
const SETTINGS_TTL_MS = 1000;

/** How many stranded tickets one sweep hands on. */
const SWEEP_BATCH = 200;

/** The team's admin accounts (identity's), as auto-assignment settings need them. */
export type TeamAdminDirectory = {
  /** Whether an admin account has this id, active or not. */
  exists(userId: string): Promise<boolean>;
};

/**
 * Auto-assignment (off by default). New and reopened tickets go to the online, active admin with the
 * fewest open assigned tickets under the capacity; round robin among equals. Every decision holds one
 * transaction-scoped advisory lock, so across processes no ticket gets two admins and no capacity is
 * exceeded. Also returns a deactivated admin's tickets to the queue.
 */
export function createAssignmentService(
  deps: SupportServiceDeps & { team: TeamRepository; admins: TeamAdminDirectory },
) {
  const { db, tickets, events, emit, team } = deps;

  /**
   * The settings as auto-assignment reads them, kept for SETTINGS_TTL_MS: every shop message on an open,
   * unassigned ticket offers it to auto-assignment, and reading the settings for each was one of a post's
   * round trips (issue 17). A change made through this process is seen at once; one made through another
   * process within a second.
   */
  let cached: { settings: TeamSettingsRow; until: number } | null = null;
  async function currentSettings(): Promise<TeamSettingsRow> {
    if (cached && cached.until > Date.now()) return cached.settings;
    const settings = await team.settings(db);
    cached = { settings, until: Date.now() + SETTINGS_TTL_MS };
    return settings;
  }

  const service = {
    settings: (): Promise<TeamSettingsRow> => team.settings(db),

    async updateSettings(principal: Principal, patch: Partial<TeamSettingsRow>): Promise<TeamSettingsRow> {
      if (principal.role !== "admin") throw new ValidationError("Only admins change team settings.");
      await team.updateSettings(db, patch);
      cached = null;
      return team.settings(db);
    },

    /**
     * Skills belong to an existing admin (a deactivated one keeps them for a return); any other id is 404,
     * and never reaches admin_presence, where it would be a stray row or (too long) a database error.
     */
    async setSkills(userId: string, skills: string[]): Promise<void> {
      if (!(await deps.admins.exists(userId))) throw new NotFoundError("Admin");
      // Already trimmed and lower-cased by the contract's skillSchema, which checks the length after that.
      await team.setSkills(db, userId, [...new Set(skills)]);
    },

    setPresence: (userId: string, online: boolean) => team.setPresence(db, userId, online),
    renewPresence: (userIds: readonly string[]) => team.renewPresence(db, userIds),
    expirePresence: (leaseS: number) => team.expirePresence(db, leaseS),
    onlineAdmins: () => team.onlineAdmins(db),
    openCountsByAssignee: () => team.openCountsByAssignee(db),
    skillsByAdmin: () => team.skillsByAdmin(db),

    /** Assigns the ticket if auto-assignment is on and it is open and unassigned; returns it as it stands. */
    async autoAssign(ticketId: string): Promise<Ticket | null> {
      const settings = await currentSettings();
      if (!settings.autoAssign) return null;
      return service.assignWith(ticketId, settings);
    },

    /** One assignment decision under the given rules (autoAssign reads them from team_settings). */
    async assignWith(
      ticketId: string,
      settings: Omit<TeamSettingsRow, "autoAssign" | "offlineReassignAfterS">,
    ) {
      const result = await db.transaction(async (trx) => {
        await team.lockAssignment(trx);
        const locked = await tickets.lockById(trx, ticketId);
        if (!locked) return null;
        const { ticket, now } = locked;
        if (ticket.status !== "open" || ticket.assigneeId !== null || ticket.mergedIntoId) return null;
        const pick = pickAssignee(await team.candidates(trx), {
          capacity: settings.capacity,
          category: ticket.category,
          useSkills: settings.useSkills,
        });
        if (!pick) return null;
        const updated = await tickets.update(trx, ticket.id, { assigneeId: pick, updatedAt: now });
        await events.insert(trx, ticket.id, [{ type: "assignee", actorId: null, from: null, to: pick }], now);
        await team.noteAssigned(trx, pick, now);
        return { updated, snap: await snapshot(tickets, trx, updated) };
      });
      if (!result) return null;
      emit.ticketUpdated(result.snap);
      return result.updated;
    },

    /**
     * Unassigns one ticket of `fromUserId` and offers it to auto-assignment. `onlyOpen`: the offline sweep
     * hands on open tickets only, checked again under the row lock (work may have started since it looked).
     */
    async returnToQueue(
      ticketId: string,
      fromUserId: string,
      actorId: string | null,
      opts: { onlyOpen?: boolean } = {},
    ): Promise<void> {
      const result = await db.transaction(async (trx) => {
        const locked = await tickets.lockById(trx, ticketId);
        if (!locked || locked.ticket.assigneeId !== fromUserId) return null;
        if (opts.onlyOpen && locked.ticket.status !== "open") return null;
        const { ticket, now } = locked;
        const updated = await tickets.update(trx, ticket.id, { assigneeId: null, updatedAt: now });
        await events.insert(trx, ticket.id, [{ type: "assignee", actorId, from: fromUserId, to: null }], now);
        return await snapshot(tickets, trx, updated);
      });
      if (result) emit.ticketUpdated(result);
      await service.autoAssign(ticketId);
    },

    /** A deactivated admin's open tickets go back to the queue (each with its timeline event). */
    async releaseAdmin(userId: string, actorId: string): Promise<number> {
      const ids = await team.openAssignedTo(db, userId);
      for (const id of ids) await service.returnToQueue(id, userId, actorId);
      return ids.length;
    },

    /** Hands on tickets whose assignee has been offline longer than the configured time. */
    async sweepOffline(): Promise<number> {
      const settings = await team.settings(db);
      if (!settings.autoAssign || settings.offlineReassignAfterS === null) return 0;
      const stranded = await team.strandedTickets(db, settings.offlineReassignAfterS, SWEEP_BATCH);
      for (const id of stranded) {
        const t = await tickets.findById(db, id);
        if (t?.assigneeId) await service.returnToQueue(id, t.assigneeId, null, { onlyOpen: true });
      }
      return stranded.length;
    },
  };
  return service;
}

export type AssignmentService = ReturnType<typeof createAssignmentService>;
