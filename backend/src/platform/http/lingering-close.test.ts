import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { lingerAfterRefusal } from "./lingering-close";

const KB = 1024;

/**
 * A server that refuses every body after its first 64 kB with 413 and `Connection: close`. `closed` is
 * when it closed the one connection, in ms after its answer went out.
 */
function refusingServer(linger: boolean, lingerMs: number) {
  let answeredAt = 0;
  let closed: (ms: number) => void = () => {};
  const closedAfterMs = new Promise<number>((resolve) => (closed = resolve));
  const server = http.createServer((req, res) => {
    res.on("finish", () => (answeredAt = Date.now()));
    let got = 0;
    req.on("data", (d: Buffer) => {
      got += d.length;
      if (got < 64 * KB || res.headersSent) return;
      req.pause();
      if (linger) lingerAfterRefusal(req, lingerMs);
      res.writeHead(413, { Connection: "close", "Content-Type": "text/plain" });
      res.end("too large");
    });
  });
  server.on("connection", (socket: net.Socket) => socket.on("close", () => closed(Date.now() - answeredAt)));
  return new Promise<{ port: number; closedAfterMs: Promise<number>; close: () => Promise<void> }>(
    (resolve) =>
      server.listen(0, "127.0.0.1", () =>
        resolve({
          port: (server.address() as AddressInfo).port,
          closedAfterMs,
          close: () => new Promise<void>((done) => server.close(() => done())),
        }),
      ),
  );
}

type Outcome = { answer: string; writeError: string | null };

/**
 * A raw client: it sends 256 kB of a declared 16 MB body, waits until it has read the whole answer and
 * the server's FIN, then (like a client still busy uploading) writes `more` bytes, and either ends or
 * trickles on (a byte every 50 ms, never ending) until its writes fail.
 */
function upload(port: number, more: number, then: "end" | "trickle"): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1", allowHalfOpen: true });
    let answer = "";
    let writeError: string | null = null;
    socket.on("error", (err: NodeJS.ErrnoException) => {
      writeError = err.code ?? err.message;
    });
    socket.on("data", (d: Buffer) => (answer += d.toString("latin1")));
    socket.on("end", () => {
      // Give a reset from the server the time to arrive before writing into it.
      setTimeout(() => {
        socket.write(Buffer.alloc(more, 0x61));
        if (then === "end") socket.end();
        else {
          const trickle = setInterval(() => socket.write("a"), 50);
          socket.on("close", () => clearInterval(trickle));
        }
      }, 50);
    });
    socket.on("close", () => resolve({ answer, writeError }));
    socket.write(
      `POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: ${16 * 1024 * KB}\r\n\r\n` + "a".repeat(256 * KB),
    );
  });
}

test("when a refused upload goes on after the answer, then the server reads and drops it, and closes when the client ends", async () => {
  const server = await refusingServer(true, 10_000);
  try {
    const out = await upload(server.port, 512 * KB, "end");
    expect(out.answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(out.answer).toContain("too large");
    expect(out.writeError).toBeNull();
    expect(await server.closedAfterMs).toBeLessThan(10_000);
  } finally {
    await server.close();
  }
});

test("when the client never stops sending after a refusal, then the server closes once the lingering time is up", async () => {
  const server = await refusingServer(true, 300);
  try {
    const out = await upload(server.port, KB, "trickle");
    expect(out.answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(out.writeError).toMatch(/EPIPE|ECONNRESET/);
    expect(await server.closedAfterMs).toBeGreaterThanOrEqual(250);
  } finally {
    await server.close();
  }
});

test("without the lingering close (Node's own), the same late write is reset: what the helper exists for", async () => {
  const server = await refusingServer(false, 0);
  try {
    const out = await upload(server.port, 512 * KB, "end");
    expect(out.answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(out.writeError).toMatch(/EPIPE|ECONNRESET/);
  } finally {
    await server.close();
  }
});
