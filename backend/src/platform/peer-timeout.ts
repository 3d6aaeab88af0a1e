import { AppError } from "../shared/app-error";

/**
 * socket.io's cluster adapter asks every other server process (fetchSockets across processes) and gives up
 * after its timeout when one does not answer: a process that was just killed counts until its heartbeat
 * expires. That is an outage of a peer, not a bug: 503 with Retry-After, as for the database, not 500.
 */
export function asPeerTimeout(err: unknown): PeerUnavailableError | undefined {
  if (!(err instanceof Error) || !/^timeout reached: (missing \d+|only \d+) /.test(err.message))
    return undefined;
  return new PeerUnavailableError(err.message);
}

/** A 503 because another server process was silent; `reason` is the adapter's words, for the log. */
export class PeerUnavailableError extends AppError {
  constructor(readonly reason: string) {
    super("SERVICE_UNAVAILABLE", "Another server process did not answer in time. Please retry shortly.");
  }
}
