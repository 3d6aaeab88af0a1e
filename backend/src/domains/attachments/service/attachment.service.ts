import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Queryable } from "../../../platform/connection-transaction";
import { timingSafeEqual } from "node:crypto";
import {
  ATTACHMENT_LINK_TTL_SECONDS,
  UNATTACHED_UPLOAD_TTL_HOURS,
  type Attachment as AttachmentDto,
  type AttachmentLink,
} from "@parley/contract";
import type { Principal } from "../../../shared/principal";
import { UnauthenticatedError, ValidationError } from "../../../shared/app-error";
import {
  attachmentView,
  canDownload,
  cleanFileName,
  type AttachTarget,
  type StoredAttachment,
} from "../domain/attachment";
import { isInlineSafe, judgeFile } from "../domain/file-policy";
import {
  AttachmentAlreadyAttachedError,
  AttachmentNotFoundError,
  AttachmentsUnavailableError,
  BadLinkError,
  FileTooLargeError,
  UnsupportedFileError,
} from "../domain/attachments.errors";
import type { AttachmentRepository } from "../repository/attachment.repository";
import type { BlobStorage, ByteRange } from "../repository/blob-storage";
import { fileKeyOf, thumbnailKeyOf } from "../domain/storage-keys";
import { cleanImage, headOf, sniff } from "./file-inspection";
import { deleteUnreferencedBytes } from "./delete-bytes";

/** A file arriving in a request: its name as sent and its bytes, streamed. */
export type IncomingFile = {
  name: string | undefined;
  stream: Readable;
  /** Whether the transport cut the file at the size limit. */
  truncated(): boolean;
  /**
   * Resolves once the rest of the request has been read and held nothing but this file; rejects when it
   * held more (ExtraPartsError) or could not be read. Awaited before anything is stored.
   */
  complete(): Promise<void>;
};

export type Download = {
  attachment: StoredAttachment;
  /** The bytes; null when only the headers were asked for (HEAD): the file was found, not read. */
  stream: Readable | null;
  /** The name to save it under: the upload's, or for a thumbnail the same base name as `.webp`. */
  name: string;
  contentType: string;
  inline: boolean;
  /** Set when a range was served: the bytes sent and the whole size. */
  range?: ByteRange;
  /** The length of what is sent; unknown for a thumbnail's GET (it is streamed as stored). */
  length?: number;
};

/** A `Range` that names no byte of the file: nothing is opened, the controller answers 416. */
export type UnsatisfiableRange = { attachment: StoredAttachment; unsatisfiable: true };

/**
 * A thumbnail's file name: the upload's with its extension swapped for `.webp` (`shot.png` → `shot.webp`),
 * or `.webp` added when it has none (`scan` → `scan.webp`; a leading dot is no extension: `.png` →
 * `.png.webp`).
 */
