import pg from "pg";
import { decode, encode } from "@msgpack/msgpack";
import { PostgresAdapter } from "@socket.io/postgres-adapter";
import { MessageType, type ClusterMessage, type ClusterResponse } from "socket.io-adapter";
import type { Namespace } from "socket.io";
import type { Logger } from "./logger";
import { throttledLog } from "./log-throttle";

/**
 * The socket.io PostgreSQL adapter with a listener that survives the database.
 *
 * @socket.io/postgres-adapter 0.5 checks a client out of the pool for `LISTEN` and holds it without an
 * `error` handler: a killed backend, a restart or a failover emits `error` on that client and crashes
 * the process. Its reconnection also never returns the dead client to the pool (so `pool.end()` at
 * shutdown waits forever) and can start two listeners at once (a failed `LISTEN` schedules a reconnect
 * and so does the client's `end`), which would deliver every event twice.
 *
 * This module keeps the adapter's class and wire format (JSON notifications, msgpack attachments in
 * `socket_io_attachments`, so processes running the stock adapter interoperate) and replaces its
 * pub/sub client with one that:
 * - listens on a dedicated connection (never a pool slot) with `error` and `end` handlers;
 * - has at most one live listener: notifications from any connection but the current one are dropped;
 * - reconnects with exponential backoff and jitter (first retry after ~100-200 ms, at most ~5 s apart);
 * - pings its connection so a frozen or half-open one is noticed within seconds, not at TCP's pace.
 * NOTIFY is not durable: what was published while a listener was away is not replayed. Clients catch up
 * over HTTP (`GET /api/tickets/:id/messages?after=`), which is the source of truth (docs/realtime.md).
 */
export type ListenerOptions = {
  connection: pg.ClientConfig;
  logger: Logger;
  channelPrefix?: string;
  tableName?: string;
  payloadThreshold?: number;
  cleanupIntervalMs?: number;
  backoff?: { initialMs: number; maxMs: number };
  pingIntervalMs?: number;
  heartbeatInterval?: number;
  heartbeatTimeout?: number;
  /**
   * How long after the last word from another process (its heartbeats come every heartbeatInterval) this
   * one still publishes its broadcasts. Past it, while listening, a broadcast goes to this process's own
   * sockets only (see `publish`). Longer than the adapter's heartbeatTimeout, so a peer the adapter still
   * counts is always published to.
   */
  peerGraceMs?: number;
  /**
   * Called once listening again after a loss, if another process has ever been heard: what the others
   * published meanwhile never reached this one (NOTIFY is not durable), so its clients must catch up
   * (realtime.ts closes their transports).
   */
  onListeningAgain?: () => void;
};

export type ListenerState = {
  listening: boolean;
  /** Broadcasts not published because no other process had been heard within peerGraceMs. */
  keptLocal: number;
  /** Times the listening connection was lost. */
  losses: number;
  /** Successful re-establishments after a loss. */
  reconnects: number;
  lastLossAt: Date | null;
};

/** NOTIFYs per statement at most. */
const NOTIFY_BATCH = 100;

type Envelope = { uid?: string; nsp?: string; type?: number; attachmentId?: string };

class ResilientPubSub {
  private readonly channels = new Set<string>();
  private current: pg.Client | undefined;
  private listening = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private readonly cleanupTimer: NodeJS.Timeout;
  private failures = 0;
  private closed = false;
  private lostAt: number | null = null;
  /** NOTIFYs waiting for the next batch, and whether a batch is being sent (see `notify`). */
  private outgoing: Array<{ channel: string; payload: string; sent: () => void }> = [];
  private sending = false;
  /** The tail of the publishes waiting for their place in `outgoing`, one after another (see `publish`). */
  private queueing: Promise<void> = Promise.resolve();
  /** Publishes not yet sent (or failed), for `drain`. */
  private readonly unsent = new Set<Promise<void>>();
  /** The tail of the deliveries of received notifications, one after another (see `connect`). */
  private delivering: Promise<void> = Promise.resolve();
  /** When another process was last heard (null: never), and when this one last began listening (see `publish`). */
  private peerHeardAt: number | null = null;
  private listeningSince = 0;
  readonly state: ListenerState = {
    listening: false,
    keptLocal: 0,
    losses: 0,
    reconnects: 0,
    lastLossAt: null,
  };
  private readonly warnPublish: (meta?: Record<string, unknown>) => void;
  private readonly warnRetry: (meta?: Record<string, unknown>) => void;

