import type { Knex } from "knex";
import { CANNED_RESPONSES_MAX } from "@parley/contract";
import { ConflictError, NotFoundError } from "../../../shared/app-error";
import { assertKnownPlaceholders, isCannedResponseId, type CannedResponse } from "../domain/canned";
import type { CannedRepository } from "../repository/canned.repository";

/** Saved replies: the routes allow admins only, so every admin shares one list. */
export function createCannedService(deps: { db: Knex; canned: CannedRepository }) {
  const { db, canned } = deps;
  return {
    list: (): Promise<CannedResponse[]> => canned.list(CANNED_RESPONSES_MAX),
    /** One saved reply; an unknown or malformed id is 404. */
    async get(id: string): Promise<CannedResponse> {
      const found = isCannedResponseId(id) ? await canned.findById(id) : null;
      if (!found) throw new NotFoundError("Canned response");
      return found;
    },
    /** Refused at the cap the list shows (409): a reply saved past it would never be listed. */
    async create(adminId: string, input: { title: string; body: string }): Promise<CannedResponse> {
      assertKnownPlaceholders(input.body);
      // Counted and inserted under one lock: creations racing at the cap would otherwise all pass the count.
      return db.transaction(async (trx) => {
        await canned.lockForCreate(trx);
        if ((await canned.count(trx)) >= CANNED_RESPONSES_MAX) {
          throw new ConflictError(
            `The team has ${CANNED_RESPONSES_MAX} saved replies, the most there can be. Delete one first.`,
          );
        }
        return canned.insert({ ...input, createdBy: adminId }, trx);
      });
    },
    async update(id: string, patch: { title?: string; body?: string }): Promise<CannedResponse> {
      if (patch.body !== undefined) assertKnownPlaceholders(patch.body);
      const updated = isCannedResponseId(id) ? await canned.update(id, patch) : null;
      if (!updated) throw new NotFoundError("Canned response");
      return updated;
    },
    async remove(id: string): Promise<void> {
      if (!(isCannedResponseId(id) && (await canned.remove(id)))) throw new NotFoundError("Canned response");
    },
  };
}

export type CannedService = ReturnType<typeof createCannedService>;
