/**
 * Where the CPU goes: the server's CPU time per request and the load generator's share of the machine
 * during a scenario, and a summary of a V8 CPU profile (`node --cpu-prof`) as top-N tables.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type CpuSample = {
  /** Server CPU milliseconds per completed request. */
  serverMsPerRequest: number;
  /** Share of the machine's CPU (all cores) the server used during the scenario. */
  serverShare: number;
  /** Share of the machine's CPU the benchmark process itself (autocannon, socket clients) used. */
  loadGeneratorShare: number;
  /** PostgreSQL's CPU milliseconds per completed request (every local `postgres` process: NaN if none). */
  databaseMsPerRequest: number;
  /** Share of the machine's CPU PostgreSQL used during the scenario. */
  databaseShare: number;
};

/** A process's name and the fields of /proc/<pid>/stat after "pid (comm) "; null once it has ended. */
function procStat(pid: number | string): { comm: string; fields: string[] } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = stat.lastIndexOf(")");
    return { comm: stat.slice(stat.indexOf("(") + 1, close), fields: stat.slice(close + 2).split(" ") };
  } catch {
    return null;
  }
}
const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
export function cpuSecondsOf(pid: number): number {
  const stat = procStat(pid);
  // utime and stime are fields 14 and 15 (1-based) of the whole line: 12 and 13 after "pid (comm) ".
  return stat ? (Number(stat.fields[11]) + Number(stat.fields[12])) / CLOCK_TICKS : 0;
}

/**
 * CPU seconds used so far by every process named `postgres` on this machine (the benchmark's cluster
 * is local), from /proc; NaN when there is none (a remote database).
 */
export function postgresCpuSeconds(): number {
  let total = 0;
  let found = false;
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = procStat(pid);
    if (stat?.comm !== "postgres") continue;
    // utime, stime and the waited-for children's cutime, cstime: a backend that ended during the run
    // (a closed connection) still counts through the postmaster.
    total += stat.fields.slice(11, 15).reduce((sum, f) => sum + Number(f), 0) / CLOCK_TICKS;
    found = true;
  }
  return found ? total : NaN;
}

/** A CPU measurement under way: `stop(requests)` gives the CPU used since it started. */
export type CpuWindow = { stop(requests: number): CpuSample };

/**
 * Starts measuring now; `stop(requests)` gives the CPU used since, per request and as shares of the
 * machine. For a window that is not one awaited call (the delivery's measured posts, after its warm-up).
 */
export function cpuWindow(serverCpuSeconds: () => number): CpuWindow {
  const cores = os.cpus().length;
  const server0 = serverCpuSeconds();
  const self0 = process.cpuUsage();
  const database0 = postgresCpuSeconds();
  const t0 = performance.now();
  return {
    stop(requests) {
      const wall = (performance.now() - t0) / 1000;
      const self = process.cpuUsage(self0);
      const serverSeconds = serverCpuSeconds() - server0;
      const databaseSeconds = postgresCpuSeconds() - database0;
      return {
        serverMsPerRequest: requests > 0 ? (serverSeconds * 1000) / requests : NaN,
        serverShare: serverSeconds / (wall * cores),
        loadGeneratorShare: (self.user + self.system) / 1e6 / (wall * cores),
        databaseMsPerRequest: requests > 0 ? (databaseSeconds * 1000) / requests : NaN,
        databaseShare: databaseSeconds / (wall * cores),
      };
    },
  };
}

/** Measures around `run`, which returns how many requests completed. */
export async function withCpu<T extends { count: number }>(
  serverCpuSeconds: () => number,
  run: () => Promise<T>,
): Promise<{ result: T; cpu: CpuSample }> {
  const window = cpuWindow(serverCpuSeconds);
  const result = await run();
  return { result, cpu: window.stop(result.count) };
}

export type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
export type Profile = {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
};

export type ProfileSummary = {
  totalMs: number;
  /** Self time per function, largest first. */
  functions: Array<{ name: string; where: string; ms: number; share: number }>;
  /** Self time per area: an npm package, a folder of our code, or V8's own buckets. */
  areas: Array<{ area: string; ms: number; share: number }>;
};

/**
 * Reads the largest .cpuprofile in `dir` and sums self time per function and per area, over the last
 * `lastMs` of the profile only (the load, not the server's start-up).
 */
export function summariseProfile(dir: string, lastMs: number, top = 15): ProfileSummary | null {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => path.join(dir, f))
    .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
  if (files.length === 0) return null;
  const profile = JSON.parse(fs.readFileSync(files[0]!, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = selfTimes(profile, lastMs);

  const fnMs = new Map<string, { name: string; where: string; ms: number }>();
  const areaMs = new Map<string, number>();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)") continue; // waiting, not working
    totalUs += us;
    const where = shortUrl(url, lineNumber);
    const key = `${functionName}|${where}`;
    const entry = fnMs.get(key) ?? { name: functionName || "(anonymous)", where, ms: 0 };
    entry.ms += us / 1000;
    fnMs.set(key, entry);
    const area = areaOf(functionName, url);
    areaMs.set(area, (areaMs.get(area) ?? 0) + us / 1000);
  }
  const totalMs = totalUs / 1000;
  return {
    totalMs,
    functions: [...fnMs.values()]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top)
      .map((f) => ({ ...f, share: f.ms / totalMs })),
    areas: [...areaMs]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([area, ms]) => ({ area, ms, share: ms / totalMs })),
  };
}

/** Microseconds of self time per node id, over the last `lastMs` of the profile only. */
export function selfTimes(profile: Profile, lastMs: number): Map<number, number> {
  const selfUs = new Map<number, number>();
  const from = profile.endTime - lastMs * 1000;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at >= from) selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  return selfUs;
}

/** A frame's file (relative to node_modules or the build) and line. */
export function shortUrl(url: string, line: number): string {
  if (!url) return "";
  const nm = url.lastIndexOf("node_modules/");
  const rel = nm >= 0 ? url.slice(nm + "node_modules/".length) : url.replace(/^.*\/backend\/dist\//, "");
  return `${rel.replace(/^file:\/\//, "")}:${line + 1}`;
}

/** The package, the folder of Parley's code, or V8's bucket a frame belongs to. */
export function areaOf(functionName: string, url: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(node internals, native)";
  if (url.startsWith("node:")) return `node:${url.slice(5).split("/")[0]}`;
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const parts = url.slice(nm + "node_modules/".length).split("/");
    return parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const ours = /backend\/(?:dist\/backend\/)?src\/(.*)\/[^/]+$/.exec(url);
  return ours ? `parley: ${ours[1]}` : url;
}

export function renderProfile(p: ProfileSummary, what: string): string {
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  return [
    `${what}: ${p.totalMs.toFixed(0)} ms sampled (idle excluded; V8 samples on a clock, so a wait for a core inside a system call counts too), self time.`,
    "",
    "| Area | Self time (ms) | Share |",
    "|---|---:|---:|",
    ...p.areas.map((a) => `| ${a.area} | ${a.ms.toFixed(0)} | ${pct(a.share)} |`),
    "",
    "| Function | Where | Self time (ms) | Share |",
    "|---|---|---:|---:|",
    ...p.functions.map(
      (f) => `| \`${f.name}\` | ${f.where ? `\`${f.where}\`` : ""} | ${f.ms.toFixed(0)} | ${pct(f.share)} |`,
    ),
  ].join("\n");
}
