import { asPeerTimeout } from "./peer-timeout";
import { ackError } from "./realtime";
import express from "express";
import request from "supertest";
import { errorHandler, toAppError } from "./http/error-handler";
import type { Logger } from "./logger";

// The messages socket.io-adapter's ClusterAdapter rejects with (cluster-adapter.js) when a peer is silent.
const peerSilent = [
  new Error("timeout reached: missing 1 responses"),
  new Error("timeout reached: only 1 responses received out of 2"),
];

test("when another server process does not answer in time, then it is 503 SERVICE_UNAVAILABLE, over HTTP and in acks", () => {
  for (const err of peerSilent) {
    expect(asPeerTimeout(err)?.code).toBe("SERVICE_UNAVAILABLE");
    expect(toAppError(err).code).toBe("SERVICE_UNAVAILABLE");
    const ack = ackError(err);
    expect(ack.ok === false && ack.error.code).toBe("SERVICE_UNAVAILABLE");
  }
});

test("when any other error says 'timeout', then it is not taken for a silent peer", () => {
  for (const err of [
    new Error("timeout"),
    new Error("a timeout reached: missing 1 responses"),
    "timeout reached: missing 1 responses",
  ]) {
    expect(asPeerTimeout(err)).toBeUndefined();
  }
  expect(toAppError(new Error("boom")).code).toBe("INTERNAL");
});

test("when a silent peer and a missing database each cause a 503, then the log says which one it was", async () => {
  const lines: Array<{ message: string; meta: Record<string, unknown> }> = [];
  const logger = {
    log: (_level: string, message: string, meta: Record<string, unknown>) => lines.push({ message, meta }),
    error: () => undefined,
  } as unknown as Logger;
  const app = express();
  app.get("/peer", () => {
    throw new Error("timeout reached: missing 1 responses");
  });
  app.get("/db", () => {
    throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
  });
  app.use(errorHandler(logger));

  expect((await request(app).get("/peer")).status).toBe(503);
  expect((await request(app).get("/db")).status).toBe(503);
  expect(lines.map((l) => [l.message, l.meta.reason])).toEqual([
    ["another server process did not answer: answering 503", "timeout reached: missing 1 responses"],
    ["database unavailable: answering 503", "ECONNREFUSED"],
  ]);
});
