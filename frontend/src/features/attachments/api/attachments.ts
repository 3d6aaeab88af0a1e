/**
 * Uploads and links for attachments. An upload goes through XMLHttpRequest, not fetch, because only XHR
 * reports upload progress (`upload.onprogress`) and can be aborted mid-body; its answer is parsed with the
 * contract's schema and a refusal becomes the same ApiError (with the server's sentence) as any request.
 */
import {
  attachmentLinksSchema,
  attachmentSchema,
  errorBodySchema,
  uploadLimitsSchema,
  type Attachment,
} from "@parley/contract";
import { ApiError, getToken, messageWithoutErrorBody, request } from "../../../services/api/client";

export type UploadHandle = {
  /** Resolves with the stored upload; rejects with an ApiError (refusal, network) or an AbortError. */
  done: Promise<Attachment>;
  /** Stops the upload; `done` rejects with an AbortError. */
  abort: () => void;
};

export function abortError(): DOMException {
  return new DOMException("The upload was cancelled.", "AbortError");
}

function errorFrom(status: number, text: string): ApiError {
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  const parsed = errorBodySchema.safeParse(data);
  if (parsed.success) {
    const e = parsed.data.error;
    return new ApiError(status, e.code, e.message, e.details ?? [], e.requestId);
  }
  if (status === 413) return new ApiError(413, "PAYLOAD_TOO_LARGE", "The file is too large.");
  return new ApiError(status, `HTTP_${status}`, messageWithoutErrorBody(status));
}

/** POST /api/uploads (multipart, field `file`), reporting progress as a fraction 0..1. */
export function uploadFile(file: File, onProgress?: (fraction: number) => void): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<Attachment>((resolve, reject) => {
    xhr.open("POST", "/api/uploads");
    xhr.setRequestHeader("Accept", "application/json");
    const token = getToken();
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress?.(Math.min(1, e.loaded / e.total));
    };
    xhr.onload = () => {
      if (xhr.status === 201 || xhr.status === 200) {
        let data: unknown;
        try {
          data = JSON.parse(xhr.responseText);
        } catch {
          data = undefined;
        }
        const parsed = attachmentSchema.safeParse(data);
        if (parsed.success) {
          onProgress?.(1);
          resolve(parsed.data);
        } else
          reject(
            new ApiError(xhr.status, "BAD_RESPONSE", "The server's answer did not have the expected shape."),
          );
      } else reject(errorFrom(xhr.status, xhr.responseText));
    };
    // The server closes the connection after refusing an oversized file; some browsers then report a
    // network error instead of the 413 it already sent.
    xhr.onerror = () =>
      reject(
        xhr.status
          ? errorFrom(xhr.status, xhr.responseText)
          : new ApiError(0, "NETWORK", "The upload failed: the connection was lost or the file was refused."),
      );
    xhr.onabort = () => reject(abortError());
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

/**
 * POST /api/attachments/links: URLs for <img src> and download links that need no Authorization header, for
 * several attachments at once (those the server leaves out are not available to this user).
 */
export const getAttachmentLinks = (ids: string[]) =>
  request(attachmentLinksSchema, "/api/attachments/links", { method: "POST", body: { ids } });

/** GET /api/uploads/limits: the largest file the server takes, so one over it is refused before it is sent. */
export const getUploadLimits = (signal?: AbortSignal) =>
  request(uploadLimitsSchema, "/api/uploads/limits", { signal });
