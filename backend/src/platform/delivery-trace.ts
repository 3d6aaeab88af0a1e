import fs from "node:fs";

/**
 * Benchmark instrumentation (issue 17, backend/bench/writepath.ts): the monotonic time (process.hrtime,
 * ns, the same clock in every process of the machine) at which a message's transaction committed and at
 * which its `message:created` was handed to socket.io and had been written to this process's sockets.
 * Off unless DELIVERY_TRACE_FILE is set; then lines `<stage> <messageId> <ns>` are buffered and appended
 * to the file every 100 ms (never on the request's path).
 */
export type DeliveryStage = "commit" | "emit" | "written";

let buffer: string[] | null = null;

export function startDeliveryTrace(file: string): void {
  if (buffer) return;
  buffer = [];
  const flush = () => {
    if (!buffer?.length) return;
    const lines = buffer.join("");
    buffer = [];
    fs.appendFileSync(file, lines);
  };
  setInterval(flush, 100).unref();
  process.once("exit", flush);
}

export function traceDelivery(stage: DeliveryStage, messageId: string): void {
  if (buffer) buffer.push(`${stage} ${messageId} ${process.hrtime.bigint()}\n`);
}
