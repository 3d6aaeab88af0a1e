/**
 * Errors that carry a contract code. Services and domain rules throw these; only
 * platform/http/error-handler.ts turns a code into an HTTP status.
 */
import type { ErrorCode } from "@parley/contract";

export type { ErrorCode };

export type ErrorDetail = { path: string; message: string } | Record<string, unknown>;

export class AppError extends Error {
  /**
   * A warning line for the operator when the client's answer is no bug of theirs nor ours, yet something
   * needs looking at (file storage away, a file lost from it); logged (throttled) with `operatorReason`.
   */
  readonly operatorWarning?: string;
  readonly operatorReason?: unknown;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: ErrorDetail[]) {
    super("VALIDATION_FAILED", message, details);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = "A valid bearer token is required.") {
    super("UNAUTHENTICATED", message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "You are not allowed to do this.") {
    super("FORBIDDEN", message);
  }
}

export class NotFoundError extends AppError {
  constructor(what = "Resource") {
    super("NOT_FOUND", `${what} not found.`);
  }
}

export class InvalidTransitionError extends AppError {
  constructor(message: string) {
    super("INVALID_TRANSITION", message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: ErrorDetail[]) {
    super("CONFLICT", message, details);
  }
}
