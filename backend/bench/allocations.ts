/**
 * Where a server's bytes go: V8's sampling heap profiler, driven over the inspector protocol of a server
 * started with `--inspect` (bench/server.ts `inspectPort`). Every sampled allocation counts, also what the
 * next scavenge frees (`includeObjectsCollectedBy…`): what a request allocates, not what it keeps, since
 * what it allocates is what fills the young generation and, through what survives, the old one.
 */
import WebSocket from "ws";
import { areaOf, shortUrl } from "./cpu";

type SamplingNode = {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
};

export type AllocationSummary = {
  totalBytes: number;
  /** Bytes per area and per function, largest first. */
  areas: Array<{ area: string; bytes: number }>;
  functions: Array<{ name: string; where: string; bytes: number }>;
};

/** Samples the allocations of the server whose inspector listens on `port` while `during` runs. */
export async function sampleAllocations<T>(
  port: number,
  during: () => Promise<T>,
): Promise<{ result: T; summary: AllocationSummary }> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{
    webSocketDebuggerUrl: string;
  }>;
  const ws = new WebSocket(targets[0]!.webSocketDebuggerUrl);
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  let lastId = 0;
  const waiting = new Map<number, { resolve: (result: unknown) => void; reject: (err: Error) => void }>();
  ws.on("message", (data: Buffer) => {
    const m = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message?: string } };
    const w = m.id === undefined ? undefined : waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id!);
    // An error answer (e.g. a method this Node.js lacks) fails the run instead of leaving it waiting.
    if (m.error) w.reject(new Error(`inspector: ${m.error.message ?? "error"}`));
    else w.resolve(m.result);
  });
  const call = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const id = ++lastId;
      waiting.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });
  try {
    await call("HeapProfiler.enable");
    await call("HeapProfiler.startSampling", {
      samplingInterval: 8192,
      includeObjectsCollectedByMinorGC: true,
      includeObjectsCollectedByMajorGC: true,
    });
    const result = await during();
    const { profile } = (await call("HeapProfiler.stopSampling")) as { profile: { head: SamplingNode } };
    return { result, summary: summarise(profile.head) };
  } finally {
    ws.close();
  }
}

function summarise(head: SamplingNode, top = 20): AllocationSummary {
  const areas = new Map<string, number>();
  const functions = new Map<string, { name: string; where: string; bytes: number }>();
  let totalBytes = 0;
  const visit = (node: SamplingNode) => {
    const { functionName, url, lineNumber } = node.callFrame;
    if (node.selfSize > 0) {
      totalBytes += node.selfSize;
      const area = areaOf(functionName, url);
      areas.set(area, (areas.get(area) ?? 0) + node.selfSize);
      const where = shortUrl(url, lineNumber);
      const key = `${functionName}|${where}`;
      const entry = functions.get(key) ?? { name: functionName || "(anonymous)", where, bytes: 0 };
      entry.bytes += node.selfSize;
      functions.set(key, entry);
    }
    node.children.forEach(visit);
  };
  visit(head);
  return {
    totalBytes,
    areas: [...areas]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([area, bytes]) => ({ area, bytes })),
    functions: [...functions.values()].sort((a, b) => b.bytes - a.bytes).slice(0, top),
  };
}

/** Markdown tables in kB per request. */
export function renderAllocations(s: AllocationSummary, requests: number, what: string): string {
  const kb = (bytes: number) => (bytes / requests / 1024).toFixed(1);
  const pct = (bytes: number) => `${((100 * bytes) / s.totalBytes).toFixed(1)}%`;
  return [
    `${what}: ${(s.totalBytes / 1e6).toFixed(0)} MB allocated over ${requests} requests, **${kb(s.totalBytes)} kB per request** (sampled, collected objects included).`,
    "",
    "| Area | kB per request | Share |",
    "|---|---:|---:|",
    ...s.areas.map((a) => `| ${a.area} | ${kb(a.bytes)} | ${pct(a.bytes)} |`),
    "",
    "| Function | Where | kB per request | Share |",
    "|---|---|---:|---:|",
    ...s.functions.map(
      (f) => `| \`${f.name}\` | ${f.where ? `\`${f.where}\`` : ""} | ${kb(f.bytes)} | ${pct(f.bytes)} |`,
    ),
  ].join("\n");
}
