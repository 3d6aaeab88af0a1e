import type { Knex } from "knex";
import type { Queryable } from "../../../platform/connection-transaction";
import type { AttachTarget, StoredAttachment } from "../domain/attachment";

type Q = Queryable;

type AttachmentRow = {
  id: string;
  uploader_id: string;
  name: string;
  content_type: string;
  size: number | string;
  storage_key: string;
  thumbnail_key: string | null;
  ticket_id: string | null;
  message_id: string | null;
  ticket_shop_id: string | null;
  internal: boolean;
  created_at: Date;
  attached_at: Date | null;
};

const toAttachment = (r: AttachmentRow): StoredAttachment => ({
  id: r.id,
  uploaderId: r.uploader_id,
  name: r.name,
  contentType: r.content_type,
  size: Number(r.size),
  storageKey: r.storage_key,
  thumbnailKey: r.thumbnail_key,
  ticketId: r.ticket_id,
  messageId: r.message_id,
  ticketShopId: r.ticket_shop_id,
  internal: r.internal,
  createdAt: r.created_at,
  attachedAt: r.attached_at,
});

export function createAttachmentRepository(db: Knex) {
  return {
    async insert(
      a: Pick<
        StoredAttachment,
        "id" | "uploaderId" | "name" | "contentType" | "size" | "storageKey" | "thumbnailKey"
      >,
    ): Promise<StoredAttachment> {
      const [row] = await db("attachments")
        .insert({
          id: a.id,
          uploader_id: a.uploaderId,
          name: a.name,
          content_type: a.contentType,
          size: a.size,
          storage_key: a.storageKey,
          thumbnail_key: a.thumbnailKey,
        })
        .returning<AttachmentRow[]>("*");
      if (!row) throw new Error("INSERT … RETURNING returned no row");
      return toAttachment(row);
    },

    async findById(id: string): Promise<StoredAttachment | null> {
      const row = await db("attachments").where({ id }).first<AttachmentRow | undefined>();
      return row ? toAttachment(row) : null;
    },

    /** The attachments of these ids that exist, in no particular order. */
    async findByIds(ids: string[]): Promise<StoredAttachment[]> {
      if (ids.length === 0) return [];
      const rows = await db("attachments").whereIn("id", ids).select<AttachmentRow[]>("*");
      return rows.map(toAttachment);
    },

    /**
     * Claims the uploader's unattached uploads for a message, in the caller's transaction. The WHERE makes
     * it atomic: two messages racing for one upload cannot both get it. Returns the rows claimed.
     */
    async claim(
      trx: Q,
      ids: string[],
      uploaderId: string,
      target: AttachTarget,
      now: Date,
    ): Promise<StoredAttachment[]> {
      const rows = await trx("attachments")
        .update({
          ticket_id: target.ticketId,
          message_id: target.messageId,
          ticket_shop_id: target.shopId,
          internal: target.internal,
          attached_at: now,
        })
        .whereIn("id", ids)
        .where({ uploader_id: uploaderId })
        .whereNull("message_id")
        .returning<AttachmentRow[]>("*");
      return rows.map(toAttachment);
    },

    /** Of these ids, the ones that exist, with their uploader and whether they are attached. */
    async states(q: Q, ids: string[]): Promise<Array<{ id: string; uploaderId: string; attached: boolean }>> {
      const rows = await q("attachments")
        .select<Array<{ id: string; uploader_id: string; message_id: string | null }>>(
          "id",
          "uploader_id",
          "message_id",
        )
        .whereIn("id", ids);
      return rows.map((r) => ({ id: r.id, uploaderId: r.uploader_id, attached: r.message_id !== null }));
    },

    /** Deletes unattached uploads created before `cutoff` and returns them (their bytes are the caller's to delete). */
    async deleteUnattachedBefore(cutoff: Date, limit: number): Promise<StoredAttachment[]> {
      const rows = await db("attachments")
        .whereIn(
          "id",
          db("attachments")
            .select("id")
            .whereNull("message_id")
            .where("created_at", "<", cutoff)
            .limit(limit),
        )
        .whereNull("message_id")
        .delete()
        .returning<AttachmentRow[]>("*");
      return rows.map(toAttachment);
    },

    /** The storage keys that the rows of these uploads point at (a file's, and a thumbnail's if any). */
    async keysInUse(uploadIds: string[]): Promise<Set<string>> {
      if (uploadIds.length === 0) return new Set();
      const rows = await db("attachments")
        .select<Array<Pick<AttachmentRow, "storage_key" | "thumbnail_key">>>("storage_key", "thumbnail_key")
        .whereIn("id", uploadIds);
      return new Set(
        rows.flatMap((r) => (r.thumbnail_key ? [r.storage_key, r.thumbnail_key] : [r.storage_key])),
      );
    },

    /** Remembers storage keys whose bytes could not be deleted, so a later sweep can try again. */
    async recordOrphans(keys: string[]): Promise<void> {
      if (keys.length === 0) return;
      await db("attachment_orphans")
        .insert(keys.map((storage_key) => ({ storage_key })))
        .onConflict("storage_key")
        .ignore();
    },

    /** Up to `limit` remembered orphan keys, oldest first. */
    async orphans(limit: number): Promise<string[]> {
      const rows = await db("attachment_orphans")
        .select<Array<{ storage_key: string }>>("storage_key")
        .orderBy("created_at")
        .limit(limit);
      return rows.map((r) => r.storage_key);
    },

    /** Forgets orphan keys whose bytes are gone now. */
    async forgetOrphans(keys: string[]): Promise<void> {
      if (keys.length === 0) return;
      await db("attachment_orphans").whereIn("storage_key", keys).delete();
    },
  };
}

export type AttachmentRepository = ReturnType<typeof createAttachmentRepository>;
