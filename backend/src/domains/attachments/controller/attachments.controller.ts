import { Router, type Request, type RequestHandler, type Response } from "express";
import { pipeline } from "node:stream/promises";
import {
  ATTACHMENTS_PER_MESSAGE_MAX,
  attachmentDownloadQuerySchema,
  attachmentIdParamsSchema,
  attachmentLinksRequestSchema,
  type AttachmentLinks,
  type UploadLimits,
} from "@parley/contract";
import { noQuery, parse } from "../../../platform/http/validate";
import { principalOf } from "../../../platform/http/auth";
import { bearerToken } from "../../../platform/auth/token";
import { errorBody } from "../../../platform/http/error-handler";
import type { AttachmentService, Download, UnsatisfiableRange } from "../service/attachment.service";
import { RangeNotSatisfiableError } from "../domain/attachments.errors";
import type { ByteRange } from "../repository/blob-storage";
import { receiveFile } from "./multipart";

export type AttachmentGuards = {
  authenticate: RequestHandler;
  /** For downloads: a user's token, or a website visitor's (the files of its own conversation). */
  authenticateUserOrVisitor: RequestHandler;
  writeRateLimit: RequestHandler;
  /**
   * Uploads by a website visitor: `claims` tells a visitor's bearer token from a user's (unverified: it only
   * picks the guard); `guard` then stands in for authenticate and writeRateLimit (the visitors domain's:
   * a per-address limit, the session checked, req.principal the visitor's pseudo-shop user).
   */
  visitorUpload: { claims(token: string): boolean; guard: RequestHandler };
};

/** `inline` or `attachment`, with an ASCII fallback name and the UTF-8 one (RFC 6266 / 8187). */
export function contentDisposition(kind: "inline" | "attachment", name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * One `bytes=start-end` range (or `start-`, `-suffix`) of a file of `size` bytes. A range that names no byte
 * of the file (its start at or past the end, or a zero suffix) is "unsatisfiable": 416 (RFC 9110 §14.1.1,
 * §15.5.17). Anything else (several ranges, another unit, bad syntax, an end before the start) is ignored and
 * the whole file sent, as RFC 9110 §14.2 allows.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | "unsatisfiable" | undefined {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === "" && m[2] === "") || size === 0) return undefined;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    return suffix > 0 ? { start: Math.max(0, size - suffix), end: size - 1 } : "unsatisfiable";
  }
  const start = Number(m[1]);
  if (m[2] !== "" && Number(m[2]) < start) return undefined;
  if (start >= size) return "unsatisfiable";
  return { start, end: m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1) };
}

/**
 * The `Range` header to honour, if any. With `If-Range` a client asks for the range only if the file is
 * still the one its validator names, and the whole file otherwise (RFC 9110 §13.1.5). Downloads send no
 * validator (no ETag, no Last-Modified), so no If-Range can match: a request carrying one gets the whole
 * file, never a piece of another version spliced onto what it holds.
 */
function rangeToHonour(req: Request): string | undefined {
  return req.get("if-range") === undefined ? req.get("range") : undefined;
}

/**
 * 416 with a `Content-Range` that gives the file's size (RFC 9110 §15.5.17), so a client can ask again within
 * it; the body has the contract's error shape. Range answers (206, 416) are HTTP's, so they are set here.
 */
function refuseRange(req: Request, res: Response, d: UnsatisfiableRange): void {
  const err = new RangeNotSatisfiableError(d.attachment.size);
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Accept-Ranges", "bytes");
  res.setHeader("Content-Range", `bytes */${d.attachment.size}`);
  res.status(416).json(errorBody(err, req.id));
}

async function send(req: Request, res: Response, d: Download | UnsatisfiableRange): Promise<void> {
  if ("unsatisfiable" in d) return refuseRange(req, res, d);
  const kind = d.inline ? "inline" : "attachment";
  res.setHeader("Content-Type", d.contentType);
  res.setHeader("Content-Disposition", contentDisposition(kind, d.name));
  res.setHeader("X-Content-Type-Options", "nosniff");
  // Even opened directly, the file runs no script and loads nothing in Parley's origin.
  res.setHeader("Content-Security-Policy", "default-src 'none'; img-src 'self'; media-src 'self'; sandbox");
  // CONTRACT.md: every /api response is no-store unless public and cacheable; a file is neither (its
  // access follows the ticket's, and a signed link expires).
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Accept-Ranges", "bytes");
  if (d.length !== undefined) res.setHeader("Content-Length", String(d.length));
  if (d.range) {
    res.status(206).setHeader("Content-Range", `bytes ${d.range.start}-${d.range.end}/${d.attachment.size}`);
  }
  if (!d.stream) {
    res.end();
    return;
  }
  try {
    await pipeline(d.stream, res);
  } catch (err) {
    // A client that goes away mid-download is not an error of ours.
    if ((err as { code?: string }).code === "ERR_STREAM_PREMATURE_CLOSE") return;
    // The storage failed midway (a dropped connection to S3): the status is sent and cannot change. The
    // connection is cut short of Content-Length, so the client knows the file is incomplete; the error
    // goes on to Express, which logs it (the process stays up).
    res.destroy();
    throw err;
  }
}

