/**
 * `npx tsx backend/bench/fanout.ts [--sockets=20,100,500] [--rate=400] [--seconds=5] [--per-post=1]`
 *
 * What one room broadcast costs the sending process per socket in the room: socket.io alone, with the
 * server's transport settings (WebSocket only, no compression) and an event the size of a
 * `message:created`. The clients run in a child process, so this process's CPU is the sender's only.
 * Explains how the server's CPU per post grows with the admins online (each post is two or three events
 * to every admin socket; docs/benchmarks.md, "Session 22").
 */
import { fork } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { io as connect, type Socket } from "socket.io-client";

const flag = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? undefined;

/** A `message:created` payload of the benchmark's size. */
const EVENT = {
  id: "2b7e1c3a-1111-4222-8333-444455556666",
  ticketId: "0f9d5c2e-aaaa-4bbb-8ccc-ddddeeeeffff",
  senderType: "admin",
  senderId: "bench-admin-50",
  senderName: "Admin 50",
  body: "Update on your ticket, reference 1234. We are checking this for you now.",
  internal: false,
  attachments: [],
  clientMessageId: "bench-1a2b3c4d-1234",
  createdAt: "2026-12-04T07:00:00.000Z",
  readAt: null,
};

async function client(origin: string, n: number): Promise<void> {
  const sockets: Socket[] = [];
  let received = 0;
  for (let i = 0; i < n; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, n - i) }, () => {
        const s = connect(origin, { transports: ["websocket"], forceNew: true });
        s.on("message:created", () => received++);
        sockets.push(s);
        return new Promise<void>((resolve) => s.once("connect", () => resolve()));
      }),
    );
  }
  process.send!({ connected: n });
  process.on("message", (m: { done?: boolean }) => {
    if (!m.done) return;
    process.send!({ received });
    for (const s of sockets) s.close();
    setTimeout(() => process.exit(0), 200);
  });
}

async function measure(sockets: number, rate: number, seconds: number, perPost: number) {
  const httpServer = http.createServer();
  const io = new Server(httpServer, { transports: ["websocket"], perMessageDeflate: false });
  io.on("connection", (s) => void s.join("admins"));
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  const child = fork(__filename, ["--client", origin, String(sockets)], { execArgv: process.execArgv });
  const next = () =>
    new Promise<{ connected?: number; received?: number }>((resolve) => child.once("message", resolve));
  await next(); // every client connected

  const broadcasts = rate * seconds;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < broadcasts; i++) {
    const wait = t0 + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    // A post's events to the admins (message:created, ticket:updated, …), back to back.
    for (let k = 0; k < perPost; k++) {
      io.to("admins").emit("message:created", { ...EVENT, clientMessageId: `bench-${i}-${k}` });
    }
  }
  // Let the writes drain before stopping the clock (their callbacks are part of the cost).
  await new Promise((r) => setTimeout(r, 200));
  const used = process.cpuUsage(cpu0);
  const done = next();
  child.send({ done: true });
  const { received } = await done;
  await io.close();
  const cpuMs = (used.user + used.system) / 1000;
  return {
    broadcasts,
    received: received ?? 0,
    perBroadcastMs: cpuMs / broadcasts,
    perSocketEventUs: (cpuMs * 1000) / (broadcasts * perPost * sockets),
    systemShare: used.system / (used.user + used.system),
  };
}

async function main() {
  const counts = (flag("sockets") ?? "20,100,500").split(",").map(Number);
  const rate = Number(flag("rate") ?? 400);
  const seconds = Number(flag("seconds") ?? 5);
  const perPost = Number(flag("per-post") ?? 1);
  console.log(
    `| Sockets in the room | Broadcasts (${perPost} event(s) each) | Events received | Sender CPU per broadcast (ms) | Per socket and event (µs) | Kernel share |`,
  );
  console.log(`|---:|---:|---:|---:|---:|---:|`);
  for (const n of counts) {
    const r = await measure(n, rate, seconds, perPost);
    console.log(
      `| ${n} | ${r.broadcasts} at ${rate}/s | ${r.received} | ${r.perBroadcastMs.toFixed(3)} | ${r.perSocketEventUs.toFixed(1)} | ${(100 * r.systemShare).toFixed(0)}% |`,
    );
  }
}

if (process.argv[2] === "--client") void client(process.argv[3]!, Number(process.argv[4]));
else void main();
