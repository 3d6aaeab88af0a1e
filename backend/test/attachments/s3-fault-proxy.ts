import net from "node:net";
import type { AddressInfo } from "node:net";

/**
 * A TCP proxy in front of a real S3 server (s3rver) that can fail the way a bucket fails in production,
 * at the network's level: Parley's own code runs unchanged.
 * - "pass": every byte both ways.
 * - "down": the port is closed (connection refused) and open connections are dropped.
 * - "error": each request is answered with an HTTP status (a 5xx) and S3's XML error.
 * - "cut": responses are passed until `bytes` of them have gone through, then both connections drop.
 * - "stall": connections are accepted and read, and never answered (a bucket whose packets are dropped).
 */
export type FaultMode =
  | { kind: "pass" }
  | { kind: "down" }
  | { kind: "error"; status: number; code: string }
  | { kind: "cut"; bytes: number }
  | { kind: "stall" };

export async function startS3FaultProxy(target: { host: string; port: number }) {
  let mode: FaultMode = { kind: "pass" };
  let fromBucket = 0;
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    open.add(client);
    client.on("close", () => open.delete(client));
    client.on("error", () => client.destroy());
    const m = mode;
    if (m.kind === "error") return answerError(client, m.status, m.code);
    if (m.kind === "stall") return void client.resume();
    const upstream = net.connect(target.port, target.host);
    open.add(upstream);
    upstream.on("close", () => open.delete(upstream));
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    upstream.on("error", drop);
    client.on("close", drop);
    upstream.on("close", drop);
    client.pipe(upstream);
    let sent = 0;
    upstream.on("data", (chunk: Buffer) => {
      fromBucket += chunk.length;
      if (client.destroyed) return;
      if (m.kind === "cut" && sent + chunk.length > m.bytes) {
        client.write(chunk.subarray(0, Math.max(0, m.bytes - sent)), drop);
        sent = m.bytes;
        return;
      }
      sent += chunk.length;
      client.write(chunk);
    });
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  await listen(0);
  const { port } = server.address() as AddressInfo;
  const dropAll = () => {
    for (const s of open) s.destroy();
  };

  return {
    endpoint: `http://127.0.0.1:${port}`,
    /** Bytes the bucket has sent through the proxy so far. */
    bytesFromBucket: () => fromBucket,
    async set(next: FaultMode) {
      // Kept-alive connections from before the change would otherwise go on as they were.
      dropAll();
      if (next.kind === "down" && server.listening) {
        await new Promise((resolve) => server.close(resolve));
      } else if (next.kind !== "down" && !server.listening) {
        await listen(port);
      }
      mode = next;
    },
    async close() {
      dropAll();
      if (server.listening) await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Reads the request's head, then answers `status` with S3's error body and closes the connection. */
function answerError(client: net.Socket, status: number, code: string) {
  let head = "";
  const onData = (chunk: Buffer) => {
    head += chunk.toString("latin1");
    if (!head.includes("\r\n\r\n")) return;
    client.off("data", onData);
    client.resume(); // a PUT's body is read and dropped
    const body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`;
    client.end(
      `HTTP/1.1 ${status} Error\r\nContent-Type: application/xml\r\nContent-Length: ${body.length}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  };
  client.on("data", onData);
}
