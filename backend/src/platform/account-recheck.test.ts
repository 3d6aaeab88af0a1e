import { startAccountRecheck, type RecheckedSocket } from "./account-recheck";
import type { Logger } from "./logger";

type FakeSocket = RecheckedSocket & { connected: boolean; closedBy: string[] };

function socketOf(userId: string): FakeSocket {
  const socket: FakeSocket = {
    connected: true,
    closedBy: [],
    data: { principal: { userId } },
    disconnect(close: boolean) {
      socket.closedBy.push(close ? "server, transport closed" : "server");
      socket.connected = false;
    },
  };
  return socket;
}

function logSink() {
  const lines: Array<{ level: string; message: string }> = [];
  const logger = {
    log: (level: string, message: string) => lines.push({ level, message }),
    info: (message: string) => lines.push({ level: "info", message }),
  } as unknown as Logger;
  return { lines, logger };
}

/** An hour: these tests call sweep() themselves; the timer must not run meanwhile. */
const NEVER = 3_600_000;

test("when some accounts are deactivated, then one query covers every signed-in socket and only theirs are disconnected", async () => {
  const sockets = [socketOf("ada"), socketOf("bo"), socketOf("ada"), socketOf("cy")];
  const asked: string[][] = [];
  const { logger } = logSink();
  const recheck = startAccountRecheck({
    intervalMs: NEVER,
    signedIn: () => sockets,
    deactivatedAmong: (ids) => {
      asked.push([...ids]);
      return Promise.resolve(["ada"]);
    },
    logger,
  });
  expect(await recheck.sweep()).toBe(2);
  await recheck.stop();
  expect(asked).toEqual([["ada", "bo", "cy"]]);
  expect(sockets.map((s) => s.closedBy.length)).toEqual([1, 0, 1, 0]);
});

test("when the database is away, then no socket is disconnected and the failure is logged once, not per sweep", async () => {
  const sockets = [socketOf("ada")];
  const { lines, logger } = logSink();
  const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
  const recheck = startAccountRecheck({
    intervalMs: NEVER,
    signedIn: () => sockets,
    deactivatedAmong: () => Promise.reject(refused),
    logger,
  });
  for (let i = 0; i < 3; i++) expect(await recheck.sweep()).toBe(0);
  await recheck.stop();
  expect(sockets[0]!.closedBy).toEqual([]);
  expect(lines).toEqual([
    { level: "warn", message: "socket account re-check skipped: database unavailable" },
  ]);
});

test("when no socket signed in with an account, then the database is not asked", async () => {
  const { logger } = logSink();
  let queries = 0;
  const recheck = startAccountRecheck({
    intervalMs: NEVER,
    signedIn: () => [],
    deactivatedAmong: () => {
      queries += 1;
      return Promise.resolve([]);
    },
    logger,
  });
  expect(await recheck.sweep()).toBe(0);
  await recheck.stop();
  expect(queries).toBe(0);
});

test("when stopped, then the timer runs no more sweeps", async () => {
  const { logger } = logSink();
  let queries = 0;
  let firstQuery: () => void = () => undefined;
  const queried = new Promise<void>((resolve) => (firstQuery = resolve));
  const recheck = startAccountRecheck({
    intervalMs: 5,
    signedIn: () => [socketOf("ada")],
    deactivatedAmong: () => {
      queries += 1;
      firstQuery();
      return Promise.resolve([]);
    },
    logger,
  });
  await queried;
  await recheck.stop();
  const atStop = queries;
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(queries).toBe(atStop);
});
