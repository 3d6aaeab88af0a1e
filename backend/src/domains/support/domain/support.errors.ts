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

/**
 * A merged ticket lives on in its target: reopening it would take messages the merge can never move
 * again, and triaging it (priority, assignee) would be work nobody sees, so its status, priority and
 * assignee are frozen (a 409 like any other refused transition).
 */
export class TicketMergedError extends InvalidTransitionError {
  constructor() {
    super(
      "The ticket was merged into another one: its status, priority and assignee no longer change; work on the target.",
    );
  }
}

export class TicketClosedError extends InvalidTransitionError {
  constructor(merged: boolean) {
    // A merged ticket cannot be reopened (TicketMergedError): its conversation goes on in the target.
    super(
      merged
        ? "The ticket was merged into another one: write on the target ticket."
        : "The ticket is closed: reopen it before writing.",
    );
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
