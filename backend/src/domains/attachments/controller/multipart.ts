import type { Request, Response } from "express";
import busboy from "busboy";
import type { Readable } from "node:stream";
import { FileTooLargeError, MissingFileError, NotMultipartError } from "../domain/attachments.errors";
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
 * close that lets a client still sending read the answer). Other fields are ignored; a second file is ignored.
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
        limits: { fileSize: maxBytes + 1, files: 1, fields: 20, parts: 25 },
      });
    } catch {
      // busboy throws on a missing or non-multipart content type.
      reject(new NotMultipartError());
      return;
    }
    let started = false;
    let current: Readable | null = null;
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
      handle({ name: info.filename, stream, truncated: () => truncated }).then(
        (value) => finish(() => resolve(value)),
        (err: unknown) => {
          stop();
          finish(() => reject(err instanceof Error ? err : new Error(String(err))));
        },
      );
    });
    parser.on("close", () => {
      if (!started) finish(() => reject(new MissingFileError()));
    });
    parser.on("error", (err: unknown) => {
      stop();
      const e = new MissingFileError(
        `The multipart body could not be read (${String((err as Error)?.message ?? err)}).`,
      );
      if (current && !current.destroyed) current.destroy(e);
      finish(() => reject(e));
    });
    req.on("close", () => {
      if (!req.complete && current && !current.destroyed) current.destroy(new ClientAbortedError());
    });
    req.pipe(parser);
  });
}
