import type { AttachmentRepository } from "../repository/attachment.repository";
import type { BlobStorage } from "../repository/blob-storage";

export type DeleteBytesDeps = {
  attachments: AttachmentRepository;
  storage: BlobStorage;
  onError: (message: string, err: unknown) => void;
};

/**
 * Deletes stored bytes that no row points at any more. What storage refuses to delete (a bucket that is
 * failing) is logged and remembered in attachment_orphans, since nothing else would ever find those bytes
 * again; the hourly sweep retries them. Returns the keys that could not be deleted.
 */
export async function deleteUnreferencedBytes(
  deps: DeleteBytesDeps,
  keys: string[],
  context: string,
): Promise<string[]> {
  const results = await Promise.allSettled(keys.map((key) => deps.storage.delete(key)));
  const failed: string[] = [];
  results.forEach((r, i) => {
    if (r.status === "fulfilled") return;
    failed.push(keys[i]!);
    deps.onError(`${context}: delete failed, the sweep will retry`, `${keys[i]}: ${String(r.reason)}`);
  });
  await deps.attachments
    .recordOrphans(failed)
    .catch((err: unknown) =>
      deps.onError(
        `${context}: bytes left in storage could not be recorded`,
        `${failed.join(", ")}: ${String(err)}`,
      ),
    );
  return failed;
}
