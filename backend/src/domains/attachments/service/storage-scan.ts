import { UNATTACHED_UPLOAD_TTL_HOURS } from "@parley/contract";
import { uploadIdOfKey } from "../domain/storage-keys";
import type { AttachmentRepository } from "../repository/attachment.repository";
import type { BlobStorage, StoredObject } from "../repository/blob-storage";
import { deleteUnreferencedBytes } from "./delete-bytes";

/** What a scan of storage against the attachments table found (and, with `remove`, deleted). */
export type StorageScanReport = {
  /** Objects listed. */
  scanned: number;
  /** Listed objects under names no upload is stored under: never touched. */
  notOurs: number;
  /** Parley's objects changed within the grace period: an upload may be between storing and its row. */
  recent: number;
  /** Parley's objects older than that which no row points at. */
  orphans: number;
  orphanBytes: number;
  /** The first orphans' keys, for the report. */
  examples: string[];
  deleted: number;
  /** Deletes storage refused: logged and left to the hourly sweep (attachment_orphans). */
  failed: number;
};

const EXAMPLES = 20;
const PAGE = 1000;

/**
 * Finds bytes in storage that no upload row points at: an upload's bytes are stored before its row is
 * inserted, so a process that dies between the two (a crash, SIGKILL, a power cut) leaves bytes nothing will
 * ever find. Every other way bytes lose their row already deletes them (the sweep, a refused upload). Objects
 * younger than UNATTACHED_UPLOAD_TTL_HOURS are left alone: no upload takes that long between the two steps.
 */
export function createStorageScan(deps: {
  attachments: AttachmentRepository;
  storage: BlobStorage;
  onError: (message: string, err: unknown) => void;
}) {
  return async function scanStorage(opts: {
    /** Delete the orphans found (otherwise only report them). */
    remove: boolean;
    now?: Date;
    pageSize?: number;
    onPage?: (report: StorageScanReport) => void;
  }): Promise<StorageScanReport> {
    const cutoff = (opts.now ?? new Date()).getTime() - UNATTACHED_UPLOAD_TTL_HOURS * 3600_000;
    const report: StorageScanReport = {
      scanned: 0,
      notOurs: 0,
      recent: 0,
      orphans: 0,
      orphanBytes: 0,
      examples: [],
      deleted: 0,
      failed: 0,
    };
    let after: string | null = null;
    do {
      const page = await deps.storage.list(after, opts.pageSize ?? PAGE);
      report.scanned += page.objects.length;
      const old: Array<StoredObject & { uploadId: string }> = [];
      for (const object of page.objects) {
        const uploadId = uploadIdOfKey(object.key);
        if (uploadId === null) report.notOurs += 1;
        else if (object.modifiedAt.getTime() >= cutoff) report.recent += 1;
        else old.push({ ...object, uploadId });
      }
      const inUse = await deps.attachments.keysInUse([...new Set(old.map((o) => o.uploadId))]);
      const orphans = old.filter((o) => !inUse.has(o.key));
      report.orphans += orphans.length;
      for (const o of orphans) {
        report.orphanBytes += o.size;
        if (report.examples.length < EXAMPLES) report.examples.push(o.key);
      }
      if (opts.remove && orphans.length > 0) {
        const keys = orphans.map((o) => o.key);
        const failed = await deleteUnreferencedBytes(deps, keys, "storage scan");
        report.deleted += keys.length - failed.length;
        report.failed += failed.length;
      }
      opts.onPage?.(report);
      after = page.next;
    } while (after !== null);
    return report;
  };
}

export type ScanStorage = ReturnType<typeof createStorageScan>;