  constructor(
    private readonly pool: pg.Pool,
    private readonly opts: Required<
      Omit<ListenerOptions, "heartbeatInterval" | "heartbeatTimeout" | "onListeningAgain">
    > &
      Pick<ListenerOptions, "onListeningAgain">,
    private readonly isFromSelf: (msg: Envelope) => boolean,
    private readonly onMessage: (msg: ClusterMessage) => void,
  ) {
    this.warnPublish = throttledLog(opts.logger, "warn", "socket.io adapter: publish failed");
    this.warnRetry = throttledLog(opts.logger, "warn", "socket.io adapter: listener reconnect failed");
    this.cleanupTimer = setInterval(() => {
      pool
        .query(
          `DELETE FROM ${opts.tableName} WHERE created_at < now() - interval '${opts.cleanupIntervalMs} milliseconds'`,
        )
        .catch((err: Error) => this.warnPublish({ error: err.message, during: "attachment cleanup" }));
    }, opts.cleanupIntervalMs);
    this.cleanupTimer.unref();
  }

  addNamespace(namespace: string): void {
    const channel = `${this.opts.channelPrefix}#${namespace}`;
    if (this.channels.has(channel)) return;
    this.channels.add(channel);
    const client = this.current;
    if (client && this.listening) {
      client.query(`LISTEN "${channel}"`).catch((err: Error) => this.lost(client, err));
    } else if (!client && !this.retryTimer) {
      void this.connect();
    }
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client(this.opts.connection);
    this.current = client;
    this.listening = false;
    // Registered before connect(): an error at any moment from here on is handled, never thrown.
    client.on("error", (err) => this.lost(client, err));
    client.on("end", () => this.lost(client));
    client.on("notification", (n) => {
      if (client !== this.current) return;
      // In arrival order: a payload of 8 kB or more is first read back from the attachments table, and
      // the small events published after it must not overtake it (a thread's messages would arrive out
      // of order). A failed delivery is logged and the chain goes on: a rejected tail would drop every
      // later notification.
      this.delivering = this.delivering
        .then(() => this.deliver(n.payload))
        .catch((err: Error) => this.warnPublish({ error: err.message, during: "receive" }));
    });
    try {
      await client.connect();
      for (const channel of this.channels) await client.query(`LISTEN "${channel}"`);
    } catch (err) {
      this.lost(client, err as Error);
      return;
    }
    if (client !== this.current) {
      // Closed, or lost and replaced, while connecting: this connection must not stay open.
      client.removeAllListeners("notification");
      client.end().catch(() => undefined);
      return;
    }
    this.listening = true;
    this.state.listening = true;
    this.listeningSince = Date.now();
    this.failures = 0;
    if (this.lostAt !== null) {
      this.state.reconnects += 1;
      this.opts.logger.info("socket.io adapter: listening again", {
        downMs: Date.now() - this.lostAt,
        reconnects: this.state.reconnects,
      });
      this.lostAt = null;
      // Alone, this process delivered its own events locally while not listening: its clients missed nothing.
      try {
        if (this.peerHeardAt !== null) this.opts.onListeningAgain?.();
      } catch (err) {
        this.warnPublish({ error: (err as Error).message, during: "listening again" });
      }
    }
    this.schedulePing(client);
  }