function thumbnailName(name: string): string {
  const dot = name.lastIndexOf(".");
  return `${dot > 0 ? name.slice(0, dot) : name}.webp`;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SWEEP_BATCH = 500;

export type AttachmentServiceDeps = {
  attachments: AttachmentRepository;
  storage: BlobStorage;
  /** A local folder for files being received and checked (never served). */
  spoolDir: string;
  maxBytes: number;
  onError: (message: string, err: unknown) => void;
  /** A keyed MAC for signed links (the token secret, so every process agrees). */
  mac: (data: string) => string;
  /** Seconds since the epoch (tests of expiry pass their own). */
  nowSeconds?: () => number;
};

export function createAttachmentService(deps: AttachmentServiceDeps) {
  const { attachments, storage, spoolDir, maxBytes } = deps;

  const nowSeconds = deps.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const signature = (id: string, variant: "file" | "thumbnail", exp: number) =>
    deps.mac(`${id}:${variant}:${exp}`);
  const signedUrl = (base: string, id: string, variant: "file" | "thumbnail", exp: number) =>
    `${base}?exp=${exp}&sig=${signature(id, variant, exp)}`;

  /** The attachment a signed link names, if the link is genuine and current; anything else is 401. */
  const byLink = async (id: string, variant: "file" | "thumbnail", exp: number, sig: string) => {
    const expected = Buffer.from(UUID_RE.test(id) ? signature(id.toLowerCase(), variant, exp) : "");
    const given = Buffer.from(sig);
    const genuine =
      expected.length > 0 && expected.length === given.length && timingSafeEqual(expected, given);
    if (!genuine || exp < nowSeconds()) throw new BadLinkError();
    const a = await attachments.findById(id.toLowerCase());
    if (!a) throw new AttachmentNotFoundError();
    return a;
  };

  const unauthenticated = (): never => {
    throw new UnauthenticatedError();
  };

  /** Signed URLs to an attachment's file and thumbnail, valid until `exp` (seconds). */
  const linkOf = (a: StoredAttachment, exp: number): AttachmentLink => {
    const view = attachmentView(a);
    const out: AttachmentLink = {
      url: signedUrl(view.url, a.id, "file", exp),
      expiresAt: new Date(exp * 1000).toISOString(),
    };
    if (view.thumbnailUrl) out.thumbnailUrl = signedUrl(view.thumbnailUrl, a.id, "thumbnail", exp);
    return out;
  };

  const visible = async (principal: Principal, id: string): Promise<StoredAttachment> => {
    const a = UUID_RE.test(id) ? await attachments.findById(id.toLowerCase()) : null;
    if (!a || !canDownload(principal, a)) throw new AttachmentNotFoundError();
    return a;
  };

  const deleteBytes = async (keys: string[], context: string): Promise<void> => {
    await deleteUnreferencedBytes({ attachments, storage, onError: deps.onError }, keys, context);
  };

  /** Retries the deletes that failed before; keys storage now confirms gone are forgotten. */
  async function retryOrphans(): Promise<void> {
    for (;;) {
      const keys = await attachments.orphans(SWEEP_BATCH);
      const results = await Promise.allSettled(keys.map((key) => storage.delete(key)));
      const gone = keys.filter((_, i) => results[i]!.status === "fulfilled");
      await attachments.forgetOrphans(gone);
      // Stop when the list is done or storage still refuses everything (it is tried again next hour).
      if (keys.length < SWEEP_BATCH || gone.length === 0) return;
    }
  }

  /**
   * Spool files older than `cutoff`: a process killed mid-upload (a crash, SIGKILL, a power cut) never ran
   * its own clean-up. No upload lasts that long (Node ends a request after 5 minutes), so none is in use,
   * whichever process of this DATA_DIR wrote it.
   */
  async function removeStaleSpool(cutoff: Date): Promise<void> {
    const names = await fsp.readdir(spoolDir).catch((err: unknown) => {
      if ((err as { code?: string }).code !== "ENOENT")
        deps.onError("attachment sweep: spool unreadable", err);
      return [] as string[];
    });
    for (const name of names) {
      const file = path.join(spoolDir, name);
      const stat = await fsp.stat(file).catch(() => null);
      if (stat?.isFile() && stat.mtimeMs < cutoff.getTime()) await fsp.rm(file, { force: true });
    }
  }

  /**
   * Deletes uploads never attached within UNATTACHED_UPLOAD_TTL_HOURS of `now`: rows first (atomic
   * against a message claiming them), then their bytes; then bytes earlier deletes left behind, and
   * spool files of uploads that never finished. Returns how many uploads went.
   */
  async function sweepUnattached(now: Date = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - UNATTACHED_UPLOAD_TTL_HOURS * 3600_000);
    let total = 0;
    for (;;) {
      const gone = await attachments.deleteUnattachedBefore(cutoff, SWEEP_BATCH);
      total += gone.length;
      const keys = gone.flatMap((a) => (a.thumbnailKey ? [a.storageKey, a.thumbnailKey] : [a.storageKey]));
      await deleteBytes(keys, "attachment sweep");
      if (gone.length < SWEEP_BATCH) break;
    }
    await retryOrphans();
    await removeStaleSpool(cutoff);
    return total;
  }

  return {
    maxBytes,
    sweepUnattached,

    /**
     * Receives a file: spooled to disk as it arrives (memory stays flat whatever the size), its type
     * sniffed from the bytes and judged against its name, images re-encoded without metadata and given a
     * thumbnail, then stored and recorded as the uploader's, waiting to be attached.
     */
    async upload(principal: Principal, file: IncomingFile): Promise<StoredAttachment> {
      const id = randomUUID();
      const spool = path.join(spoolDir, `${id}.part`);
      const cleaned = `${spool}.clean`;
      const thumb = `${spool}.thumb`;
      const stored: string[] = [];
      try {
        await fsp.mkdir(spoolDir, { recursive: true });
        await pipeline(file.stream, fs.createWriteStream(spool));
        if (file.truncated()) throw new FileTooLargeError(maxBytes);
        await file.complete();
        const { size: received } = await fsp.stat(spool);
        if (received === 0)
          throw new ValidationError("The file is empty.", [{ path: "file", message: "Empty file." }]);

        const name = cleanFileName(file.name);
        const verdict = judgeFile(name, await sniff(spool), await headOf(spool));
        if (!verdict.ok) throw new UnsupportedFileError(verdict.reason);

        let source = spool;
        let thumbnailKey: string | null = null;
        if (verdict.image) {
          source = (await cleanImage(verdict.image, spool, cleaned, thumb)).stored;
          thumbnailKey = thumbnailKeyOf(id);
        }
        const { size } = await fsp.stat(source);
        const fileKey = fileKeyOf(id);
        await storage.put(fileKey, source, verdict.contentType);
        stored.push(fileKey);
        if (thumbnailKey) {
          await storage.put(thumbnailKey, thumb, "image/webp");
          stored.push(thumbnailKey);
        }
        return await attachments.insert({
          id,
          uploaderId: principal.userId,
          name,
          contentType: verdict.contentType,
          size,
          storageKey: fileKey,
          thumbnailKey,
        });
      } catch (err) {
        await deleteBytes(stored, "attachment upload refused");
        throw err;
      } finally {
        await Promise.allSettled([spool, cleaned, thumb].map((f) => fsp.rm(f, { force: true })));
      }
    },

    /**
     * Links to the file (and thumbnail) that work without an Authorization header for `ttlSeconds`,
     * for someone who may download it now: what `<img src>` needs.
     */
    async link(
      principal: Principal,
      id: string,
      ttlSeconds = ATTACHMENT_LINK_TTL_SECONDS,
    ): Promise<AttachmentLink> {
      return linkOf(await visible(principal, id), nowSeconds() + ttlSeconds);
    },

    /**
     * The links of several attachments at once (a long thread's images), in the order named, each id once:
     * those the caller may not see, or that do not exist, are left out, as their own link would be 404.
     */
    async links(
      principal: Principal,
      ids: string[],
      ttlSeconds = ATTACHMENT_LINK_TTL_SECONDS,
    ): Promise<Array<AttachmentLink & { id: string }>> {
      const wanted = [...new Set(ids.filter((id) => UUID_RE.test(id)).map((id) => id.toLowerCase()))];
      const found = new Map((await attachments.findByIds(wanted)).map((a) => [a.id, a]));
      const exp = nowSeconds() + ttlSeconds;
      return wanted.flatMap((id) => {
        const a = found.get(id);
        return a && canDownload(principal, a) ? [{ id, ...linkOf(a, exp) }] : [];
      });
    },

    /** The upload object of the contract. */
    view: attachmentView,

    /** The bytes of an attachment (or its thumbnail) for someone who may see it; anyone else: 404. */
    /** `principal` may be null only with a signed `link`. */
    async open(
      principal: Principal | null,
      id: string,
      opts: {
        thumbnail?: boolean;
        /** The range asked for, given the file's size ("unsatisfiable": none of its bytes). */
        range?: (size: number) => ByteRange | "unsatisfiable" | undefined;
        link?: { exp: number; sig: string };
        /** HEAD: check that the bytes are there and give their length, but open nothing. */
        headersOnly?: boolean;
      } = {},
    ): Promise<Download | UnsatisfiableRange> {
      const a = opts.link
        ? await byLink(id, opts.thumbnail ? "thumbnail" : "file", opts.link.exp, opts.link.sig)
        : await visible(principal ?? unauthenticated(), id);
      if (opts.thumbnail) {
        if (!a.thumbnailKey) throw new AttachmentNotFoundError();
        const thumbnail = {
          attachment: a,
          name: thumbnailName(a.name),
          contentType: "image/webp",
          inline: true,
        };
        return opts.headersOnly
          ? { ...thumbnail, stream: null, length: await storage.size(a.thumbnailKey) }
          : { ...thumbnail, stream: await storage.get(a.thumbnailKey) };
      }
      const asked = opts.range?.(a.size);
      if (asked === "unsatisfiable") return { attachment: a, unsatisfiable: true };
      const range = asked && asked.start <= asked.end && asked.end < a.size ? asked : undefined;
      return {
        attachment: a,
        stream: opts.headersOnly
          ? await storage.size(a.storageKey).then(() => null)
          : await storage.get(a.storageKey, range),
        name: a.name,
        contentType: a.contentType,
        inline: isInlineSafe(a.contentType),
        ...(range ? { range } : {}),
        length: range ? range.end - range.start + 1 : a.size,
      };
    },

    /**
     * For the support domain, inside its message transaction: claims the sender's unattached uploads for
     * the new message. Unknown, someone else's or expired ids are 400, and so are ids already attached (an
     * upload is attached once; CONFLICT is the contract's word for a stale view only).
     */
    async attachToMessage(
      trx: Queryable,
      uploaderId: string,
      rawIds: string[],
      target: AttachTarget,
      now: Date,
    ): Promise<AttachmentDto[]> {
      if (rawIds.length === 0) return [];
      const ids = rawIds.map((id) => id.toLowerCase());
      const claimed = await attachments.claim(trx, ids, uploaderId, target, now);
      if (claimed.length !== ids.length) {
        const states = new Map((await attachments.states(trx, ids)).map((s) => [s.id, s]));
        const problems = ids.map((id, index) => ({ id, index, state: states.get(id) }));
        const unavailable = problems.filter((p) => !p.state || p.state.uploaderId !== uploaderId);
        if (unavailable.length) throw new AttachmentsUnavailableError(unavailable);
        throw new AttachmentAlreadyAttachedError(
          problems.filter((p) => p.state?.attached && !claimed.some((c) => c.id === p.id)),
        );
      }
      const byId = new Map(claimed.map((a) => [a.id, a]));
      return ids.map((id) => attachmentView(byId.get(id)!));
    },

    /** Runs the sweep every `intervalMs` (unref'd: it never keeps the process alive). Returns a stop function. */
    startSweeper(intervalMs: number): () => void {
      const timer = setInterval(() => {
        sweepUnattached().catch((err: unknown) => deps.onError("attachment sweep failed", err));
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}

export type AttachmentService = ReturnType<typeof createAttachmentService>;
