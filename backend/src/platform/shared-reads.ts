/**
 * Identical reads that overlap share one query, and every caller still gets data read after it asked.
 *
 * A read of a key waits one turn of the event loop before it runs (setImmediate), so the requests that
 * arrived together join it. A caller that finds its key already running does not join that read (its
 * snapshot may predate a write the caller has already seen committed, in this process or another): it
 * waits for the next one, which gathers as soon as the running one ends and serves everyone who arrived
 * meanwhile. So read-your-writes holds without any invalidation (each query starts after each of its
 * callers arrived), and N identical requests arriving together cost one or two queries, not N.
 *
 * When it helps: several admins loading the same view at once (a shift starting, every client reloading
 * after a deploy), and one admin's concurrent requests checking the same account. Admins on different
 * views share nothing and pay one extra turn of the event loop (measured: no difference;
 * docs/benchmarks.md, session 16).
 *
 * Callers of one key share one result object: treat it as read-only.
 */
export class SharedReads<T> {
  private readonly flights = new Map<string, Flight<T>>();

  read(key: string, run: () => Promise<T>): Promise<T> {
    const flight = this.flights.get(key);
    if (!flight) return this.gather(key, run);
    if (!flight.started) return flight.result;
    // The first waiter's `run` serves all: a key names everything the result depends on.
    flight.next ??= flight.result.then(noop, noop).then(() => this.gather(key, run));
    return flight.next;
  }

  /** Keys with a read gathering or running (for tests). */
  get size(): number {
    return this.flights.size;
  }

  private gather(key: string, run: () => Promise<T>): Promise<T> {
    const flight: Flight<T> = { started: false, result: null!, next: null };
    flight.result = new Promise<T>((resolve, reject) =>
      setImmediate(() => {
        flight.started = true;
        invoke(run).then(resolve, reject);
      }),
    );
    this.flights.set(key, flight);
    // Once it ends, the key is free again unless callers queued behind it: their read replaces it.
    void flight.result.then(noop, noop).then(() => {
      if (this.flights.get(key) === flight && flight.next === null) this.flights.delete(key);
    });
    return flight.result;
  }
}

type Flight<T> = {
  /** false while gathering: callers arriving now join this read. */
  started: boolean;
  result: Promise<T>;
  /** The read of the callers that arrived while this one ran. */
  next: Promise<T> | null;
};

const noop = () => {};

/** `run()`, with a synchronous throw turned into a rejection so that the flight's bookkeeping holds. */
function invoke<T>(run: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve) => resolve(run()));
}
