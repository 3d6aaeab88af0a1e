import { fileTooLargeMessage, megabytes } from "@parley/contract";
import { AppError, NotFoundError, UnauthenticatedError, ValidationError } from "../../../shared/app-error";

export class AttachmentNotFoundError extends NotFoundError {
  constructor() {
    super("Attachment");
  }
}

/**
 * The row is there but its bytes are not: deleted from the bucket or folder behind Parley's back. For the
 * client it is the same 404 as an unknown id; for the operator it is lost data, so the error handler logs
 * `operatorWarning` with `operatorReason` (which key, what storage said).
 */
export class StoredFileMissingError extends AttachmentNotFoundError {
  override readonly operatorWarning = "attachment bytes missing from storage: answering 404";
  constructor(override readonly operatorReason: string) {
    super();
  }
}

/**
 * The S3 bucket cannot be reached or fails (5xx, throttling, gone): not a bug of ours, so 503
 * SERVICE_UNAVAILABLE with Retry-After (CONTRACT.md, as for the database), and a warning naming it.
 */
export class StorageUnavailableError extends AppError {
  override readonly operatorWarning = "attachment storage unavailable: answering 503";
  constructor(override readonly operatorReason: string) {
    super("SERVICE_UNAVAILABLE", "File storage is unavailable right now. Please retry shortly.");
  }
}

export class FileTooLargeError extends AppError {
  constructor(readonly limitBytes: number) {
    super(
      "PAYLOAD_TOO_LARGE",
      // Shown to people as it is (the web app says the same before sending such a file): the exact byte
      // count is in details for programs.
      fileTooLargeMessage(limitBytes),
      [
        {
          path: "file",
          message: `Files may be at most ${megabytes(limitBytes)} (UPLOAD_MAX_BYTES = ${limitBytes}).`,
          limitBytes,
        },
      ],
    );
  }
}

export class UnsupportedFileError extends AppError {
  constructor(message: string) {
    super("UNSUPPORTED_MEDIA_TYPE", message, [{ path: "file", message }]);
  }
}

export class NotMultipartError extends AppError {
  constructor() {
    super("UNSUPPORTED_MEDIA_TYPE", "Send the file as multipart/form-data in the field `file`.");
  }
}

export class MissingFileError extends ValidationError {
  constructor(message = "No file: send it as multipart/form-data in the field `file`.") {
    super(message, [{ path: "file", message }]);
  }
}

/**
 * The upload carried more than the one file in `file` (a second file, another field): refused whole, as
 * an unknown body field is, so a client never believes something was stored that was not.
 */
export class ExtraPartsError extends ValidationError {
  constructor(parts: string[]) {
    super(
      "An upload is one file in the field `file` and nothing else: send each file in its own request.",
      parts.map((path) => ({ path, message: path === "file" ? "A second file." : "Unknown field." })),
    );
  }
}

/** Some attachmentIds are not the sender's unattached uploads (unknown, someone else's, or swept). */
export class AttachmentsUnavailableError extends ValidationError {
  constructor(ids: Array<{ index: number; id: string }>) {
    super(
      "Some attachments cannot be attached: each must be your own upload, not yet attached and not expired.",
      ids.map(({ index }) => ({
        path: `attachmentIds.${index}`,
        message: "Not an upload of yours waiting to be attached.",
      })),
    );
  }
}

/**
 * An upload of the sender's that another message already carries: an upload is attached once. 400 like
 * every other attachmentIds refusal (CONTRACT.md: "uploads of the same sender, not yet attached"); 409
 * CONFLICT is the contract's word for a stale view only.
 */
export class AttachmentAlreadyAttachedError extends ValidationError {
  constructor(ids: Array<{ index: number; id: string }>) {
    super(
      "Some attachments are already on a message; an upload can be attached once. Upload the file again.",
      ids.map(({ index }) => ({ path: `attachmentIds.${index}`, message: "Already attached to a message." })),
    );
  }
}

export class BadLinkError extends UnauthenticatedError {
  constructor() {
    super("This download link has expired or is not valid; ask for a new one.");
  }
}

/**
 * A `Range` whose start is at or past the end of the file (RFC 9110 §15.5.17). The contract has no code of
 * its own for this: its body says VALIDATION_FAILED (the request names bytes the file does not have), and
 * the download route answers it with 416 and the file's size in Content-Range.
 */
export class RangeNotSatisfiableError extends ValidationError {
  constructor(readonly size: number) {
    const message = `The range asks for bytes past the end of the file (${size} bytes).`;
    super(message, [{ path: "Range", message: `Ranges must start before byte ${size}.`, size }]);
  }
}
