import { cannedResponseListSchema, cannedResponseSchema, type CannedResponseBody } from "@parley/contract";
import { request, requestNoContent } from "../../../services/api/client";

export const listCanned = (signal?: AbortSignal) =>
  request(cannedResponseListSchema, "/api/canned-responses", { signal }).then((r) => r.items);
export const createCanned = (body: CannedResponseBody) =>
  request(cannedResponseSchema, "/api/canned-responses", { method: "POST", body });
export const updateCanned = (id: string, body: Partial<CannedResponseBody>) =>
  request(cannedResponseSchema, `/api/canned-responses/${encodeURIComponent(id)}`, { method: "PATCH", body });
export const deleteCanned = (id: string) =>
  requestNoContent(`/api/canned-responses/${encodeURIComponent(id)}`, { method: "DELETE" });