  private schedulePing(client: pg.Client): void {
    clearTimeout(this.pingTimer);
    this.pingTimer = setTimeout(() => {
      if (client !== this.current) return;
      client
        .query({
          // The ping repeats a LISTEN (a no-op on a channel already listened to), so pg_stat_activity
          // keeps showing this session's query as LISTEN … and operators can find it by that.
          text: this.channels.size > 0 ? `LISTEN "${[...this.channels][0]}"` : "SELECT 1",
          query_timeout: Math.max(1000, this.opts.pingIntervalMs),
        } as pg.QueryConfig)
        .then(() => this.schedulePing(client))
        .catch((err: Error) => this.lost(client, err));
    }, this.opts.pingIntervalMs);
    this.pingTimer.unref();
  }

  /** The listening connection is gone (or never came up): drop it and try again after a backoff. */
  private lost(client: pg.Client, err?: Error): void {
    if (client !== this.current) return; // an old connection's late events: already handled
    this.current = undefined;
    if (this.listening || this.lostAt === null) {
      this.state.losses += 1;
      this.state.lastLossAt = new Date();
      this.lostAt ??= Date.now();
      if (!this.closed) {
        this.opts.logger.warn("socket.io adapter: listening connection lost, reconnecting", {
          error: err?.message ?? "connection ended",
        });
      }
    } else if (err) {
      this.warnRetry({ error: err.message, attempt: this.failures });
    }
    this.listening = false;
    this.state.listening = false;
    clearTimeout(this.pingTimer);
    client.removeAllListeners("notification");
    client.end().catch(() => undefined);
    if (this.closed) return;
    const { initialMs, maxMs } = this.opts.backoff;
    const base = Math.min(maxMs, initialMs * 2 ** this.failures);
    this.failures += 1;
    const delay = Math.round(base * (0.5 + Math.random() / 2));
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delay);
  }

  /** Hands one notification to its namespace's adapter; a failure is logged and that notification dropped. */
  private async deliver(payload: string | undefined): Promise<void> {
    if (!payload) return;
    try {
      const envelope = JSON.parse(payload) as Envelope;
      if (this.isFromSelf(envelope)) return;
      this.peerHeardAt = Date.now();
      if (envelope.attachmentId) {
        const result = await this.pool.query<{ payload: Buffer }>(
          `SELECT payload FROM ${this.opts.tableName} WHERE id = $1`,
          [envelope.attachmentId],
        );
        const row = result.rows[0];
        if (row) this.onMessage(decode(row.payload) as ClusterMessage);
      } else {
        this.onMessage(envelope as unknown as ClusterMessage);
      }
    } catch (err) {
      this.warnPublish({ error: (err as Error).message, during: "receive" });
    }
  }

  /**
   * NOTIFYs go out in batches: what is published while the previous batch is on its way (a message post
   * emits three events at once, concurrent posts more) is one statement, `SELECT pg_notify($1, $2),
   * pg_notify($3, $4), …`, one round trip instead of one each. Three of a post's nine round trips were
   * NOTIFYs (docs/benchmarks.md). One statement's notifications are delivered in order, and batches go one
   * after another. PostgreSQL folds identical (channel, payload) pairs of one transaction into one, so a
   * batch ends before a pair it already carries (that one goes in the next).
   */
  private notify(channel: string, payload: string): Promise<void> {
    return new Promise((resolve) => {
      this.outgoing.push({ channel, payload, sent: resolve });
      if (!this.sending) void this.sendBatches();
    });
  }

  private async sendBatches(): Promise<void> {
    this.sending = true;
    // The rest of this tick's publishes join the first batch.
    await new Promise((r) => setImmediate(r));
    while (this.outgoing.length > 0) {
      const seen = new Set<string>();
      let size = 0;
      for (const n of this.outgoing) {
        const key = `${n.channel}\u0000${n.payload}`;
        if (size === NOTIFY_BATCH || seen.has(key)) break;
        seen.add(key);
        size += 1;
      }
      const batch = this.outgoing.splice(0, size);
      const calls = batch.map((_, i) => `pg_notify($${2 * i + 1}, $${2 * i + 2})`);
      try {
        await this.pool.query(
          `SELECT ${calls.join(", ")}`,
          batch.flatMap((n) => [n.channel, n.payload]),
        );
      } catch (err) {
        this.warnPublish({ error: (err as Error).message, notifications: batch.length });
      }
      for (const n of batch) n.sent();
    }
    this.sending = false;
  }

  async publish(message: ClusterMessage | ClusterResponse): Promise<void> {
    const sending = this.send(message);
    this.unsent.add(sending);
    try {
      await sending;
    } finally {
      this.unsent.delete(sending);
    }
  }

  /**
   * Resolves once everything published so far has gone out or failed. A closing server waits for it
   * before it ends the pool: the adapter's goodbye (ADAPTER_CLOSE) is published as it closes, and without
   * it the other processes count this one as alive until its heartbeats time out.
   */
  async drain(): Promise<void> {
    while (this.unsent.size > 0) await Promise.allSettled([...this.unsent]);
  }

  private async send(message: ClusterMessage | ClusterResponse): Promise<void> {
    // Alone, a broadcast's NOTIFY reaches nobody but this process's own listener, which drops it; yet the
    // adapter delivers to the local sockets only after the NOTIFY's round trip (socket.io-adapter's
    // ClusterAdapter.broadcast awaits the publish). So a process that has heard no other for peerGraceMs
    // keeps its broadcasts local. It knows only while listening: a peer's heartbeats reach it within
    // heartbeatInterval, and the start and every (re)listen count as having heard one. A process that
    // starts later announces itself (INITIAL_HEARTBEAT) before it serves, and is published to from then on.
    // Heartbeats and every other message type are always published.
    if (
      message.type === MessageType.BROADCAST &&
      this.listening &&
      Date.now() - Math.max(this.listeningSince, this.peerHeardAt ?? 0) > this.opts.peerGraceMs
    ) {
      this.state.keptLocal += 1;
      return;
    }
    const channel = `${this.opts.channelPrefix}#${message.nsp}`;
    const payload = this.notificationPayload(message);
    // Handled below, maybe only after it settles (it waits its turn): not an unhandled rejection meanwhile.
    void payload.catch(() => undefined);
    // NOTIFYs are queued in publish order. A large message's header waits for its INSERT, and whatever is
    // published meanwhile waits behind it: otherwise a short message posted next overtakes it and every
    // other process hears the thread out of order. Only the queueing waits; batches still form as before.
    const queued = this.queueing.then(async () => ({ sent: this.notify(channel, await payload) }));
    // A failed publish does not hold up the ones behind it.
    this.queueing = queued.then(
      () => undefined,
      () => undefined,
    );
    try {
      const { sent } = await queued;
      await sent;
    } catch (err) {
      // The adapter's heartbeats publish every couple of seconds: one line per interval during an outage.
      this.warnPublish({ error: (err as Error).message });
    }
  }

  /**
   * What the NOTIFY carries: the message as JSON, or, when it has binary parts or is too large for NOTIFY,
   * a header naming the row of the attachments table it was stored in.
   */
  private async notificationPayload(message: ClusterMessage | ClusterResponse): Promise<string> {
    const payload = JSON.stringify(message);
    const binaryCapable = [
      MessageType.BROADCAST,
      MessageType.BROADCAST_ACK,
      MessageType.SERVER_SIDE_EMIT,
      MessageType.SERVER_SIDE_EMIT_RESPONSE,
    ].includes(message.type);
    if (!(binaryCapable && hasBinary(message)) && Buffer.byteLength(payload) <= this.opts.payloadThreshold) {
      return payload;
    }
    const result = await this.pool.query<{ id: string }>(
      `INSERT INTO ${this.opts.tableName} (payload) VALUES ($1) RETURNING id`,
      [Buffer.from(encode(message))],
    );
    return JSON.stringify({ uid: message.uid, type: message.type, attachmentId: result.rows[0]!.id });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.pingTimer);
    clearInterval(this.cleanupTimer);
    const client = this.current;
    this.current = undefined;
    if (client) {
      client.removeAllListeners("notification");
      client.end().catch(() => undefined);
    }
  }
}

