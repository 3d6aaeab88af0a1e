import { ConflictError, InvalidTransitionError, NotFoundError } from "../../../shared/app-error";
import type { TicketStatus } from "@parley/contract";

export class TicketNotFoundError extends NotFoundError {
  constructor() {
    super("Ticket");
  }
}

export class TransitionNotAllowedError extends InvalidTransitionError {
  constructor(from: TicketStatus, to: TicketStatus) {
    super(`A ticket cannot go from ${from} to ${to} here.`);
  }
}

export class TicketClosedError extends InvalidTransitionError {
  constructor() {
    super("The ticket is closed: reopen it before writing.");
  }
}

export class StaleReplyError extends ConflictError {
  constructor(newerMessages: unknown[]) {
    super(
      `${newerMessages.length} newer message(s) arrived since expectedLastMessageId; read them and send again.`,
      [{ path: "expectedLastMessageId", message: "newer messages exist", newerMessages }],
    );
  }
}

/**
 * A second first-send of one `clientMessageId` lost a race to the unique index. Not a client error: the
 * service answers it by replaying the message that won.
 */
export class DuplicateClientMessageIdError extends Error {
  constructor() {
    super("This clientMessageId was already used by the same sender.");
    this.name = "DuplicateClientMessageIdError";
  }
}
