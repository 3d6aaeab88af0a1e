import type { Attachment as AttachmentDto } from "@parley/contract";
import type { Principal } from "../../../shared/principal";
import { withoutNameNoise } from "./file-policy";
import { cutAtCharacter } from "../../../shared/text";

/** An upload as stored: who sent it, where its bytes are, and (once attached) whose message it is on. */
export type StoredAttachment = {
  id: string;
  uploaderId: string;
  name: string;
  contentType: string;
  size: number;
  storageKey: string;
  thumbnailKey: string | null;
  ticketId: string | null;
  messageId: string | null;
  /** The attached ticket's shop: a shop user may download only its own shop's attachments. */
  ticketShopId: string | null;
  /** Copied from the message: internal notes' attachments are for admins only. */
  internal: boolean;
  createdAt: Date;
  attachedAt: Date | null;
};

/** Where an upload goes when a message claims it. */
export type AttachTarget = { ticketId: string; shopId: string; messageId: string; internal: boolean };

/**
 * Who may download: before it is attached, only the uploader; afterwards whoever may see the message
 * (admins every message; a shop user its own shop's public messages). Everyone else gets the same 404.
 */
export function canDownload(principal: Principal, a: StoredAttachment): boolean {
  if (a.messageId === null) return a.uploaderId === principal.userId;
  if (principal.role === "admin") return true;
  return !a.internal && principal.shopId !== null && principal.shopId === a.ticketShopId;
}

export const attachmentUrl = (id: string) => `/api/attachments/${id}`;
export const thumbnailUrl = (id: string) => `/api/attachments/${id}/thumbnail`;

/** The upload object of the contract, whitelisted field by field. */
export function attachmentView(a: StoredAttachment): AttachmentDto {
  const view: AttachmentDto = {
    id: a.id,
    name: a.name,
    contentType: a.contentType,
    size: a.size,
    url: attachmentUrl(a.id),
  };
  if (a.thumbnailKey) view.thumbnailUrl = thumbnailUrl(a.id);
  return view;
}

/**
 * A file name as a person chose it, made safe to store and to echo in a header: the last path part only,
 * no control or invisible format characters, no trailing dots or spaces (the name as it would be saved,
 * the one the extension check judged), at most `max` characters (keeping the extension). Empty becomes
 * "file".
 */
export function cleanFileName(raw: string | undefined, max = 255): string {
  const base = (raw ?? "").split(/[/\\]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  let name = withoutNameNoise(base.replace(/[\u0000-\u001f\u007f-\u009f]/g, "")).trim();
  if (name === "" || name === "." || name === "..") name = "file";
  if (name.length > max) {
    const dot = name.lastIndexOf(".");
    const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : "";
    name = cutAtCharacter(name, max - ext.length) + ext;
  }
  return name;
}