/** POST /api/uploads, GET /api/attachments/:id[/thumbnail|/link] and POST /api/attachments/links. */
export function createAttachmentRouters(deps: { attachments: AttachmentService; guards: AttachmentGuards }) {
  const { attachments, guards } = deps;

  const uploads = Router();
  // A customer's screenshot comes with a visitor token, everything else with a user's.
  const asUser = Router().use(guards.authenticate, guards.writeRateLimit);
  uploads.use((req, res, next) => {
    const token = bearerToken(req.get("authorization"));
    const visitor = token !== null && guards.visitorUpload.claims(token);
    return (visitor ? guards.visitorUpload.guard : asUser)(req, res, next);
  });
  // What an upload may be, so the web app refuses a file over the limit before sending any of it.
  uploads.get("/limits", noQuery, (_req: Request, res: Response) => {
    res.json({
      maxBytes: attachments.maxBytes,
      perMessage: ATTACHMENTS_PER_MESSAGE_MAX,
    } satisfies UploadLimits);
  });
  uploads.post("/", noQuery, async (req: Request, res: Response) => {
    const principal = principalOf(req);
    const stored = await receiveFile(req, res, attachments.maxBytes, (file) =>
      attachments.upload(principal, file),
    );
    res.status(201).json(attachments.view(stored));
  });

  const downloads = Router();
  // A signed link (?exp&sig) stands in for the bearer token; without one, the token is required.
  const tokenOrLink: RequestHandler = (req, res, next) => {
    const query = parse(attachmentDownloadQuerySchema, req.query, "query");
    if (query.sig !== undefined && query.exp !== undefined) {
      res.locals.link = { exp: query.exp, sig: query.sig };
      return next();
    }
    return guards.authenticateUserOrVisitor(req, res, next);
  };
  const linkOf = (res: Response) => res.locals.link as { exp: number; sig: string } | undefined;

  downloads.get("/:id", tokenOrLink, async (req: Request, res: Response) => {
    const { id } = parse(attachmentIdParamsSchema, req.params, "path");
    const rangeHeader = rangeToHonour(req);
    const range = rangeHeader ? (size: number) => parseRange(rangeHeader, size) : undefined;
    const link = linkOf(res);
    const principal = link ? null : principalOf(req);
    await send(
      req,
      res,
      await attachments.open(principal, id, {
        ...(range ? { range } : {}),
        ...(link ? { link } : {}),
        headersOnly: req.method === "HEAD",
      }),
    );
  });
  downloads.get("/:id/thumbnail", tokenOrLink, async (req: Request, res: Response) => {
    const { id } = parse(attachmentIdParamsSchema, req.params, "path");
    const link = linkOf(res);
    const principal = link ? null : principalOf(req);
    await send(
      req,
      res,
      await attachments.open(principal, id, {
        thumbnail: true,
        ...(link ? { link } : {}),
        headersOnly: req.method === "HEAD",
      }),
    );
  });
  downloads.get(
    "/:id/link",
    guards.authenticateUserOrVisitor,
    noQuery,
    async (req: Request, res: Response) => {
      const { id } = parse(attachmentIdParamsSchema, req.params, "path");
      res.setHeader("Cache-Control", "no-store");
      res.json(await attachments.link(principalOf(req), id));
    },
  );

  // A long thread's images in one request instead of one …/link each.
  downloads.post("/links", guards.authenticateUserOrVisitor, noQuery, async (req: Request, res: Response) => {
    const { ids } = parse(attachmentLinksRequestSchema, req.body, "body");
    res.setHeader("Cache-Control", "no-store");
    res.json({ items: await attachments.links(principalOf(req), ids) } satisfies AttachmentLinks);
  });

  return { uploads, downloads };
}
