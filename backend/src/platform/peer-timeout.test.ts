import { asPeerTimeout } from "./peer-timeout";
import { ackError } from "./realtime";
import { toAppError } from "./http/error-handler";

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
