import type { Request, Response } from "express";
import busboy from "busboy";
import type { Readable } from "node:stream";
import {
  ExtraPartsError,
  FileTooLargeError,
  MissingFileError,
  NotMultipartError,
} from "../domain/attachments.errors";
import type { IncomingFile } from "../service/attachment.service";
import { lingerAfterRefusal } from "../../../platform/http/lingering-close";

const ignoreHere = () => {};

/** The client went away mid-upload: its doing, not a fault of ours (no 500, no error log). */
class ClientAbortedError extends MissingFileError {
  constructor() {
    super("The client aborted the upload.");
  }
}

/**
 * Streams the multipart field `file` of a request into `handle`, never holding the file in memory. Past
 * `maxBytes` the file stream fails with FileTooLargeError at once and the response is marked
 * `Connection: close`, so the client's remaining bytes are not read for nothing (beyond the short lingering
 * close that lets a client still sending read the answer). Anything else in the body (a second file, another
 * field) makes the file's `complete()` fail with ExtraPartsError, which the handler awaits before it stores
 * anything: the whole upload is refused, never half taken.
 */
export function receiveFile<T>(
  req: Request,
  res: Response,
  maxBytes: number,
  handle: (file: IncomingFile) => Promise<T>,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      // busboy reports the limit on reaching it, so a file of exactly maxBytes needs one byte more.
      parser = busboy({
        headers: req.headers,
        defParamCharset: "utf8",
        // files: 2, so that a second file still names its field in the refusal (a third is just "file").
        limits: { fileSize: maxBytes + 1, files: 2, fields: 20, parts: 25 },
      });
    } catch {
      // busboy throws on a missing or non-multipart content type.
      reject(new NotMultipartError());
      return;
    }
    let started = false;
    let current: Readable | null = null;
    const extras: string[] = [];
    // Settles when the parser has read the whole body (or failed to); complete() reports it to the handler.
    let bodyRead!: { resolve: () => void; reject: (e: Error) => void };
    const whole = new Promise<void>((resolve, reject) => (bodyRead = { resolve, reject }));
    whole.catch(ignoreHere); // a handler that failed before asking is not an unhandled rejection
    const complete = async () => {
      await whole;
      if (extras.length > 0) throw new ExtraPartsError(extras);
    };
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    const stop = () => {
      req.unpipe(parser);
      // The answer may be out already (the parser's error came first; the handler fails after it).
      if (!res.headersSent) {
        res.setHeader("Connection", "close");
        lingerAfterRefusal(req);
      }
    };

    parser.on("file", (field, stream, info) => {
      // A cut-off body makes busboy emit "Unexpected end of form" on the file stream, maybe between the
      // consumer's reads: with no listener that is an unhandled 'error' event, which ends the process. The
      // consumer still sees the error (a destroyed stream fails its reads); the request gets the parser's.
      stream.on("error", ignoreHere);
      if (field !== "file" || started) {
        extras.push(field);
        stream.resume();
        return;
      }
      started = true;
      current = stream;
      let truncated = false;
      stream.on("limit", () => {
        truncated = true;
        stop();
        stream.destroy(new FileTooLargeError(maxBytes));
      });
      handle({ name: info.filename, stream, truncated: () => truncated, complete }).then(
        (value) => finish(() => resolve(value)),
        (err: unknown) => {
          stop();
          finish(() => reject(err instanceof Error ? err : new Error(String(err))));
        },
      );
    });
    parser.on("field", (name) => extras.push(name));
    // Past busboy's limits a part is skipped without a "file" or "field" event: still more than one file.
    parser.on("filesLimit", () => extras.push("file"));
    parser.on("fieldsLimit", () => extras.push("fields"));
    parser.on("partsLimit", () => extras.push("parts"));
    parser.on("close", () => {
      bodyRead.resolve();
      if (!started) finish(() => reject(new MissingFileError()));
    });
    parser.on("error", (err: unknown) => {
      stop();
      const e = new MissingFileError(
        `The multipart body could not be read (${String((err as Error)?.message ?? err)}).`,
      );
      if (current && !current.destroyed) current.destroy(e);
      bodyRead.reject(e);
      finish(() => reject(e));
    });
    req.on("close", () => {
      if (req.complete) return;
      const e = new ClientAbortedError();
      if (current && !current.destroyed) current.destroy(e);
      bodyRead.reject(e);
    });
    req.pipe(parser);
  });
}
