import { unknownPlaceholders, unknownPlaceholdersMessage, uuid } from "@parley/contract";
import { ValidationError } from "../../../shared/app-error";

/** A saved reply as the domain sees it. */
export type CannedResponse = {
  id: string;
  title: string;
  body: string;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
};

const cannedResponseId = uuid();

/** Saved replies have UUID ids: anything else names none (404), and never reaches the uuid column. */
export const isCannedResponseId = (id: string): boolean => cannedResponseId.safeParse(id).success;

/**
 * A saved reply may use only the placeholders the reply box can fill (the contract's list): an unknown one
 * would reach the shop as raw `{{…}}` text. 400 naming them; a title-only change of an older reply is not
 * checked, so it can still be renamed.
 */
export function assertKnownPlaceholders(body: string): void {
  const unknown = unknownPlaceholders(body);
  if (!unknown.length) return;
  const message = unknownPlaceholdersMessage(unknown);
  throw new ValidationError(message, [{ path: "body", message, placeholders: unknown }]);
}
