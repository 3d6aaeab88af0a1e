/**
 * The files a composer is about to send: each one uploads at once (with progress and cancel), a refused
 * one keeps the server's sentence next to it, and `settle()` waits for the uploads still running so a send
 * can carry the finished ones' ids. More than ATTACHMENTS_PER_MESSAGE_MAX files, and a file over the server's
 * UPLOAD_MAX_BYTES (GET /api/uploads/limits), are refused here already, with the sentence the server would
 * give, and without sending any of the file.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { ATTACHMENTS_PER_MESSAGE_MAX, fileTooLargeMessage, type Attachment } from "@parley/contract";
import { ApiError } from "../../../services/api/client";
import { newId } from "../../../lib/ids";
import { uploadFile, type UploadHandle } from "../api/attachments";

export type UploadItem = {
  key: string;
  name: string;
  size: number;
  status: "uploading" | "done" | "failed";
  /** 0..1 */
  progress: number;
  /** Why the file was refused or failed, in the server's words when it gave some. */
  error?: string;
  attachment?: Attachment;
};

export const TOO_MANY_FILES = `At most ${ATTACHMENTS_PER_MESSAGE_MAX} attachments per message; send the rest in another message.`;

const EXTENSION: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/gif": "gif",
  "image/webp": "webp",
};

/** A pasted screenshot often has no useful name ("image.png" or none at all). */
export function nameForPasted(file: File, now = new Date()): File {
  if (file.name && file.name !== "image.png") return file;
  const stamp = now.toISOString().slice(0, 19).replace(/[T:]/g, "-");
  const ext = EXTENSION[file.type] ?? "bin";
  return new File([file], `screenshot-${stamp}.${ext}`, { type: file.type, lastModified: file.lastModified });
}

function reason(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return "The upload failed.";
}

export type Uploads = ReturnType<typeof useUploads>;

export function useUploads(
  opts: {
    max?: number;
    /** The server's UPLOAD_MAX_BYTES (useUploadLimits); unknown, nothing is refused for its size here. */
    maxBytes?: number;
    upload?: typeof uploadFile;
  } = {},
) {
  const { max = ATTACHMENTS_PER_MESSAGE_MAX, maxBytes, upload = uploadFile } = opts;
  const [items, setItems] = useState<UploadItem[]>([]);
  const itemsRef = useRef<UploadItem[]>([]);
  const handles = useRef(new Map<string, UploadHandle>());
  const mounted = useRef(true);

  const update = useCallback((fn: (prev: UploadItem[]) => UploadItem[]) => {
    itemsRef.current = fn(itemsRef.current);
    if (mounted.current) setItems(itemsRef.current);
  }, []);
  const patch = useCallback(
    (key: string, change: Partial<UploadItem>) =>
      update((prev) => prev.map((i) => (i.key === key ? { ...i, ...change } : i))),
    [update],
  );

  useEffect(() => {
    mounted.current = true;
    const running = handles.current;
    return () => {
      mounted.current = false;
      for (const h of running.values()) h.abort();
      running.clear();
    };
  }, []);

  const add = useCallback(
    (files: Iterable<File>) => {
      let kept = itemsRef.current.filter((i) => i.status !== "failed").length;
      const added: UploadItem[] = [];
      for (const file of files) {
        const key = newId();
        const refusal =
          kept >= max
            ? TOO_MANY_FILES
            : maxBytes !== undefined && file.size > maxBytes
              ? fileTooLargeMessage(maxBytes)
              : undefined;
        if (refusal) {
          added.push({
            key,
            name: file.name,
            size: file.size,
            status: "failed",
            progress: 0,
            error: refusal,
          });
          continue;
        }
        kept++;
        added.push({ key, name: file.name, size: file.size, status: "uploading", progress: 0 });
        const handle = upload(file, (progress) => patch(key, { progress }));
        handles.current.set(key, handle);
        handle.done
          .then(
            (attachment) => patch(key, { status: "done", progress: 1, attachment }),
            (err: unknown) => {
              // A cancelled upload has already left the list.
              if ((err as Error)?.name !== "AbortError") patch(key, { status: "failed", error: reason(err) });
            },
          )
          .finally(() => handles.current.delete(key));
      }
      if (added.length) update((prev) => [...prev, ...added]);
    },
    [max, maxBytes, upload, patch, update],
  );

  /** Cancels a running upload, or takes a finished or refused file off the list. */
  const remove = useCallback(
    (key: string) => {
      handles.current.get(key)?.abort();
      handles.current.delete(key);
      update((prev) => prev.filter((i) => i.key !== key));
    },
    [update],
  );

  /** Waits for the uploads running now; resolves with every finished upload, in the order added. */
  const settle = useCallback(async (): Promise<Attachment[]> => {
    await Promise.allSettled([...handles.current.values()].map((h) => h.done));
    return itemsRef.current.filter((i) => i.status === "done").map((i) => i.attachment!);
  }, []);

  /** After a send: the uploads it carried leave the list (refused files stay, with their reason). */
  const clearSent = useCallback(
    (sent: Attachment[]) => {
      const ids = new Set(sent.map((a) => a.id));
      update((prev) => prev.filter((i) => !(i.attachment && ids.has(i.attachment.id))));
    },
    [update],
  );

  /** Files of a message given back to the composer (the server refused it): listed again, uploaded. */
  const restore = useCallback(
    (files: Attachment[]) =>
      update((prev) => [
        ...prev,
        ...files
          .filter((f) => !prev.some((i) => i.attachment?.id === f.id))
          .map((f): UploadItem => ({
            key: newId(),
            name: f.name,
            size: f.size,
            status: "done",
            progress: 1,
            attachment: f,
          })),
      ]),
    [update],
  );

  const uploading = items.some((i) => i.status === "uploading");
  return { items, add, remove, settle, clearSent, restore, uploading } as const;
}
