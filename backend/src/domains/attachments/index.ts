import path from "node:path";
import type { Knex } from "knex";
import type { Config } from "../../config/env";
import { createAttachmentRepository } from "./repository/attachment.repository";
import { createLocalStorage, createS3Storage, type BlobStorage } from "./repository/blob-storage";
import { createAttachmentService } from "./service/attachment.service";
import { createStorageScan } from "./service/storage-scan";
import { createAttachmentRouters, type AttachmentGuards } from "./controller/attachments.controller";
import { registerAttachmentDocs } from "./controller/attachments.openapi";

/** Composition root of the attachments domain: uploads, storage (folder or S3), downloads, the sweep. */
export function createAttachmentsModule(deps: {
  db: Knex;
  uploads: Config["uploads"];
  guards: AttachmentGuards;
  onError: (message: string, err: unknown) => void;
  /** Keyed MAC for signed download links (modules.ts passes the token service's). */
  mac: (data: string) => string;
}) {
  const storage = storageFor(deps.uploads);
  const service = createAttachmentService({
    attachments: createAttachmentRepository(deps.db),
    storage,
    spoolDir: path.join(deps.uploads.dir, ".incoming"),
    maxBytes: deps.uploads.maxBytes,
    onError: deps.onError,
    mac: deps.mac,
  });
  const routers = createAttachmentRouters({ attachments: service, guards: deps.guards });
  return {
    service,
    storageKind: storage.kind,
    uploadsRouter: routers.uploads,
    downloadsRouter: routers.downloads,
    registerOpenApi: registerAttachmentDocs,
  };
}

export type AttachmentsModule = ReturnType<typeof createAttachmentsModule>;

/** Where the bytes live: the S3-compatible bucket when one is configured, else the uploads folder. */
function storageFor(uploads: Config["uploads"]): BlobStorage {
  return uploads.s3 ? createS3Storage(uploads.s3) : createLocalStorage(uploads.dir);
}

/**
 * The scan of storage against the attachments table (`npm run attachments:scan`, backend/src/cli): bytes an
 * upload stored before a crash kept its row from being written. Also where they are, for its report.
 */
export function createAttachmentStorageScan(deps: {
  db: Knex;
  uploads: Config["uploads"];
  onError: (message: string, err: unknown) => void;
}) {
  const storage = storageFor(deps.uploads);
  return {
    scanStorage: createStorageScan({
      attachments: createAttachmentRepository(deps.db),
      storage,
      onError: deps.onError,
    }),
    where: deps.uploads.s3 ? `the S3 bucket ${deps.uploads.s3.bucket}` : `the folder ${deps.uploads.dir}`,
  };
}
