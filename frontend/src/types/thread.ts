import type { Attachment, Role, SenderType } from "@parley/contract";

/** A message as the thread shows it: a server copy, or a local one that is sending or failed. */
export type ThreadItem = {
  key: string;
  id: string | null;
  clientMessageId: string | null;
  body: string;
  senderType: SenderType;
  senderName: string | null;
  createdAt: string;
  internal: boolean;
  /** Files on the message (on a local copy: the uploads it is sending with). */
  attachments?: Attachment[];
  delivery: "sent" | "sending" | "failed";
  error?: string;
};

/** The side of a conversation a viewer is on. */
export type Side = Role;