function hasBinary(obj: unknown): boolean {
  if (!obj || typeof obj !== "object") return false;
  if (obj instanceof ArrayBuffer || ArrayBuffer.isView(obj)) return true;
  if (Array.isArray(obj)) return obj.some(hasBinary);
  return Object.values(obj as Record<string, unknown>).some(hasBinary);
}

type AdapterClient = ConstructorParameters<typeof PostgresAdapter>[2];

/** A drop-in for `createAdapter(pool, opts)` whose listener survives database faults. */
export function createResilientAdapter(pool: pg.Pool, options: ListenerOptions) {
  const namespaces = new Map<string, PostgresAdapter>();
  const peerGone = new Set<() => void>();
  const { heartbeatInterval, heartbeatTimeout, onListeningAgain, ...rest } = options;
  const pubsub = new ResilientPubSub(
    pool,
    {
      channelPrefix: "socket.io",
      tableName: "socket_io_attachments",
      // PostgreSQL refuses a payload of 8,000 bytes or more, and a refused one would fail its whole batch.
      payloadThreshold: 7999,
      cleanupIntervalMs: 30_000,
      backoff: { initialMs: 200, maxMs: 5000 },
      pingIntervalMs: 5000,
      peerGraceMs: 30_000,
      ...rest,
      onListeningAgain,
    },
    (msg) =>
      !!msg.nsp && (namespaces.get(msg.nsp) as unknown as { uid: string } | undefined)?.uid === msg.uid,
    (msg) => {
      const adapter = namespaces.get(msg.nsp);
      if (!adapter) return;
      // A broadcast to a process with no sockets in the namespace reaches nobody, yet the adapter would
      // encode its packet first. The background process (WORKER_PROCESS) has no sockets and hears every
      // event of every post (docs/benchmarks.md, session 14). Its sender's liveness comes from heartbeats,
      // which the adapter sends whatever it broadcasts; a broadcast waiting for acknowledgements is answered.
      if (
        msg.type === MessageType.BROADCAST &&
        msg.data.requestId === undefined &&
        (adapter.nsp as Namespace).sockets.size === 0
      )
        return;
      (adapter as unknown as { onMessage(m: ClusterMessage): void }).onMessage(msg);
    },
  );
  // socket.io calls the factory with `new`: a plain function that returns the adapter (not an arrow).
  const factory = function (nsp: Namespace) {
    const heartbeat = Object.fromEntries(
      Object.entries({ heartbeatInterval, heartbeatTimeout }).filter(([, v]) => v !== undefined),
    );
    const adapter = new PostgresAdapter(nsp, heartbeat, pubsub as unknown as AdapterClient);
    namespaces.set(nsp.name, adapter);
    // The adapter forgets a peer whose heartbeats stopped (a killed process) or that said goodbye, and
    // tells nobody: the sockets that died with it never disconnect here, so state derived from them
    // (who is viewing a ticket) must be recounted. removeNode is the one place both paths go through.
    const withNodes = adapter as unknown as { removeNode?: (uid: string) => void };
    const removeNode = withNodes.removeNode?.bind(adapter);
    if (removeNode) {
      withNodes.removeNode = (uid) => {
        removeNode(uid);
        for (const listener of peerGone) listener();
      };
    }
    pubsub.addNamespace(nsp.name);
    const defaultClose = adapter.close.bind(adapter);
    adapter.close = () => {
      namespaces.delete(nsp.name);
      if (namespaces.size === 0) pubsub.close();
      return defaultClose();
    };
    return adapter;
  };
  return {
    factory,
    state: pubsub.state,
    drain: () => pubsub.drain(),
    /** `listener` runs each time another process is forgotten (its heartbeats stopped, or it closed). */
    onPeerGone: (listener: () => void) => void peerGone.add(listener),
  };
}
