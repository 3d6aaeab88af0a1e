/**
 * Parley as a real process (`node --import tsx backend/src/main.ts`, what `npm start` runs), for the tests
 * that need one: several processes on one database, a kill -9, the cluster primary, a start that must fail.
 * One definition of how such a process is started and watched (each test used to carry its own copy).
 */
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";

const ROOT = path.resolve(__dirname, "../../..");

export type ParleyProcess = {
  child: ChildProcess;
  /** Resolves with the base URL once the process logs that it listens; rejects if it exits first. */
  listening: Promise<string>;
  exited: Promise<number | null>;
  /** Everything it wrote so far, stdout and stderr together. */
  output(): string;
  alive(): boolean;
  /**
   * Resolves with the output once `ready` holds for it (e.g. two "listening on" lines from two cluster
   * workers); rejects if the process exits first.
   */
  waitFor(ready: (output: string) => boolean): Promise<string>;
};

/**
 * Starts main.ts with `env` over a minimal base (PATH, port 0, info logs): nothing of the test runner's own
 * environment leaks in, so a test states the mode, database and secret it means.
 */
export function spawnParley(env: Record<string, string | undefined>): ParleyProcess {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
  const child = spawn(process.execPath, ["--import", "tsx", "backend/src/main.ts"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", PORT: "0", LOG_LEVEL: "info", ...defined },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const waiters: Array<() => void> = [];
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const w of [...waiters]) w();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const waitFor = (ready: (output: string) => boolean) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        if (!ready(out)) return;
        waiters.splice(waiters.indexOf(check), 1);
        resolve(out);
      };
      waiters.push(check);
      check();
      void exited.then((code) =>
        reject(new Error(`Parley exited with ${code} before it was ready:\n${out}`)),
      );
    });

  const listening = waitFor((o) => /listening on (http:\/\/[^\s"]+)/.test(o)).then(
    (o) => /listening on (http:\/\/[^\s"]+)/.exec(o)![1]!,
  );
  listening.catch(() => undefined); // awaited only by callers that expect a start
  return {
    child,
    listening,
    exited,
    output: () => out,
    alive: () => child.exitCode === null && child.signalCode === null,
    waitFor,
  };
}

/** SIGTERM, then the exit code ("timeout" if it had to be killed after timeoutMs). */
export async function stopGracefully(
  p: ParleyProcess,
  timeoutMs = 20_000,
): Promise<number | null | "timeout"> {
  if (!p.alive()) return p.child.exitCode;
  p.child.kill("SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const res = await Promise.race([
    p.exited,
    new Promise<"timeout">((r) => (timer = setTimeout(() => r("timeout"), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (res === "timeout") p.child.kill("SIGKILL");
  return res;
}
